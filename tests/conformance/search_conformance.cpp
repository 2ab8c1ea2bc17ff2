// QA's search over what was said (qa_filter::text, the list's `q`): substrings, since Chinese has
// no spaces; three characters and more through the index (SQLite FTS5 trigram, PostgreSQL
// pg_trgm), one or two by a scan; a purged conversation's text is found no more.
#include "store_conformance.hpp"

#include <set>

namespace lingting::conformance {
namespace {

std::set<std::string> found(message_store& s, const std::string& text, std::int64_t from_ms = 0) {
    qa_filter f;
    f.text = text;
    f.from_ms = from_ms;
    std::set<std::string> out;
    for (auto& r : s.list_ended(f, {}, 50).rows) out.insert(r.id);
    return out;
}

}  // namespace

TEST_P(store_conformance, qa_search_finds_conversations_by_what_anyone_said_in_them) {
    using std::chrono::minutes;
    std::vector<store_write> w;
    auto chat = [&](const std::string& id, const std::string& visitor, const std::string& reply, time_point at) {
        w.push_back(open_conversation{id, "男科", "tok-" + id, at, {}});
        w.push_back(assign_conversation{id, "li"});
        w.push_back(append_message{id, {1, sender::visitor, "", visitor, at, "v1"}});
        w.push_back(append_message{id, {2, sender::consultant, "li", reply, at + seconds{10}, "c1"}});
        w.push_back(end_conversation{id, ending::visitor, at + minutes{1}, close_trigger::visitor_left});
    };
    chat("baidu", "我在百度上看到你们的广告", "您好，请问有什么可以帮您？", t0);
    chat("drug", "请问布洛芬缓释胶囊能一起吃吗", "建议您来院面诊后由医生开药。", t0 + minutes{5});
    chat("latin", "HPV 疫苗还有吗", "有的，九价 HPV 疫苗可以预约。", t0 + minutes{10});
    chat("old", "我在百度搜到的，布洛芬可以吗", "您好。", t0 - std::chrono::hours{24 * 400});
    w.push_back(open_conversation{"open", "男科", "tok-open", t0, {}});
    w.push_back(append_message{"open", {1, sender::visitor, "", "布洛芬", t0, "v1"}});
    ASSERT_TRUE(submit_all(std::move(w)));
    auto& s = store();

    EXPECT_EQ(found(s, "布洛芬"), (std::set<std::string>{"drug", "old"})) << "three characters: the index";
    EXPECT_EQ(found(s, "布洛芬缓释胶囊"), (std::set<std::string>{"drug"}));
    EXPECT_EQ(found(s, "百度"), (std::set<std::string>{"baidu", "old"})) << "two characters: a scan";
    EXPECT_EQ(found(s, "度"), (std::set<std::string>{"baidu", "old"})) << "one character";
    EXPECT_EQ(found(s, "开药"), (std::set<std::string>{"drug"})) << "what the consultant said too";
    EXPECT_EQ(found(s, "九价 HPV"), (std::set<std::string>{"latin"})) << "with a space inside";
    EXPECT_TRUE(found(s, "阿莫西林").empty());
    EXPECT_TRUE(found(s, "\"布洛芬\" OR 百度").empty()) << "the search is text, never query syntax";
    EXPECT_TRUE(found(s, "%").empty()) << "nor a LIKE pattern";
    EXPECT_EQ(found(s, "百度", to_epoch_ms(t0 - minutes{1})), (std::set<std::string>{"baidu"})) << "with the other filters";

    // Retention blanks old text: the search must not find it any more, through no copy of it.
    EXPECT_EQ(s.purge_text(to_epoch_ms(t0 - std::chrono::hours{24})), 1);
    EXPECT_EQ(found(s, "布洛芬"), (std::set<std::string>{"drug"}));
    EXPECT_EQ(found(s, "百度"), (std::set<std::string>{"baidu"}));
    // New messages are found as they are stored.
    w.clear();
    chat("later", "复诊要带病历吗", "需要的，请带上布洛芬的说明书。", t0 + minutes{20});
    ASSERT_TRUE(submit_all(std::move(w)));
    EXPECT_EQ(found(s, "布洛芬"), (std::set<std::string>{"drug", "later"}));
    EXPECT_EQ(reopen().list_ended([] { qa_filter f; f.text = "病历"; return f; }(), {}, 10).rows.size(), 1u);
}

}  // namespace lingting::conformance
