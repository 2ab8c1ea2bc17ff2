// Issue 13 in the core: the visit a visitor arrives with reaches the consultant on assignment
// (before any message), the supervisor's board, the store write, and the analyzer's intent.
#include "core/analysis/transcript.hpp"
#include "core/chat_core.hpp"
#include "real_lexicon.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>

using namespace lingting;

namespace {

// 一侧输卵管切除还能怀孕吗, as Baidu's mobile search puts it in the referrer.
const std::string baidu_ref =
    "https://m.baidu.com/s?from=1012852q&word=%E4%B8%80%E4%BE%A7%E8%BE%93%E5%8D%B5%E7%AE%A1%E5%88%87%E9%99%A4%E8%BF%98"
    "%E8%83%BD%E6%80%80%E5%AD%95%E5%90%97";
const std::string landing = "https://www.clinic.example/buyun/shuluanguan.html";
const std::string keyword = "一侧输卵管切除还能怀孕吗";

class visit_core_test : public ::testing::Test {
protected:
    time_point now{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};
    std::shared_ptr<const lexicon> lex{&lingting::testing::real_lexicon(), [](const lexicon*) {}};
    chat_core core{core_settings{}, lex};
    outbox out;

    std::vector<rapidjson::Document> sent(session_id to, std::string_view type) {
        std::vector<rapidjson::Document> r;
        for (auto& f : out.frames)
            if (f.to == to) {
                rapidjson::Document d;
                d.Parse(f.text->c_str());
                if (type == d["type"].GetString()) r.push_back(std::move(d));
            }
        return r;
    }
    void commit_all() {
        while (!out.writes.empty()) {
            auto writes = std::move(out.writes);
            out.writes.clear();
            for (auto& w : writes)
                if (w.ticket) core.on_committed(*w.ticket, true, now, out);
        }
    }
    void join(session_id sid, const std::string& id, const visit_capture& visit, const std::string& dept = "不孕不育") {
        core.visitor_join(sid, visitor_arrival{dept, "198.51.100.1", "", visit}, id, "tok-" + id, now, out);
    }
};

}  // namespace

TEST_F(visit_core_test, consultant_sees_keyword_and_landing_on_assignment_before_any_message) {
    core.staff_join(100, {"li", role::consultant, {}}, now, out);
    out = {};
    join(1, "c1", {baidu_ref, landing, "输卵管与怀孕", landing, 3, "0123456789abcdef0123456789abcdef",
                   "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.44"});
    auto assigned = sent(100, "assigned");
    auto visits = sent(100, "visit");
    ASSERT_EQ(assigned.size(), 1u);
    ASSERT_EQ(visits.size(), 1u);
    auto& v = visits[0];
    EXPECT_EQ(std::string(v["conversation"].GetString()), "c1");
    EXPECT_EQ(std::string(v["keyword"].GetString()), keyword);
    EXPECT_EQ(std::string(v["source"].GetString()), "baidu");
    EXPECT_EQ(std::string(v["source_kind"].GetString()), "search");
    EXPECT_EQ(std::string(v["landing"].GetString()), landing);
    EXPECT_EQ(std::string(v["landing_title"].GetString()), "输卵管与怀孕");
    EXPECT_EQ(v["pages"].GetUint64(), 3u);
    EXPECT_EQ(std::string(v["device"].GetString()), "手机 · iOS · 微信");
    EXPECT_EQ(std::string(v["browser"].GetString()), "0123456789abcdef0123456789abcdef");
    // The visit frame follows the assigned frame, so the console has the conversation to attach it to.
    std::size_t assigned_at = 0, visit_at = 0;
    for (std::size_t i = 0; i < out.frames.size(); ++i) {
        if (out.frames[i].text->find("\"type\":\"assigned\"") != std::string::npos) assigned_at = i;
        if (out.frames[i].text->find("\"type\":\"visit\"") != std::string::npos) visit_at = i;
    }
    EXPECT_LT(assigned_at, visit_at);
    // The store is asked to keep it with the conversation, and the board shows the keyword.
    bool stored = false;
    for (auto& w : out.writes)
        if (auto* o = std::get_if<open_conversation>(&w.write))
            stored = o->visit.source.keyword == keyword && o->visit.capture.landing == landing && o->visit.cost == 200;
    EXPECT_TRUE(stored);
    ASSERT_EQ(core.board().size(), 1u);
    EXPECT_EQ(core.board()[0].keyword, keyword);
}

TEST_F(visit_core_test, a_visitor_without_a_visit_gets_no_visit_frame) {
    core.staff_join(100, {"li", role::consultant, {}}, now, out);
    out = {};
    join(1, "c1", {});
    EXPECT_EQ(sent(100, "assigned").size(), 1u);
    EXPECT_TRUE(sent(100, "visit").empty());
}

TEST_F(visit_core_test, a_taken_conversation_brings_its_visit_to_the_consultant_who_takes_it) {
    join(1, "c1", {baidu_ref, landing, "", "", 1, "", ""});  // nobody online: queued
    core.staff_join(100, {"li", role::consultant, {}}, now, out);
    auto visits = sent(100, "visit");
    ASSERT_EQ(visits.size(), 1u);
    EXPECT_EQ(std::string(visits[0]["keyword"].GetString()), keyword);
}

// 003: the visitor arrived on the paid keyword, said only 在吗, and was let go.
TEST_F(visit_core_test, the_search_keyword_makes_a_bare_greeting_a_wasted_high_intent_visitor) {
    auto run = [&](const std::string& referrer) {
        transcript t;
        t.department = "不孕不育";
        t.referrer = referrer;
        t.landing = landing;
        message m;
        m.seq = 1;
        m.from = sender::visitor;
        m.text = "在吗";
        m.at = now;
        t.messages.push_back(m);
        m.seq = 2;
        m.from = sender::consultant;
        m.text = "您好，祝你好孕，再见";
        m.at = now + std::chrono::seconds(10);
        t.messages.push_back(m);
        t.closed_by = close_trigger::consultant_ended;
        t.closed_at = now + std::chrono::seconds(20);
        return audit(t, lingting::testing::real_lexicon(), nullptr);
    };
    auto with = run(baidu_ref);
    const finding* wasted = nullptr;
    for (auto& f : with.findings)
        if (f.kind == "wasted_intent") wasted = &f;
    ASSERT_NE(wasted, nullptr);
    EXPECT_EQ(wasted->cost, 200);  // sources.tsv: cost baidu 200
    EXPECT_NE(wasted->suggestion.find(keyword), std::string::npos) << wasted->suggestion;
    EXPECT_NE(wasted->suggestion.find("200"), std::string::npos);
    ASSERT_TRUE(with.source);
    EXPECT_EQ(with.source->keyword, keyword);
    // The same chat without the keyword: 在吗 alone says nothing of a need.
    auto without = run("");
    for (auto& f : without.findings) EXPECT_NE(f.kind, "wasted_intent");
}

TEST_F(visit_core_test, keyword_intent_is_weighted_by_the_rules) {
    conversation_analyzer a("不孕不育");
    a.search_keyword(keyword, 0, lingting::testing::real_lexicon());
    EXPECT_TRUE(a.had_intent(lingting::testing::real_lexicon()));  // 输卵管 0.5 + 还能怀孕吗 1, times 2 = 3
    auto weak = lingting::testing::real_lexicon();
    weak.rules.keyword_intent_weight = 1;
    conversation_analyzer b("不孕不育");
    b.search_keyword(keyword, 0, weak);
    EXPECT_FALSE(b.had_intent(weak));
}

TEST(transcript_visit, the_first_line_may_name_referrer_and_landing) {
    auto parsed = parse_transcript(
        "{\"department\":\"不孕不育\",\"referrer\":\"" + baidu_ref + "\",\"landing\":\"" + landing + "\"}\n"
        "{\"at\":\"2026-11-22T10:00:00+08:00\",\"from\":\"visitor\",\"text\":\"在吗\"}\n"
        "{\"at\":\"2026-11-22T10:01:00+08:00\",\"event\":\"leave\"}\n");
    auto* t = std::get_if<transcript>(&parsed);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->department, "不孕不育");
    EXPECT_EQ(t->referrer, baidu_ref);
    EXPECT_EQ(t->landing, landing);
    auto json = audit_json(audit(*t, lingting::testing::real_lexicon(), nullptr));
    EXPECT_NE(json.find("\"keyword\":\"" + keyword + "\""), std::string::npos) << json;
    auto bad = parse_transcript("{\"referrer\":3}\n{\"at\":\"2026-11-22T10:01:00+08:00\",\"event\":\"leave\"}\n");
    EXPECT_TRUE(std::holds_alternative<transcript_error>(bad));
}
