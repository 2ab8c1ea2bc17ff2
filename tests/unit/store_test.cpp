#include "auth/auth_service.hpp"
#include "auth/password.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

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

TEST(store, a_failed_write_fails_its_batch_and_reports_it) {
    sqlite_store s(temp_db());
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "a", t0, ""}}));
    // The same seq twice violates the primary key: not acknowledged.
    EXPECT_FALSE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "b", t0, ""}}));
    EXPECT_FALSE(s.healthy());
    EXPECT_TRUE(submit_and_wait(s, append_message{"c1", {2, sender::visitor, "", "c", t0, ""}}));
    EXPECT_TRUE(s.healthy());
    EXPECT_EQ(s.conversation("c1")->messages.size(), 2u);
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
