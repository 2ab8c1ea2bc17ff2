// One wait is one record: the fold of escalating steps, in the core and in the SQLite store
// (live writes, re-analysis and the migration of rows stored one per step before).
#include "core/analysis/finding_steps.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"
#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <map>

using namespace lingting;
using std::chrono::hours;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

std::string temp_db() {
    return (std::filesystem::temp_directory_path() / ("lingting-steps-" + crypto::random_hex(6)) / "test.db").string();
}

bool submit_and_wait(sqlite_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
}

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

void converse(sqlite_store& s, const std::string& id, const std::vector<finding>& steps) {
    ASSERT_TRUE(submit_and_wait(s, open_conversation{id, "男科", "tok-" + id, t0}));
    ASSERT_TRUE(submit_and_wait(s, assign_conversation{id, "li"}));
    ASSERT_TRUE(submit_and_wait(s, append_message{id, {1, sender::visitor, "", "你好", t0, "v1"}}));
    ASSERT_TRUE(submit_and_wait(s, append_message{id, {2, sender::consultant, "li", "您好", t0 + seconds{150}, "c1"}}));
    for (auto& f : steps) ASSERT_TRUE(submit_and_wait(s, record_finding{id, f}));
    ASSERT_TRUE(submit_and_wait(s, end_conversation{id, ending::consultant, t0 + seconds{200},
                                                    close_trigger::consultant_ended, false}));
}

}  // namespace

TEST(finding_steps, a_wait_folds_into_one_finding_at_its_highest_severity_with_its_real_length) {
    auto folded = one_per_event(one_wait());
    ASSERT_EQ(folded.size(), 1u);
    EXPECT_EQ(folded[0].level, severity::critical);
    EXPECT_EQ(folded[0].rule, "idle_critical") << "the rule of the step that raised it";
    EXPECT_EQ(folded[0].duration_ms, 150'000) << "the real length, not the threshold";
    EXPECT_EQ(folded[0].at, t0 + seconds{60}) << "the record keeps its first time";
    EXPECT_FALSE(folded[0].escalates);
}

TEST(finding_steps, separate_waits_and_other_findings_stay_apart) {
    auto steps = one_wait(1);
    finding other;
    other.kind = "forbidden_phrase";
    other.rule = "phrase";
    other.seq = 2;
    steps.push_back(other);
    for (auto& f : one_wait(3)) steps.push_back(f);
    steps.push_back(step("gap_closed", severity::info, 70'000, true, 9));  // its first step is not here
    auto folded = one_per_event(steps);
    ASSERT_EQ(folded.size(), 4u);
    EXPECT_EQ(folded[0].seq, 1u);
    EXPECT_EQ(folded[1].kind, "forbidden_phrase");
    EXPECT_EQ(folded[2].seq, 3u);
    EXPECT_EQ(folded[3].seq, 9u);
    EXPECT_FALSE(folded[3].escalates);
}

TEST(finding_steps, a_closed_step_never_lowers_a_critical_wait) {
    finding record = step("idle_critical", severity::critical, 120'000, false);
    fold_step(record, step("gap_closed", severity::info, 130'000, true));
    EXPECT_EQ(record.level, severity::critical);
    EXPECT_EQ(record.rule, "idle_critical");
    EXPECT_EQ(record.duration_ms, 130'000);
}

// The live path: the hub writes each step as it happens; the store keeps one row per wait, so
// every count made from the store (QA list, stats, scorecards) counts the wait once.
TEST(store_steps, live_steps_of_one_wait_update_one_row_and_every_count_sees_one_wait) {
    auto path = temp_db();
    sqlite_store s(path);
    converse(s, "c1", one_wait());
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

TEST(store_steps, two_waits_in_one_conversation_are_two_rows) {
    auto path = temp_db();
    sqlite_store s(path);
    auto steps = one_wait(1);
    steps.push_back(step("idle_warning", severity::warning, 60'000, false, 5));
    steps.push_back(step("gap_closed", severity::info, 90'000, true, 5));
    converse(s, "c1", steps);
    auto c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 2u);
    EXPECT_EQ(c->findings[0].level, severity::critical);
    EXPECT_EQ(c->findings[1].level, severity::warning);
    EXPECT_EQ(c->findings[1].duration_ms, 90'000);
    auto cards = s.scorecards(report_group::consultant, 0, to_epoch_ms(t0 + hours{24}), 0);
    EXPECT_EQ(cards[0].idle_gaps, 2);
}

TEST(store_steps, reanalysis_stores_one_row_per_wait_and_keeps_its_verdict) {
    auto path = temp_db();
    sqlite_store s(path);
    converse(s, "c1", one_wait());
    auto id = s.conversation("c1")->findings.at(0).id;
    ASSERT_TRUE(s.add_finding_verdict(id, "confirmed", "", "qa1", t0 + hours{1}));
    EXPECT_EQ(s.replace_findings("c1", one_wait(), ending::consultant), 1);
    auto c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].id, id);
    EXPECT_EQ(c->findings[0].verdict, "confirmed");
    EXPECT_EQ(c->findings[0].level, severity::critical);
}

// A database written before one row per wait: the migration folds the stored steps, and a
// verdict given to a later step moves to the row that stays.
TEST(store_steps, the_migration_folds_waits_stored_one_row_per_step) {
    auto path = temp_db();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    const int before = 4;  // the schema version that stored a row per step
    {
        sqlite::db d(path);
        d.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        for (int i = 0; i < before; ++i) d.exec(schema::migrations()[i]);
        d.exec("INSERT INTO meta VALUES('schema_version', '4')");
        d.exec("INSERT INTO conversations(id, resume_hash, consultant, started_at, ended_at, ending) "
               "VALUES('old', 'h', 'li', 0, 1000, 'consultant')");
        d.exec("INSERT INTO findings(id, conversation, seq, kind, rule, severity, at, duration_ms) VALUES "
               "(1, 'old', 1, 'idle_gap', 'idle_warning', 'warning', 60000, 60000),"
               "(2, 'old', 1, 'idle_gap', 'idle_critical', 'critical', 120000, 120000),"
               "(3, 'old', 1, 'idle_gap', 'gap_closed', 'info', 150000, 150000),"
               "(4, 'old', 4, 'idle_gap', 'idle_warning', 'warning', 160000, 60000),"
               "(5, 'old', 4, 'idle_gap', 'gap_closed', 'info', 170000, 70000),"
               "(6, 'old', 2, 'forbidden_phrase', 'phrase', 'warning', 100000, 0)");
        d.exec("INSERT INTO finding_verdicts(finding, verdict, by, at) VALUES(2, 'dismissed', 'qa1', 5)");
    }
    sqlite_store s(path);
    auto c = s.conversation("old");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->findings.size(), 3u);
    std::map<std::int64_t, finding> by_id;
    for (auto& f : c->findings) by_id[f.id] = f;
    ASSERT_TRUE(by_id.count(1) && by_id.count(4) && by_id.count(6));
    EXPECT_EQ(by_id[1].level, severity::critical);
    EXPECT_EQ(by_id[1].rule, "idle_critical");
    EXPECT_EQ(by_id[1].duration_ms, 150'000);
    EXPECT_EQ(by_id[1].verdict, "dismissed") << "the verdict on the critical step moved to the wait";
    EXPECT_EQ(by_id[4].level, severity::warning);
    EXPECT_EQ(by_id[4].rule, "idle_warning");
    EXPECT_EQ(by_id[4].duration_ms, 70'000);
    EXPECT_EQ(by_id[6].rule, "phrase");
}
