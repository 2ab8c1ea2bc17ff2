// One wait is one record: the fold of escalating steps in the core, and the SQLite migration of
// rows stored one per step before. (The store's side, every backend: tests/conformance/.)
#include "core/analysis/finding_steps.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"
#include "auth/password.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

using namespace lingting;
using std::chrono::hours;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

std::string temp_db() { return lingting::testing::temp_database(); }

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
