// The contract every store backend is held to (issue 15): one value-parameterised GoogleTest
// fixture over a list of backends (backends.cpp). Every test opens its store through
// open_store(), the factory `lingting --database=` uses, on a fresh database of its own.
#pragma once

#include "core/message_store.hpp"
#include "store/open_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace lingting::conformance {

inline const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

// One backend under test. A second backend is one more entry in all_backends().
struct backend {
    std::string name;  // the test name's suffix: store_conformance.x/sqlite
    // Why this backend cannot run here (say, no PostgreSQL binaries), or nullopt. The tests
    // then skip with that reason, never pass silently. May be empty: always runs.
    std::function<std::optional<std::string>()> missing;
    // A fresh, empty database for one test: an SQLite path, or a postgresql:// URI.
    std::function<std::string()> fresh_database;
    // Writes, at `database`, a database at the schema version before the newest (as the
    // previous release left it) holding: staff "li" (consultant, 男科); conversation "old"
    // (男科, consultant li, started t0, resume token "old-token") with a visitor message 你好
    // (seq 1, at t0) and a consultant message 您好 (seq 2, at t0 + 10 s), ended `greeting` at
    // t0 + 60 s; a classifier finding on seq 2 as that release named it (previous_release_finding_sql).
    // Empty: the backend has no earlier version yet (the test says so and skips).
    std::function<void(const std::string& database)> seed_previous_version;
    // Removes what fresh_database made (files, a database). May be empty.
    std::function<void(const std::string& database)> drop;
};

// The previous release's classifier finding on conversation "old", seq 2: its rule named the
// combination of cues. Both dialects take it; the caller appends the time in ms and ")".
inline constexpr const char* previous_release_finding_sql =
    "INSERT INTO findings(conversation, seq, kind, rule, category, severity, matched, at) VALUES "
    "('old', 2, 'forbidden_phrase', 'classifier:scroll_up+second_person', 'scolding', 'warning', '您好', ";

std::vector<backend> all_backends();
// How GoogleTest shows a backend (in test lists and ctest names): by its name.
inline void PrintTo(const backend& b, std::ostream* os) { *os << b.name; }

// Failure reports as "kind|writes|conversation|cause" lines, for the tests to look at.
struct captured_failures {
    std::mutex m;
    std::vector<std::string> lines;
    store_failure_sink sink() {
        return [this](const store_failure& f) {
            std::lock_guard l(m);
            lines.push_back(std::string(f.kind) + "|" + std::to_string(f.writes) + "|" +
                            std::string(f.conversation) + "|" + std::string(f.cause));
        };
    }
    std::vector<std::string> all() {
        std::lock_guard l(m);
        return lines;
    }
};

class store_conformance : public ::testing::TestWithParam<backend> {
protected:
    void SetUp() override {
        if (GetParam().missing)
            if (auto why = GetParam().missing()) GTEST_SKIP() << GetParam().name << ": " << *why;
        database_ = GetParam().fresh_database();
    }
    void TearDown() override {
        store_.reset();
        if (GetParam().drop && !database_.empty()) GetParam().drop(database_);
    }

    // The test's store, opened on first use (options and failure sink as set before).
    message_store& store() {
        if (!store_) store_ = open_store(database_, options, failures.sink());
        return *store_;
    }
    // Closes the store (its writer finishes what was submitted) and opens it again on the same database.
    message_store& reopen() {
        store_.reset();
        return store();
    }
    // A second, independent store on the same database (as another process or node would open).
    std::unique_ptr<message_store> open_another() { return open_store(database_, options, [](const store_failure&) {}); }
    const std::string& database() const { return database_; }

    bool submit_and_wait(store_write w) {
        std::promise<bool> p;
        store().submit(std::move(w), [&](bool ok) { p.set_value(ok); });
        return p.get_future().get();
    }

    // Submits every write without waiting, then waits for them all; true if all were acknowledged.
    bool submit_all(std::vector<store_write> writes) {
        auto failed = std::make_shared<std::atomic<int>>(0);
        for (auto& w : writes)
            store().submit(std::move(w), [failed](bool ok) {
                if (!ok) ++*failed;
            });
        store().flush();
        return failed->load() == 0;
    }

    // One finished conversation: opened in `department`, served by `consultant`, a visitor
    // message at `at` and a consultant reply `reply_after` later, ended `how` a minute after `at`.
    static std::vector<store_write> ended_conversation(const std::string& id, const std::string& department,
                                                      const std::string& consultant, ending how, time_point at,
                                                      seconds reply_after = seconds{10}) {
        return {open_conversation{id, department, "tok-" + id, at, {}},
                assign_conversation{id, consultant},
                append_message{id, {1, sender::visitor, "", "你好", at, "v1"}},
                append_message{id, {2, sender::consultant, consultant, "您好，请讲。", at + reply_after, "c1"}},
                end_conversation{id, how, at + seconds{60}, close_trigger::consultant_ended}};
    }

    store_options options;
    captured_failures failures;

private:
    std::string database_;
    std::unique_ptr<message_store> store_;
};

// Holds the writer thread inside a completion until opened, so that what is submitted meanwhile
// queues up and goes into the next group commit together (completions run on the writer).
struct writer_gate {
    std::promise<void> held, release;
    std::shared_future<void> released = release.get_future().share();
    explicit writer_gate(live_log& s) {
        s.submit(assign_conversation{"nobody", ""}, [this](bool) {
            held.set_value();
            released.wait();
        });
        held.get_future().wait();
    }
    void open() {
        if (!opened) release.set_value();
        opened = true;
    }
    ~writer_gate() { open(); }  // a test that stopped early must not leave the writer held
    bool opened = false;
};

}  // namespace lingting::conformance
