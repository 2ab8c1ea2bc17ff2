// The source rules on referrer and landing URLs shaped as the engines send them today (and as
// older GBK Baidu links did), campaign parameters, and hostile input: no keyword, never garbage.
#include "core/analysis/lexicon_loader.hpp"
#include "core/device_info.hpp"
#include "core/utf8.hpp"
#include "core/visit_source.hpp"

#include <gtest/gtest.h>

namespace lingting {
namespace {

// 一侧输卵管能怀孕吗 in UTF-8 and GBK; 男科医院哪家好 and 试管婴儿 likewise.
constexpr const char* yice_utf8 = "%E4%B8%80%E4%BE%A7%E8%BE%93%E5%8D%B5%E7%AE%A1%E8%83%BD%E6%80%80%E5%AD%95%E5%90%97";
constexpr const char* yice_gbk = "%D2%BB%B2%E0%CA%E4%C2%D1%B9%DC%C4%DC%BB%B3%D4%D0%C2%F0";
constexpr const char* nanke_utf8 = "%E7%94%B7%E7%A7%91%E5%8C%BB%E9%99%A2%E5%93%AA%E5%AE%B6%E5%A5%BD";
constexpr const char* nanke_gbk = "%C4%D0%BF%C6%D2%BD%D4%BA%C4%C4%BC%D2%BA%C3";
constexpr const char* ivf_utf8 = "%E8%AF%95%E7%AE%A1%E5%A9%B4%E5%84%BF";

const std::string landing = "https://www.clinic.example/buyun/index.html";

struct url_case {
    const char* name;
    std::string referrer, landing;
    source_kind kind;
    std::string source, keyword, campaign;
};

std::string s(const char* a, const char* b = "", const char* c = "") { return std::string(a) + b + c; }

std::vector<url_case> cases() {
    return {
        {"baidu_desktop_utf8", s("https://www.baidu.com/s?ie=utf-8&f=8&rsv_bp=1&tn=baidu&wd=", yice_utf8, "&oq=%25E7%2594%25B7&rsv_pq=e3a1"),
         landing, source_kind::search, "baidu", "一侧输卵管能怀孕吗", ""},
        {"baidu_mobile_word", s("https://m.baidu.com/s?from=1012852q&word=", nanke_utf8, "&sa=ts_1"), landing,
         source_kind::search, "baidu", "男科医院哪家好", ""},
        {"baidu_gbk_ie_param", s("http://www.baidu.com/s?ie=gbk&tn=baiduhome_pg&wd=", yice_gbk), landing,
         source_kind::search, "baidu", "一侧输卵管能怀孕吗", ""},
        {"baidu_gbk_without_charset", s("http://www.baidu.com/baidu?tn=monline_dg&word=", nanke_gbk), landing,
         source_kind::search, "baidu", "男科医院哪家好", ""},
        {"baidu_plus_is_space", "https://www.baidu.com/s?wd=IVF+%E8%AF%95%E7%AE%A1", landing, source_kind::search,
         "baidu", "IVF 试管", ""},
        {"so360_desktop", s("https://www.so.com/s?ie=utf-8&fr=none&src=360sou_newhome&q=", ivf_utf8), landing,
         source_kind::search, "360", "试管婴儿", ""},
        {"so360_mobile", s("https://m.so.com/s?q=", nanke_utf8, "&src=home"), landing, source_kind::search, "360",
         "男科医院哪家好", ""},
        {"sogou_desktop", s("https://www.sogou.com/web?query=", yice_utf8, "&_asf=www.sogou.com&ie=utf8"), landing,
         source_kind::search, "sogou", "一侧输卵管能怀孕吗", ""},
        {"sogou_mobile_keyword", s("https://m.sogou.com/web/searchList.jsp?keyword=", ivf_utf8, "&pid=sogou-waps"), landing,
         source_kind::search, "sogou", "试管婴儿", ""},
        {"shenma", s("https://yz.m.sm.cn/s?q=", yice_utf8, "&from=smor&safe=1"), landing, source_kind::search, "shenma",
         "一侧输卵管能怀孕吗", ""},
        {"bing_cn", s("https://cn.bing.com/search?q=", ivf_utf8, "&form=QBLH&sp=-1"), landing, source_kind::search, "bing",
         "试管婴儿", ""},
        {"google_hk", s("https://www.google.com.hk/search?q=", nanke_utf8, "&hl=zh-CN#ip=1"), landing, source_kind::search,
         "google", "男科医院哪家好", ""},
        {"baidu_without_keyword", "https://www.baidu.com/link?url=abc&eqid=f00", landing, source_kind::search, "baidu", "", ""},
        {"utm_campaign_with_term",
         "", s("https://www.clinic.example/ivf.html?utm_source=baidu&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3%E4%BF%83%E5%AD%95&utm_term=", ivf_utf8),
         source_kind::campaign, "baidu", "试管婴儿", "春季促孕"},
        {"utm_with_search_referrer", s("https://www.baidu.com/s?wd=", yice_utf8),
         "https://www.clinic.example/a.html?utm_source=bd&utm_campaign=spring&utm_term=other", source_kind::campaign,
         "baidu", "一侧输卵管能怀孕吗", "spring"},
        {"direct", "", landing, source_kind::direct, "", "", ""},
        {"same_site_is_direct", "https://www.clinic.example/", landing, source_kind::direct, "", "", ""},
        {"other_site", "https://www.zhihu.com/question/12345", landing, source_kind::referral, "www.zhihu.com", "", ""},
        {"lookalike_host", s("https://baidu.com.evil.example/s?wd=", yice_utf8), landing, source_kind::referral,
         "baidu.com.evil.example", "", ""},
        {"not_a_subdomain", s("https://notbaidu.com/s?wd=", yice_utf8), landing, source_kind::referral, "notbaidu.com", "", ""},
        {"malformed_escape", "https://www.baidu.com/s?wd=%E4%B8%G1", landing, source_kind::search, "baidu", "", ""},
        {"truncated_escape", "https://www.baidu.com/s?wd=%E4%B", landing, source_kind::search, "baidu", "", ""},
        {"neither_utf8_nor_gbk", "https://www.baidu.com/s?wd=%FF%FF%FF", landing, source_kind::search, "baidu", "", ""},
        {"control_characters_folded", "https://www.baidu.com/s?wd=%0A%E7%94%B7%E7%A7%91%00%0D%E5%8C%BB%E9%99%A2%09",
         landing, source_kind::search, "baidu", "男科 医院", ""},
        {"not_http", "javascript:alert(1)//www.baidu.com/s?wd=x", landing, source_kind::direct, "", "", ""},
        {"garbage", "\xff\xfe://\x01", "\x80", source_kind::direct, "", "", ""},
        {"userinfo_and_port", "https://x@WWW.BAIDU.COM:443/s?wd=abc", landing, source_kind::search, "baidu", "abc", ""},
    };
}

TEST(visit_source, derives_source_and_keyword_from_real_shaped_urls) {
    auto rules = source_rules::builtin();
    for (auto& c : cases()) {
        SCOPED_TRACE(c.name);
        auto v = derive_visit_source(rules, c.referrer, c.landing);
        EXPECT_EQ(to_string(v.kind), to_string(c.kind));
        EXPECT_EQ(v.source, c.source);
        EXPECT_EQ(v.keyword, c.keyword);
        EXPECT_EQ(v.campaign, c.campaign);
        EXPECT_TRUE(valid_utf8(v.keyword) && valid_utf8(v.source) && valid_utf8(v.campaign));
    }
}

TEST(visit_source, shipped_sources_tsv_gives_the_same_answers) {
    auto loaded = load_lexicon(LINGTING_SOURCE_DIR "/lexicon");
    ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
    for (auto& c : cases()) {
        SCOPED_TRACE(c.name);
        auto v = derive_visit_source(loaded.lex->sources, c.referrer, c.landing);
        EXPECT_EQ(v.source, c.source);
        EXPECT_EQ(v.keyword, c.keyword);
    }
    EXPECT_EQ(loaded.lex->sources.cost.at("baidu"), 200);
}

TEST(visit_source, overlong_keyword_is_capped_at_a_character_boundary) {
    std::string ref = "https://www.baidu.com/s?wd=";
    for (int i = 0; i < 300; ++i) ref += "%E5%AD%95";  // 孕 x 300 = 900 bytes
    auto v = derive_visit_source(source_rules::builtin(), ref, landing);
    EXPECT_LE(v.keyword.size(), max_keyword_bytes);
    EXPECT_GE(v.keyword.size(), max_keyword_bytes - 3);
    EXPECT_TRUE(valid_utf8(v.keyword));
}

TEST(visit_source, cost_by_campaign_then_source_then_department) {
    source_rules r;
    ASSERT_EQ(r.add_line({"cost", "baidu", "220"}), "");
    ASSERT_EQ(r.add_line({"cost", "campaign:spring", "300"}), "");
    EXPECT_EQ(source_cost(r, {source_kind::campaign, "baidu", "", "spring"}, 150), 300);
    EXPECT_EQ(source_cost(r, {source_kind::search, "baidu", "x", ""}, 150), 220);
    EXPECT_EQ(source_cost(r, {source_kind::search, "360", "x", ""}, 150), 150);
    EXPECT_EQ(source_cost(r, {}, 150), 150);
}

TEST(visit_source, malformed_rule_lines_are_refused_with_a_reason) {
    source_rules r;
    EXPECT_NE(r.add_line({"engine", "baidu", "baidu.com"}), "");
    EXPECT_NE(r.add_line({"campaign", "medium", "utm_medium"}), "");
    EXPECT_NE(r.add_line({"cost", "baidu", "lots"}), "");
    EXPECT_NE(r.add_line({"cost", "baidu", "-1"}), "");
    EXPECT_NE(r.add_line({"search", "x", "y", "z"}), "");
    EXPECT_EQ(r.add_line({"engine", "x", "X.example", "q"}), "");
    EXPECT_NE(r.add_line({"engine", "x", "x2.example", "q"}), "");  // twice
    EXPECT_EQ(r.engines.front().hosts.front(), "x.example");
}

TEST(device_info, coarse_reading_of_user_agents) {
    struct ua_case {
        const char* ua;
        const char* label;
    };
    const ua_case uas[] = {
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
         "MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI Language/zh_CN",
         "手机 · iOS · 微信"},
        {"Mozilla/5.0 (Linux; Android 13; V2219A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Version/4.0 Chrome/101.0.4951.74 Mobile Safari/537.36 baiduboxapp/13.47.0.10",
         "手机 · Android · 百度"},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
         "电脑 · Windows · Chrome"},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61",
         "电脑 · Windows · Edge"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
         "电脑 · macOS · Safari"},
        {"Mozilla/5.0 (Linux; U; Android 10; zh-CN; V1938CT) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
         "Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36",
         "手机 · Android · UC浏览器"},
        {"\xff\x01<script>", "电脑"},
    };
    for (auto& c : uas) EXPECT_EQ(read_user_agent(c.ua).label(), c.label) << c.ua;
    EXPECT_EQ(read_user_agent("").label(), "电脑");
}

}  // namespace
}  // namespace lingting
