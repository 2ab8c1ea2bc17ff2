// QA's judgements: verdict history (the latest counts), rule standings since a review, and
// re-analysis replacing findings while keeping the ones found again with their verdicts. Also
// one wait stored as one finding (its live steps folded), which every count relies on.
#include "store_conformance.hpp"

#include <map>

namespace lingting::conformance {
namespace {

using std::chrono::hours;

finding step(std::string rule, severity level, std::int64_t ms, bool escalates, std::uint64_t seq = 1) {
    finding f;
    f.kind = "idle_gap";
    f.rule = std::move(rule);
    f.level = level;
    f.seq = seq;
    f.duration_ms = ms;
    f.escalates = escalates;
    f.at = t0 + milliseconds{ms};
    return f;
}

// The three steps of one wait the analyzer emits: warning at 60 s, critical at 120 s, closed at 150 s.
std::vector<finding> one_wait(std::uint64_t seq = 1) {
    return {step("idle_warning", severity::warning, 60'000, false, seq),
            step("idle_critical", severity::critical, 120'000, true, seq),
            step("gap_closed", severity::info, 150'000, true, seq)};
}

std::vector<store_write> converse(const std::string& id, const std::vector<finding>& steps) {
    std::vector<store_write> w{open_conversation{id, "男科", "tok-" + id, t0, {}}, assign_conversation{id, "li"},
                               append_message{id, {1, sender::visitor, "", "你好", t0, "v1"}},
                               append_message{id, {2, sender::consultant, "li", "您好", t0 + seconds{150}, "c1"}}};
    for (auto& f : steps) w.push_back(record_finding{id, f});
    w.push_back(end_conversation{id, ending::consultant, t0 + seconds{200}, close_trigger::consultant_ended, false});
    return w;
}

finding phrase(const std::string& rule, std::uint32_t begin, std::uint64_t seq = 1) {
    finding f;
    f.kind = "forbidden_phrase";
    f.rule = rule;
    f.category = "brush_off";
    f.level = severity::warning;
    f.seq = seq;
    f.matched = rule.substr(rule.find(':') + 1);
    f.begin = begin;
    f.end = begin + 3;
    f.at = t0;
    return f;
}

}  // namespace

TEST_P(store_conformance, verdict_history_is_kept_and_the_latest_verdict_counts) {
    ASSERT_TRUE(submit_all(converse("c1", {phrase("phrase:等着吧", 0)})));
    auto& s = store();
    auto id = s.conversation("c1")->findings.at(0).id;
    ASSERT_TRUE(s.add_conversation_verdict("c1", "fail", "态度差", "qa1", t0 + hours{1}));
    ASSERT_TRUE(s.add_conversation_verdict("c1", "pass", "复核通过", "qa2", t0 + hours{2}));
    ASSERT_TRUE(s.add_finding_verdict(id, "dismissed", "误报", "qa1", t0 + hours{1}));
    ASSERT_TRUE(s.add_finding_verdict(id, "confirmed", "复核后确认", "qa2", t0 + hours{2}));
    EXPECT_FALSE(s.add_conversation_verdict("nowhere", "pass", "", "qa1", t0)) << "no such conversation";
    EXPECT_FALSE(s.add_finding_verdict(id + 1000, "confirmed", "", "qa1", t0)) << "no such finding";

    auto c = reopen().conversation("c1");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->verdict, "pass");
    EXPECT_EQ(c->verdict_note, "复核通过");
    EXPECT_EQ(c->verdict_by, "qa2");
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].verdict, "confirmed");
    EXPECT_EQ(c->findings[0].verdict_note, "复核后确认");
    qa_filter f;
    auto page = store().list_ended(f, {}, 10);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].verdict, "pass");
    // The history is kept: the earlier dismissal still counts as judged once, now confirmed.
    auto r = store().rule_standings(5);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].judged, 1);
    EXPECT_EQ(r[0].confirmed, 1);
}

TEST_P(store_conformance, rule_standings_count_each_findings_latest_verdict_since_the_rules_review) {
    auto& s = store();
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "男科", "tok", t0, {}}));
    ASSERT_TRUE(submit_and_wait(append_message{"c1", {1, sender::consultant, "li", "等着吧，马上好。", t0, "c1"}}));
    for (int i = 0; i < 7; ++i)  // seven findings (one message is enough here)
        ASSERT_TRUE(submit_and_wait(record_finding{"c1", phrase("phrase:等着吧", static_cast<std::uint32_t>(i))}));
    auto c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 7u);
    auto judge = [&](int i, const char* v, const char* note) {
        ASSERT_TRUE(s.add_finding_verdict(c->findings[i].id, v, note, "qa1", t0 + seconds{i}));
    };
    judge(0, "dismissed", "先驳回");
    judge(0, "confirmed", "复核后确认");  // the newest verdict of a finding counts, once
    judge(1, "dismissed", "一");
    judge(2, "dismissed", "二");
    judge(3, "dismissed", "三");
    auto r = s.rule_standings(2);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].judged, 4);
    EXPECT_EQ(r[0].confirmed, 1);
    ASSERT_EQ(r[0].dismissed.size(), 2u) << "at most the examples asked for";
    EXPECT_EQ(r[0].dismissed[0].note, "三") << "newest first";
    EXPECT_EQ(r[0].dismissed[0].text, "等着吧，马上好。");
    EXPECT_EQ(r[0].dismissed[1].note, "二");
    EXPECT_FALSE(r[0].reviewed_at);

    s.review_rule("forbidden_phrase", "phrase:等着吧", "boss", t0 + hours{1});
    r = s.rule_standings(5);
    ASSERT_EQ(r.size(), 1u) << "a reviewed rule stays listed";
    EXPECT_EQ(r[0].judged, 0);
    EXPECT_TRUE(r[0].dismissed.empty());
    EXPECT_EQ(r[0].reviewed_by, "boss");
    EXPECT_EQ(r[0].reviewed_at, t0 + hours{1});
    judge(4, "confirmed", "");
    judge(1, "confirmed", "改判");  // judged again after the review: counts in the new window
    r = s.rule_standings(5);
    EXPECT_EQ(r[0].judged, 2);
    EXPECT_EQ(r[0].confirmed, 2);
}

// The live path: the hub writes each step of a wait as it happens; the store keeps one row per
// wait, so every count made from the store (QA list, stats, scorecards) counts the wait once.
TEST_P(store_conformance, live_steps_of_one_wait_update_one_row_and_every_count_sees_one_wait) {
    ASSERT_TRUE(submit_all(converse("c1", one_wait())));
    auto& s = store();
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].kind, "idle_gap");
    EXPECT_EQ(c->findings[0].level, severity::critical);
    EXPECT_EQ(c->findings[0].rule, "idle_critical");
    EXPECT_EQ(c->findings[0].duration_ms, 150'000);

    auto page = s.list_ended({}, {}, 20);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].critical, 1);
    EXPECT_EQ(page.rows[0].warning, 0);
    EXPECT_EQ(page.rows[0].info, 0);
    qa_filter warnings;
    warnings.severity = "warning";
    EXPECT_TRUE(s.list_ended(warnings, {}, 20).rows.empty()) << "the wait is critical, not also a warning";

    auto day = s.stats(0, to_epoch_ms(t0 + hours{24}));
    EXPECT_EQ(day.findings["idle_gap"], 1);
    auto cards = s.scorecards(report_group::consultant, 0, to_epoch_ms(t0 + hours{24}), 0);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].idle_gaps, 1);
    EXPECT_EQ(cards[0].findings["idle_gap"], 1);
}

TEST_P(store_conformance, two_waits_in_one_conversation_are_two_rows) {
    auto steps = one_wait(1);
    steps.push_back(step("idle_warning", severity::warning, 60'000, false, 5));
    steps.push_back(step("gap_closed", severity::info, 90'000, true, 5));
    ASSERT_TRUE(submit_all(converse("c1", steps)));
    auto c = store().conversation("c1");
    ASSERT_EQ(c->findings.size(), 2u);
    EXPECT_EQ(c->findings[0].level, severity::critical);
    EXPECT_EQ(c->findings[1].level, severity::warning);
    EXPECT_EQ(c->findings[1].duration_ms, 90'000);
    auto cards = store().scorecards(report_group::consultant, 0, to_epoch_ms(t0 + hours{24}), 0);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].idle_gaps, 2);
}

TEST_P(store_conformance, reanalysis_stores_one_row_per_wait_and_keeps_its_verdict) {
    ASSERT_TRUE(submit_all(converse("c1", one_wait())));
    auto& s = store();
    auto id = s.conversation("c1")->findings.at(0).id;
    ASSERT_TRUE(s.add_finding_verdict(id, "confirmed", "", "qa1", t0 + hours{1}));
    EXPECT_EQ(s.replace_findings("c1", one_wait(), ending::consultant), 1);
    auto c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].id, id);
    EXPECT_EQ(c->findings[0].verdict, "confirmed");
    EXPECT_EQ(c->findings[0].level, severity::critical);
}

// Re-analysis with new rules: what is found again keeps its id and verdicts, what is no longer
// found goes, what is newly found is added, and the ending is classified again.
TEST_P(store_conformance, reanalysis_replaces_findings_keeping_those_found_again_with_their_verdicts) {
    ASSERT_TRUE(submit_all(converse("c1", {phrase("phrase:等着吧", 0), phrase("phrase:不好意思", 5, 2)})));
    auto& s = store();
    auto before = s.conversation("c1");
    ASSERT_EQ(before->findings.size(), 2u);
    std::map<std::string, std::int64_t> id;
    for (auto& f : before->findings) id[f.rule] = f.id;
    ASSERT_TRUE(s.add_finding_verdict(id["phrase:等着吧"], "confirmed", "确认", "qa1", t0));
    ASSERT_TRUE(s.add_finding_verdict(id["phrase:不好意思"], "dismissed", "", "qa1", t0));

    auto batch = s.ended_for_reanalysis(0, to_epoch_ms(t0 + hours{1}), "", 10);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].id, "c1");
    EXPECT_EQ(batch[0].department, "男科");
    EXPECT_EQ(batch[0].trigger, close_trigger::consultant_ended);
    ASSERT_EQ(batch[0].messages.size(), 2u);
    EXPECT_EQ(batch[0].messages[1].text, "您好");

    EXPECT_EQ(s.replace_findings("c1", {phrase("phrase:等着吧", 0), phrase("phrase:你看不懂中文吗", 9, 2)},
                                 ending::greeting),
              1);
    auto after = s.conversation("c1");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->how, ending::greeting);
    ASSERT_EQ(after->findings.size(), 2u);
    std::map<std::string, finding> by_rule;
    for (auto& f : after->findings) by_rule[f.rule] = f;
    ASSERT_TRUE(by_rule.count("phrase:等着吧") && by_rule.count("phrase:你看不懂中文吗"));
    EXPECT_EQ(by_rule["phrase:等着吧"].id, id["phrase:等着吧"]);
    EXPECT_EQ(by_rule["phrase:等着吧"].verdict, "confirmed");
    EXPECT_EQ(by_rule["phrase:等着吧"].verdict_note, "确认");
    EXPECT_TRUE(by_rule["phrase:你看不懂中文吗"].verdict.empty());
    EXPECT_FALSE(by_rule.count("phrase:不好意思")) << "no longer found: gone";
}

}  // namespace lingting::conformance
