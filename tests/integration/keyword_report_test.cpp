// Issue 13 through the real server: a visitor arrives on /ws/visitor with a Baidu referrer in its
// query; the consultant's console gets the keyword on assignment, before any message; the
// conversation keeps it (GET /api/conversations/ID); the QA list filters on it; the keyword
// report and its CSV count it as wasted with its cost; supervisors import ad spend.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const rapidjson::Value& j, const char* key) { return j[key].GetString(); }

// encodeURIComponent of a Baidu referrer whose wd is 一侧输卵管能怀孕吗 (as widget.js sends it).
const std::string ref_param =
    "https%3A%2F%2Fwww.baidu.com%2Fs%3Fie%3Dutf-8%26wd%3D%25E4%25B8%2580%25E4%25BE%25A7%25E8%25BE%2593%25E5%258D%25B5"
    "%25E7%25AE%25A1%25E8%2583%25BD%25E6%2580%2580%25E5%25AD%2595%25E5%2590%2597";
const std::string land_param = "https%3A%2F%2Fwww.clinic.example%2Fbuyun%2Fshuluanguan.html";
const std::string keyword = "一侧输卵管能怀孕吗";
const std::string buyun = "%E4%B8%8D%E5%AD%95%E4%B8%8D%E8%82%B2";  // 不孕不育

struct keyword_report_api : ::testing::Test {
    test_server srv;
    std::string qa_token, boss_token;
    ws_client li;

    void SetUp() override {
        srv.add_staff("li", role::consultant);
        srv.add_staff("boss", role::supervisor);
        srv.add_staff("qa1", role::qa);
        qa_token = srv.login("qa1");
        boss_token = srv.login("boss");
        ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    }

    // A visitor arrives with `query` (after the department), says `text`, and the consultant ends.
    // Returns the conversation id and the `visit` frame the consultant got (if any).
    std::pair<std::string, std::optional<json>> visit_and_leave(const std::string& query, const std::string& text) {
        ws_client v;
        EXPECT_EQ(v.connect(srv.port(), "/ws/visitor?department=" + buyun + query,
                            {{"User-Agent", "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36"}}),
                  101);
        std::string id = str(*v.next_of("welcome"), "conversation");
        auto assigned = li.next_of("assigned");
        EXPECT_TRUE(assigned);
        // The very next frame to the consultant is the visit (before any message of the visitor).
        std::optional<json> visit;
        if (query.find("ref=") != std::string::npos || query.find("land=") != std::string::npos) {
            visit = li.next(5s);
            EXPECT_TRUE(visit && str(*visit, "type") == "visit");
        }
        v.send(say(text, "q1"));
        EXPECT_TRUE(v.next_of("ack"));
        EXPECT_TRUE(li.next_of("message"));
        li.send(R"({"type":"end","conversation":")" + id + R"("})");
        EXPECT_TRUE(v.next_of("ended"));
        srv.store().flush();
        return {id, std::move(visit)};
    }
};

}  // namespace

TEST_F(keyword_report_api, the_keyword_reaches_the_console_the_conversation_the_list_and_the_report) {
    auto [id, visit] = visit_and_leave("&ref=" + ref_param + "&land=" + land_param + "&title=%E8%BE%93%E5%8D%B5%E7%AE%A1" +
                                           "&pages=2&bid=0123456789abcdef0123456789abcdef",
                                       "在吗");
    ASSERT_TRUE(visit);
    EXPECT_EQ(str(*visit, "keyword"), keyword);
    EXPECT_EQ(str(*visit, "source"), "baidu");
    EXPECT_EQ(str(*visit, "landing"), "https://www.clinic.example/buyun/shuluanguan.html");
    EXPECT_EQ(str(*visit, "device"), "手机 · Android · Chrome");
    auto [plain, none] = visit_and_leave("", "在吗");  // no visit reported: no panel data, no keyword
    EXPECT_FALSE(none);

    // The conversation keeps its visit.
    auto detail = srv.http("GET", "/api/conversations/" + id, {}, qa_token);
    ASSERT_EQ(detail.status, 200) << detail.body;
    auto d = parse(detail.body);
    ASSERT_TRUE(d["visit"].IsObject());
    EXPECT_EQ(str(d["visit"], "keyword"), keyword);
    EXPECT_EQ(str(d["visit"], "landing_title"), "输卵管");
    EXPECT_TRUE(parse(srv.http("GET", "/api/conversations/" + plain, {}, qa_token).body)["visit"].IsNull());
    // The search keyword made 在吗 a wasted high-intent visit, costed by the source.
    bool wasted = false;
    for (auto& f : d["findings"].GetArray())
        if (str(f, "kind") == "wasted_intent") {
            wasted = true;
            EXPECT_EQ(f["cost"].GetDouble(), 200);
        }
    EXPECT_TRUE(wasted) << detail.body;

    // QA list filters.
    auto list = parse(srv.http("GET", "/api/qa/conversations?source=baidu", {}, qa_token).body);
    ASSERT_EQ(list["conversations"].Size(), 1u);
    EXPECT_EQ(str(list["conversations"][0], "id"), id);
    EXPECT_EQ(str(list["conversations"][0], "keyword"), keyword);
    list = parse(srv.http("GET", "/api/qa/conversations?keyword=%E8%BE%93%E5%8D%B5%E7%AE%A1", {}, qa_token).body);  // 输卵管
    EXPECT_EQ(list["conversations"].Size(), 1u);
    list = parse(srv.http("GET", "/api/qa/conversations?keyword=%E7%94%B7%E7%A7%91", {}, qa_token).body);  // 男科
    EXPECT_EQ(list["conversations"].Size(), 0u);

    // The report: the wasted keyword first, with its cost.
    auto report = srv.http("GET", "/api/reports/keywords", {}, qa_token);
    ASSERT_EQ(report.status, 200) << report.body;
    auto r = parse(report.body);
    ASSERT_EQ(r["rows"].Size(), 2u);
    auto& top = r["rows"][0];
    EXPECT_EQ(str(top, "key"), keyword);
    EXPECT_EQ(str(top, "source"), "baidu");
    EXPECT_EQ(top["conversations"].GetInt(), 1);
    EXPECT_EQ(top["with_intent"].GetInt(), 1);
    EXPECT_EQ(top["wasted"].GetInt(), 1);
    EXPECT_EQ(top["wasted_cost"].GetDouble(), 200);
    EXPECT_EQ(top["endings"]["consultant"].GetInt(), 1);
    EXPECT_EQ(std::string(top["consultants"][0].GetString()), "li");
    auto csv = srv.http("GET", "/api/reports/keywords?format=csv", {}, qa_token);
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);
    EXPECT_NE(csv.body.find(keyword + ",baidu,1,1,0,0.0%,1,200,"), std::string::npos) << csv.body;
    // By source and by campaign, sorting, and the roles.
    r = parse(srv.http("GET", "/api/reports/keywords?group=source&sort=conversations&order=asc", {}, boss_token).body);
    ASSERT_EQ(r["rows"].Size(), 2u);
    EXPECT_EQ(srv.http("GET", "/api/reports/keywords?group=nonsense", {}, qa_token).status, 400);
    EXPECT_EQ(srv.http("GET", "/api/reports/keywords?from=yesterday", {}, qa_token).status, 400);
    EXPECT_EQ(srv.http("GET", "/api/reports/keywords", {}, srv.login("li")).status, 403);
    // A re-analysis reads the visit again: the keyword's wasted finding stays.
    auto re = srv.http("POST", "/api/reanalyze", R"({"from":"2000-01-01T00:00:00Z","to":"2100-01-01T00:00:00Z"})", qa_token);
    ASSERT_EQ(re.status, 200) << re.body;
    r = parse(srv.http("GET", "/api/reports/keywords", {}, qa_token).body);
    EXPECT_EQ(str(r["rows"][0], "key"), keyword);
    EXPECT_EQ(r["rows"][0]["wasted"].GetInt(), 1);
}

TEST_F(keyword_report_api, supervisors_import_ad_spend_validated) {
    visit_and_leave("&ref=" + ref_param + "&land=" + land_param, "在吗");
    std::string csv = "keyword,date,clicks,cost\r\n" + keyword + ",2026-11-22,12,360.5\n\"试管,婴儿\",2026-11-22,3,90\n";
    EXPECT_EQ(srv.http("POST", "/api/keywords/spend", csv, qa_token).status, 403);
    auto ok = srv.http("POST", "/api/keywords/spend", csv, boss_token);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(parse(ok.body)["imported"].GetUint64(), 2u);
    // The QA page's form: {"csv": TEXT}.
    ok = srv.http("POST", "/api/keywords/spend", R"({"csv":"试管婴儿,2026-11-23,1,5"})", boss_token);
    ASSERT_EQ(ok.status, 200) << ok.body;
    for (std::string bad : {std::string("kw,2026-13-01,1,1\n"), std::string("kw,2026-11-22,-1,1\n"), std::string("kw,2026-11-22,1\n"),
                            std::string("kw,2026-11-22,1,abc\n"), std::string(",2026-11-22,1,1\n"), std::string("\"kw,2026-11-22,1,1\n"),
                            std::string("k\x01w,2026-11-22,1,1\n"), std::string("\xff,2026-11-22,1,1\n"), std::string("")}) {
        auto r = srv.http("POST", "/api/keywords/spend", bad, boss_token);
        EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    }
    auto r = parse(srv.http("GET", "/api/reports/keywords", {}, qa_token).body);
    bool found = false;
    for (auto& row : r["rows"].GetArray())
        if (str(row, "key") == keyword) {
            found = true;
            EXPECT_EQ(row["clicks"].GetInt64(), 12);
            EXPECT_EQ(row["spend"].GetDouble(), 360.5);
        }
    EXPECT_TRUE(found);
}

TEST_F(keyword_report_api, a_returning_browser_is_told_by_its_earlier_conversations) {
    const std::string bid = "&bid=0123456789abcdef0123456789abcdef";
    auto [first, v1] = visit_and_leave("&ref=" + ref_param + "&land=" + land_param + bid, "在吗");
    auto [second, v2] = visit_and_leave("&land=" + land_param + bid, "你好");
    auto h = srv.http("GET", "/api/browsers/0123456789abcdef0123456789abcdef/conversations?except=" + second, {},
                      srv.login("li"));
    ASSERT_EQ(h.status, 200) << h.body;
    auto j = parse(h.body);
    ASSERT_EQ(j["conversations"].Size(), 1u);
    EXPECT_EQ(str(j["conversations"][0], "id"), first);
    EXPECT_EQ(str(j["conversations"][0], "keyword"), keyword);
    EXPECT_EQ(srv.http("GET", "/api/browsers/not%20an%20id/conversations", {}, qa_token).status, 404);
    EXPECT_EQ(srv.http("GET", "/api/browsers/abc/conversations", {}, "").status, 401);
}

TEST_F(keyword_report_api, hostile_visit_parameters_are_capped_or_refused_never_echoed_raw) {
    // Over-long fields are cut, a bad browser id dropped; a malformed escape refuses the socket.
    std::string long_ref = "https%3A%2F%2Fwww.baidu.com%2Fs%3Fwd%3D" + std::string(2000, 'a');
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor?ref=" + long_ref + "&bid=%3Cscript%3E&pages=99999999999"), 101);
    v.next_of("welcome");
    auto visit = li.next_of("visit");
    ASSERT_TRUE(visit);
    EXPECT_LE(str(*visit, "referrer").size(), 1024u);
    EXPECT_LE(str(*visit, "keyword").size(), 200u);
    EXPECT_EQ(str(*visit, "browser"), "");
    EXPECT_EQ((*visit)["pages"].GetUint64(), 0u);
    ws_client bad;
    EXPECT_EQ(bad.connect(srv.port(), "/ws/visitor?ref=%E4%B8"), 400);  // not UTF-8
    ws_client bad2;
    EXPECT_EQ(bad2.connect(srv.port(), "/ws/visitor?land=%G1"), 400);  // malformed escape
}
