#include "auth/auth_service.hpp"
#include "auth/password.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

std::string temp_db() {
    auto p = std::filesystem::temp_directory_path() /
             ("lingting-store-" + crypto::random_hex(6)) / "test.db";
    return p.string();
}

bool submit_and_wait(sqlite_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
}

}  // namespace

TEST(store, writes_are_durable_and_survive_reopen) {
    auto path = temp_db();
    {
        sqlite_store s(path);
        EXPECT_EQ(s.schema_version(), static_cast<int>(schema::migrations().size()));
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "男科", "tok", t0}));
        ASSERT_TRUE(submit_and_wait(s, assign_conversation{"c1", "li"}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "你好", t0, "v1"}}));
    }
    sqlite_store s(path);
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->department, "男科");
    EXPECT_EQ(c->consultant, "li");
    ASSERT_EQ(c->messages.size(), 1u);
    EXPECT_EQ(c->messages[0].text, "你好");
    EXPECT_EQ(c->messages[0].at, t0);
    EXPECT_EQ(s.conversation_by_resume_token("tok"), "c1");
    EXPECT_FALSE(s.conversation_by_resume_token("other"));
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 1);
    EXPECT_EQ(s.conversation("c1")->how, ending::system);
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 0);
}

TEST(store, a_failed_write_is_reported_and_is_not_a_store_fault) {
    sqlite_store s(temp_db(), {}, [](const store_failure&) {});
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "a", t0, ""}}));
    // The same seq twice violates the primary key: not acknowledged. The write was bad, not the
    // database, so readiness stays (a locked or full database is what fails it).
    EXPECT_FALSE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "b", t0, ""}}));
    EXPECT_TRUE(s.healthy());
    EXPECT_TRUE(submit_and_wait(s, append_message{"c1", {2, sender::visitor, "", "c", t0, ""}}));
    EXPECT_TRUE(s.healthy());
    EXPECT_EQ(s.conversation("c1")->messages.size(), 2u);
}

namespace {

// Failure reports as text, for the tests to look at.
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

// Holds the writer thread inside a completion until released, so that what is submitted
// meanwhile queues up and goes into the next group commit together.
struct writer_gate {
    std::promise<void> held, release;
    std::shared_future<void> released = release.get_future().share();
    explicit writer_gate(sqlite_store& s) {
        s.submit(assign_conversation{"nobody", ""}, [this](bool) {
            held.set_value();
            released.wait();
        });
        held.get_future().wait();
    }
    void open() { release.set_value(); }
};

}  // namespace

TEST(store, one_bad_write_fails_only_its_own_client) {
    captured_failures failures;
    sqlite_store s(temp_db(), {}, failures.sink());
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0}));
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "x"}));
    std::map<std::string, bool> result;
    std::mutex m;
    auto record = [&](std::string name) {
        return [&, name](bool ok) {
            std::lock_guard l(m);
            result[name] = ok;
        };
    };
    writer_gate gate(s);
    auto commits_before = s.commit_histogram()->count();
    // One batch: good writes around a message for a conversation that does not exist (foreign
    // key) and a duplicate seq (primary key).
    s.submit(append_message{"c1", {1, sender::visitor, "", "第一句", t0, "v1"}}, record("good1"));
    s.submit(append_message{"nowhere", {1, sender::visitor, "", "病人的秘密", t0, "x1"}}, record("no_row"));
    s.submit(append_message{"c1", {2, sender::consultant, "li", "第二句", t0, "c1"}}, record("good2"));
    s.submit(append_message{"c1", {1, sender::visitor, "", "重复", t0, "v1-again"}}, record("duplicate"));
    std::promise<bool> last;
    s.submit(end_conversation{"c1", ending::greeting, t0 + seconds{5}}, [&](bool ok) { last.set_value(ok); });
    // A write that answers, in the same batch: done once, kept once.
    auto token = std::async(std::launch::async, [&] { s.put_token("tok", "li", t0 + seconds{60}); });
    for (int i = 0; i < 500 && s.queue_depth() < 6; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(s.queue_depth(), 6u);
    gate.open();
    EXPECT_TRUE(last.get_future().get());
    token.get();
    EXPECT_EQ(s.token_user("tok", t0), "li");
    EXPECT_EQ(s.commit_histogram()->count() - commits_before, 1u) << "the six writes shared one commit";
    EXPECT_EQ(result, (std::map<std::string, bool>{{"good1", true}, {"no_row", false}, {"good2", true},
                                                   {"duplicate", false}}));
    EXPECT_TRUE(s.healthy()) << "bad writes are not a store fault";

    // The good ones are durable: a new connection on the file sees them.
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->messages.size(), 2u);
    EXPECT_EQ(c->messages[0].text, "第一句");
    EXPECT_EQ(c->messages[1].text, "第二句");
    EXPECT_EQ(c->how, ending::greeting);
    EXPECT_FALSE(s.conversation("nowhere"));

    // One report per failed write, with its kind, conversation and SQLite's reason; never the text.
    auto lines = failures.all();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].rfind("append_message|1|nowhere|", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find("FOREIGN KEY"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[1].rfind("append_message|1|c1|", 0), 0u) << lines[1];
    EXPECT_NE(lines[1].find("UNIQUE"), std::string::npos) << lines[1];
    for (auto& l : lines) EXPECT_EQ(l.find("秘密"), std::string::npos) << "message text in a report: " << l;
}

namespace {

// Another connection (as another process would) holding the write lock until destroyed.
struct write_lock_elsewhere {
    sqlite3* db = nullptr;
    explicit write_lock_elsewhere(const std::string& path) {
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
        EXPECT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    }
    ~write_lock_elsewhere() {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
};

}  // namespace

TEST(store, token_staff_verdict_reanalysis_and_purge_writes_go_through_the_writer) {
    auto path = temp_db();
    captured_failures failures;
    sqlite_store s(path, {true, 512, /*busy_timeout_ms=*/100, {}}, failures.sink());
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "x"}));
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0}));
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::visitor, t0}));

    // They queue behind the writer: a token write cannot finish while the writer is busy.
    {
        writer_gate gate(s);
        auto token = std::async(std::launch::async, [&] { s.put_token("tok", "li", t0 + seconds{60}); });
        EXPECT_EQ(token.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout)
            << "put_token wrote beside the writer";
        gate.open();
        token.get();
        EXPECT_EQ(s.token_user("tok", t0), "li");
    }

    // While another process holds the write lock past the busy timeout, each fails cleanly with
    // store_error, the writer reports it under the write's kind, and readiness goes.
    {
        write_lock_elsewhere lock(path);
        EXPECT_THROW(s.put_token("tok2", "li", t0 + seconds{60}), store_error);
        EXPECT_FALSE(s.healthy());
        EXPECT_THROW(s.revoke_token("tok"), store_error);
        EXPECT_THROW(s.add_staff({"wang", role::consultant, {}, false, "x"}), store_error);
        EXPECT_THROW(s.add_staff_many({{"zhao", role::qa, {}, false, "x"}}), store_error);
        EXPECT_THROW(s.set_staff_disabled("li", true), store_error);
        EXPECT_THROW(s.add_conversation_verdict("c1", "pass", "", "qa1", t0), store_error);
        EXPECT_THROW(s.add_finding_verdict(1, "confirmed", "", "qa1", t0), store_error);
        EXPECT_THROW(s.replace_findings("c1", {}, ending::visitor), store_error);
        EXPECT_THROW(s.purge_text(to_epoch_ms(t0 + seconds{1})), store_error);
        EXPECT_THROW(s.end_open_conversations(t0), store_error);
    }
    std::vector<std::string> kinds;
    for (auto& l : failures.all()) {
        kinds.push_back(l.substr(0, l.find('|')));
        EXPECT_NE(l.find("locked"), std::string::npos) << l;
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"put_token", "revoke_token", "add_staff", "add_staff",
                                               "disable_staff", "conversation_verdict", "finding_verdict",
                                               "replace_findings", "purge_text", "end_open_conversations"}));

    // The lock gone, the same writes work and readiness comes back by itself.
    s.put_token("tok2", "li", t0 + seconds{60});
    EXPECT_TRUE(s.healthy());
    EXPECT_EQ(s.token_user("tok2", t0), "li");
    EXPECT_TRUE(s.add_conversation_verdict("c1", "pass", "", "qa1", t0));
    EXPECT_TRUE(s.set_staff_disabled("li", true));
    EXPECT_FALSE(s.token_user("tok2", t0)) << "disabling removed the tokens";
}

TEST(store, group_commit_keeps_submission_order) {
    sqlite_store s(temp_db());
    s.submit(open_conversation{"c1", "", "t", t0}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 200; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m", t0, ""}},
                 [&, i](bool ok) { std::lock_guard l(m); if (ok) done.push_back(i); });
    s.flush();
    ASSERT_EQ(done.size(), 200u);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
}

TEST(store, sql_injection_payloads_are_just_text) {
    sqlite_store s(temp_db());
    std::string evil = "x'); DROP TABLE messages; --";
    ASSERT_TRUE(submit_and_wait(s, open_conversation{evil, evil, evil, t0}));
    ASSERT_TRUE(submit_and_wait(s, append_message{evil, {1, sender::visitor, "", evil, t0, evil}}));
    auto c = s.conversation(evil);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->messages.at(0).text, evil);
}

TEST(auth, login_tokens_expiry_and_disable) {
    sqlite_store s(temp_db());
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {"男科"}, false, crypto::hash_password("secret1", 1000)}));
    EXPECT_FALSE(s.add_staff({"li", role::qa, {}, false, "x"}));
    auth_service auth(s, 3600);
    EXPECT_FALSE(auth.login("li", "wrong", t0));
    EXPECT_FALSE(auth.login("nobody", "secret1", t0));
    auto r = auth.login("li", "secret1", t0);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->r, role::consultant);
    EXPECT_EQ(r->token.size(), 64u);
    auto who = auth.authenticate(r->token, t0 + seconds{10});
    ASSERT_TRUE(who);
    EXPECT_EQ(who->departments, std::vector<std::string>{"男科"});
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{3601})) << "expired";
    EXPECT_FALSE(auth.authenticate("forged", t0));
    ASSERT_TRUE(s.set_staff_disabled("li", true));
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{10}));
    EXPECT_FALSE(auth.login("li", "secret1", t0));
}

TEST(auth, password_hashes_are_salted_and_verified) {
    auto a = crypto::hash_password("pw123456", 1000), b = crypto::hash_password("pw123456", 1000);
    EXPECT_NE(a, b);
    EXPECT_TRUE(crypto::verify_password("pw123456", a));
    EXPECT_FALSE(crypto::verify_password("pw123457", a));
    EXPECT_FALSE(crypto::verify_password("pw123456", "garbage"));
    EXPECT_FALSE(crypto::verify_password("pw123456", "pbkdf2-sha256$1000$zz$zz"));
}

TEST(store, a_commit_delay_lets_writes_share_one_commit) {
    // Ten writes submitted together, well inside a generous window: one commit, all in order.
    sqlite_store s(temp_db(), {true, 512, 5000, std::chrono::milliseconds{300}});
    std::uint64_t before = s.commit_histogram()->count();
    s.submit(open_conversation{"c1", "", "t", t0}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 10; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m", t0, ""}},
                 [&, i](bool ok) { std::lock_guard l(m); if (ok) done.push_back(i); });
    s.flush();
    EXPECT_EQ(s.commit_histogram()->count() - before, 1u);
    ASSERT_EQ(done.size(), 10u);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
}
