// The QA and operations API over a real server and a real SQLite file, seeded by driving real
// conversations through WebSockets.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct qa_api : ::testing::Test {
    std::unique_ptr<test_server> srv = std::make_unique<test_server>();
    std::map<std::string, std::unique_ptr<ws_client>> staff;
    std::string qa_token, boss_token;

    void SetUp() override {
        srv->add_staff("li", role::consultant, {"男科"});
        srv->add_staff("wang", role::consultant, {"妇科"});
        srv->add_staff("boss", role::supervisor);
        srv->add_staff("qa1", role::qa);
        for (const char* name : {"li", "wang"}) {
            staff[name] = std::make_unique<ws_client>();
            ASSERT_EQ(staff[name]->connect(srv->port(), "/ws/staff?token=" + srv->login(name)), 101);
        }
        qa_token = srv->login("qa1");
        boss_token = srv->login("boss");
    }

    // One whole conversation: the visitor asks, the consultant answers, someone ends it.
    // Returns its id once the end is stored.
    std::string converse(const std::string& department, const std::string& question, const std::string& answer,
                         const std::string& end_by, std::optional<bool> rating = std::nullopt) {
        ws_client v;
        std::string dep = department == "男科" ? "%E7%94%B7%E7%A7%91" : "%E5%A6%87%E7%A7%91";
        EXPECT_EQ(v.connect(srv->port(), "/ws/visitor?department=" + dep), 101);
        auto w = v.next_of("welcome");
        std::string id = str(*w, "conversation");
        ws_client& c = *staff[department == "男科" ? "li" : "wang"];
        EXPECT_TRUE(c.next_of("assigned"));
        v.send(say(question, "q"));
        EXPECT_TRUE(v.next_of("ack"));
        c.send(say(answer, "a", id));
        EXPECT_TRUE(c.next_of("ack"));
        if (end_by == "consultant") c.send(R"({"type":"end","conversation":")" + id + R"("})");
        else v.send(R"({"type":"leave"})");
        EXPECT_TRUE(v.next_of("ended"));
        if (rating) {
            v.send(std::string(R"({"type":"rate","satisfied":)") + (*rating ? "true" : "false") + "}");
            EXPECT_TRUE(v.next_of("rated"));
        }
        srv->store().flush();
        return id;
    }

    json list(const std::string& query, const std::string& token = {}) {
        auto r = srv->http("GET", "/api/qa/conversations?" + query, {}, token.empty() ? qa_token : token);
        EXPECT_EQ(r.status, 200) << r.body;
        return parse(r.body);
    }
    std::set<std::string> ids(const json& page) {
        std::set<std::string> out;
        for (auto& c : page["conversations"].GetArray()) out.insert(c["id"].GetString());
        return out;
    }
};

}  // namespace

TEST_F(qa_api, every_filter_narrows_the_list) {
    auto rude = converse("男科", "包皮手术多少钱？", "你看不懂中文吗", "consultant", false);
    auto polite = converse("妇科", "你们周日上班吗", "您好，我们周日正常上班。", "visitor", true);
    auto sorry = converse("男科", "在吗", "不好意思，刚才在忙。", "visitor");

    EXPECT_EQ(ids(list("")), (std::set<std::string>{rude, polite, sorry}));
    EXPECT_EQ(ids(list("ending=consultant")), (std::set<std::string>{rude}));
    EXPECT_EQ(ids(list("ending=visitor")), (std::set<std::string>{polite, sorry}));
    EXPECT_EQ(ids(list("consultant=wang")), (std::set<std::string>{polite}));
    EXPECT_EQ(ids(list("department=%E7%94%B7%E7%A7%91")), (std::set<std::string>{rude, sorry}));
    EXPECT_EQ(ids(list("kind=forbidden_phrase")), (std::set<std::string>{rude, sorry}));
    EXPECT_EQ(ids(list("kind=forbidden_phrase&severity=critical")), (std::set<std::string>{rude}));
    EXPECT_EQ(ids(list("category=colloquial")), (std::set<std::string>{sorry}));
    EXPECT_EQ(ids(list("rating=satisfied")), (std::set<std::string>{polite}));
    EXPECT_EQ(ids(list("rating=unsatisfied")), (std::set<std::string>{rude}));
    EXPECT_TRUE(ids(list("from=2099-01-01T00:00:00Z")).empty());
    EXPECT_EQ(ids(list("to=2099-01-01T00:00:00Z")).size(), 3u);
    EXPECT_EQ(srv->http("GET", "/api/qa/conversations?from=yesterday", {}, qa_token).status, 400);
    EXPECT_EQ(srv->http("GET", "/api/qa/conversations?ending=rude", {}, qa_token).status, 400);

    auto page = list("ending=consultant");  // the document must outlive `row`
    auto row = page["conversations"][0].GetObject();
    EXPECT_EQ(std::string(row["consultant"].GetString()), "li");
    EXPECT_EQ(row["visitor_messages"].GetInt(), 1);
    EXPECT_EQ(row["consultant_messages"].GetInt(), 1);
    EXPECT_GE(row["findings"]["critical"].GetInt(), 1);
    EXPECT_FALSE(row["satisfied"].GetBool());
    EXPECT_GT(row["wasted_cost"].GetDouble(), 0) << "多少钱 was intent, and it was thrown away";
}

TEST_F(qa_api, pagination_neither_repeats_nor_skips_while_conversations_end) {
    std::set<std::string> all;
    for (int i = 0; i < 12; ++i) all.insert(converse("男科", "问题" + std::to_string(i), "您好，请讲。", "visitor"));
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    for (;; ++pages) {
        auto page = list("limit=5" + (cursor.empty() ? "" : "&cursor=" + cursor));
        for (auto& id : ids(page)) EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
        if (pages == 0) converse("男科", "插队", "您好，请讲。", "visitor");  // newer: before the cursor
        cursor = str(page, "next_cursor");
        if (cursor.empty()) break;
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(seen, all);
    EXPECT_EQ(pages, 2);
}

TEST_F(qa_api, verdicts_keep_history_and_drive_scorecards_and_the_hundred_minus_one_rule) {
    auto rude = converse("男科", "我问的问题你为什么不回答", "你看不懂中文吗", "consultant");
    converse("男科", "你好", "不好意思，让您久等了。", "visitor");
    auto conv = parse(srv->http("GET", "/api/conversations/" + rude, {}, qa_token).body);
    std::int64_t critical = 0;
    for (auto& f : conv["findings"].GetArray())
        if (std::string(f["kind"].GetString()) == "forbidden_phrase") critical = f["id"].GetInt64();
    ASSERT_NE(critical, 0);

    auto card = [&] {
        auto r = parse(srv->http("GET", "/api/reports/scorecards?group=consultant", {}, boss_token).body);
        json out;
        for (auto& c : r["scorecards"].GetArray())
            if (std::string(c["key"].GetString()) == "li") out.CopyFrom(c, out.GetAllocator());
        return out;
    };
    auto before = card();
    ASSERT_TRUE(before.IsObject());
    EXPECT_EQ(before["conversations"].GetInt(), 2);
    EXPECT_EQ(before["endings"]["consultant"].GetInt(), 1);
    EXPECT_FALSE(before["hundred_minus_one"].GetBool()) << "nothing confirmed yet";
    double forbidden_before = before["findings_per_100_messages"]["forbidden_phrase"].GetDouble();
    EXPECT_DOUBLE_EQ(forbidden_before, 100.0);  // two findings in two consultant messages

    std::string path = "/api/findings/" + std::to_string(critical) + "/verdict";
    EXPECT_EQ(srv->http("POST", path, R"({"verdict":"confirmed","note":"质问访客"})", boss_token).status, 403)
        << "supervisors read; QA judges";
    EXPECT_EQ(srv->http("POST", path, R"({"verdict":"maybe"})", qa_token).status, 400);
    ASSERT_EQ(srv->http("POST", path, R"({"verdict":"dismissed","note":"先驳回"})", qa_token).status, 200);
    auto dismissed = card();
    EXPECT_DOUBLE_EQ(dismissed["findings_per_100_messages"]["forbidden_phrase"].GetDouble(), 50.0)
        << "a dismissed finding no longer counts";
    ASSERT_EQ(srv->http("POST", path, R"({"verdict":"confirmed","note":"复核后确认"})", qa_token).status, 200);
    auto confirmed = card();
    EXPECT_EQ(confirmed["confirmed_criticals"].GetInt(), 1);
    EXPECT_TRUE(confirmed["hundred_minus_one"].GetBool());
    EXPECT_DOUBLE_EQ(confirmed["findings_per_100_messages"]["forbidden_phrase"].GetDouble(), 100.0);

    auto after = parse(srv->http("GET", "/api/conversations/" + rude, {}, qa_token).body);
    for (auto& f : after["findings"].GetArray())
        if (f["id"].GetInt64() == critical) {
            EXPECT_EQ(std::string(f["verdict"].GetString()), "confirmed");
            EXPECT_EQ(std::string(f["verdict_note"].GetString()), "复核后确认");
        }
    ASSERT_EQ(srv->http("POST", "/api/conversations/" + rude + "/verdict", R"({"verdict":"fail","note":"服务忌语"})", qa_token).status, 200);
    EXPECT_EQ(str(parse(srv->http("GET", "/api/conversations/" + rude, {}, qa_token).body), "verdict"), "fail");
    EXPECT_EQ(srv->http("POST", "/api/findings/999999/verdict", R"({"verdict":"confirmed"})", qa_token).status, 404);

    // The clinic's figures by department and by day come from the same source.
    auto by_dep = parse(srv->http("GET", "/api/reports/scorecards?group=department", {}, qa_token).body);
    ASSERT_EQ(by_dep["scorecards"].Size(), 1u);
    EXPECT_EQ(std::string(by_dep["scorecards"][0]["key"].GetString()), "男科");
    auto by_day = parse(srv->http("GET", "/api/reports/scorecards?group=day&tz=480", {}, qa_token).body);
    ASSERT_EQ(by_day["scorecards"].Size(), 1u);
    EXPECT_EQ(by_day["scorecards"][0]["conversations"].GetInt(), 2);
}

TEST_F(qa_api, csv_has_a_bom_chinese_headers_and_one_row_per_conversation) {
    converse("男科", "你好", "您好，请讲，我们在\"人民路\"，欢迎来院。", "visitor");
    converse("妇科", "你好", "您好，请讲。", "consultant");
    auto r = srv->http("GET", "/api/qa/conversations.csv", {}, qa_token);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.header("Content-Type").find("text/csv"), std::string::npos);
    ASSERT_GE(r.body.size(), 3u);
    EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
    // Parse as a spreadsheet would: CRLF lines, RFC 4180 quoting.
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 3; i < r.body.size(); ++i) {
        char c = r.body[i];
        if (quoted) {
            if (c == '"' && i + 1 < r.body.size() && r.body[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().emplace_back();
        else if (c == '\r') continue;
        else if (c == '\n') rows.emplace_back(1);
        else rows.back().back() += c;
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][0], "会话");
    EXPECT_EQ(rows[0][6], "结束方式");
    std::set<std::string> endings{rows[1][6], rows[2][6]};
    EXPECT_EQ(endings, (std::set<std::string>{"客户结束", "主动结束"}));
    for (auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
    auto cards = srv->http("GET", "/api/reports/scorecards?format=csv", {}, qa_token);
    EXPECT_EQ(cards.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(cards.body.find("一票否决"), std::string::npos);
}

TEST_F(qa_api, reanalysis_applies_new_rules_and_keeps_verdicts_on_findings_that_remain) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("lingting-reanalyze-" + std::to_string(srv->port()));
    fs::remove_all(dir);
    fs::copy(srv->lexicon_dir, dir);
    srv->lexicon_dir = dir.string();
    auto id = converse("男科", "你好", "不好意思，没门儿。", "visitor");
    auto conv = parse(srv->http("GET", "/api/conversations/" + id, {}, qa_token).body);
    ASSERT_EQ(conv["findings"].Size(), 1u);
    auto kept_id = conv["findings"][0]["id"].GetInt64();
    ASSERT_EQ(srv->http("POST", "/api/findings/" + std::to_string(kept_id) + "/verdict", R"({"verdict":"confirmed"})", qa_token).status, 200);

    std::ofstream(dir / "forbidden_phrases.tsv", std::ios::app) << "没门儿\tbrush_off\twarning\t我们一起想办法\n";
    ASSERT_EQ(srv->http("POST", "/api/lexicon/reload", {}, boss_token).status, 200);
    auto r = srv->http("POST", "/api/reanalyze", R"({"from":"2000-01-01T00:00:00Z","to":"2099-01-01T00:00:00Z"})", qa_token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto summary = parse(r.body);
    EXPECT_EQ(summary["conversations"].GetInt(), 1);
    EXPECT_EQ(summary["kept"].GetInt(), 1);
    auto again = parse(srv->http("GET", "/api/conversations/" + id, {}, qa_token).body);
    ASSERT_EQ(again["findings"].Size(), 2u);
    bool old_kept = false, new_found = false;
    for (auto& f : again["findings"].GetArray()) {
        if (f["id"].GetInt64() == kept_id) old_kept = f.HasMember("verdict") && std::string(f["verdict"].GetString()) == "confirmed";
        if (std::string(f["matched"].GetString()) == "没门儿") new_found = true;
    }
    EXPECT_TRUE(old_kept) << "the verdict on 不好意思 survived";
    EXPECT_TRUE(new_found);
    fs::remove_all(dir);
}

TEST_F(qa_api, roles_are_checked_both_ways) {
    auto id = converse("男科", "你好", "您好，请讲。", "visitor");
    std::string li = srv->login("li");
    for (const char* path : {"/api/qa/conversations", "/api/qa/conversations.csv", "/api/reports/scorecards", "/api/stats"})
        EXPECT_EQ(srv->http("GET", path, {}, li).status, 403) << path;
    EXPECT_EQ(srv->http("GET", "/api/board", {}, qa_token).status, 403);
    EXPECT_EQ(srv->http("POST", "/api/reanalyze", R"({"from":"2000-01-01T00:00:00Z","to":"2099-01-01T00:00:00Z"})", li).status, 403);
    EXPECT_EQ(srv->http("GET", "/api/qa/conversations", {}, {}).status, 401);
    // QA reads but never speaks in a conversation.
    ws_client qa;
    ASSERT_EQ(qa.connect(srv->port(), "/ws/staff?token=" + qa_token), 101);
    qa.send(say("质检插话", "x", id));
    EXPECT_EQ(str(*qa.next_of("error"), "code"), "forbidden");
    // Injection payloads in every text field are data, nothing more.
    auto evil = srv->http("GET", "/api/qa/conversations?consultant=x%27%20OR%201%3D1%20--&department=%27%3B%20DROP%20TABLE%20messages%3B", {}, qa_token);
    EXPECT_EQ(evil.status, 200);
    EXPECT_TRUE(ids(parse(evil.body)).empty());
    EXPECT_EQ(ids(list("")).size(), 1u);
}

TEST_F(qa_api, metrics_are_prometheus_text_and_move_by_the_right_amounts) {
    auto scrape = [&] {
        auto r = srv->http("GET", "/metrics");
        EXPECT_EQ(r.status, 200);
        EXPECT_NE(r.header("Content-Type").find("text/plain; version=0.0.4"), std::string::npos);
        std::map<std::string, double> values;
        std::istringstream in(r.body);
        std::set<std::string> typed;
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("# TYPE ", 0) == 0) {
                typed.insert(line.substr(7, line.find(' ', 7) - 7));
                continue;
            }
            if (line.empty() || line[0] == '#') continue;
            auto space = line.rfind(' ');
            EXPECT_NE(space, std::string::npos) << line;
            std::string name = line.substr(0, space);
            auto base = name.substr(0, name.find('{'));
            bool known = typed.count(base) || typed.count(base.substr(0, base.rfind('_')));
            EXPECT_TRUE(known) << "sample without a TYPE line: " << line;
            values[name] = std::stod(line.substr(space + 1));
        }
        return values;
    };
    auto before = scrape();
    EXPECT_EQ(before["lingting_connections{role=\"consultant\"}"], 2);
    converse("男科", "包皮手术多少钱？", "你看不懂中文吗", "consultant");
    auto after = scrape();
    EXPECT_EQ(after["lingting_messages_relayed_total"] - before["lingting_messages_relayed_total"], 2);
    EXPECT_EQ(after["lingting_endings_total{ending=\"consultant\"}"] - before["lingting_endings_total{ending=\"consultant\"}"], 1);
    EXPECT_EQ(after["lingting_findings_total{kind=\"forbidden_phrase\",severity=\"critical\"}"], 1);
    EXPECT_EQ(after["lingting_findings_total{kind=\"wasted_intent\",severity=\"critical\"}"], 1);
    EXPECT_EQ(after["lingting_ack_latency_seconds_count"] - before["lingting_ack_latency_seconds_count"], 2);
    EXPECT_GE(after["lingting_store_commit_seconds_count"], 1);
    EXPECT_EQ(after["lingting_open_conversations"], 0);
    EXPECT_EQ(after["lingting_store_healthy"], 1);
}

TEST_F(qa_api, retention_purges_text_and_keeps_findings_and_endings) {
    auto id = converse("男科", "我的手机号是13912345678", "不好意思，请稍等。", "visitor");
    auto cutoff = std::chrono::duration_cast<milliseconds>((srv->clk().now() + seconds{1}).time_since_epoch()).count();
    EXPECT_EQ(srv->store().purge_text(cutoff), 1);
    auto c = parse(srv->http("GET", "/api/conversations/" + id, {}, qa_token).body);
    for (auto& m : c["messages"].GetArray()) EXPECT_EQ(std::string(m["text"].GetString()), "");
    EXPECT_EQ(str(c, "ending"), "visitor");
    EXPECT_GE(c["findings"].Size(), 1u);
    EXPECT_EQ(srv->store().purge_text(cutoff), 0) << "already purged";
}
