// PostgreSQL itself killed (SIGKILL of the postmaster and every backend) while the real binary
// relays a visitor's messages: what was acknowledged before is kept, every message sent while
// the database is dead gets `unavailable` and never an ack, /readyz says 503, and once
// PostgreSQL is back Lingting takes messages again by itself, without a restart. (pg_crash.* in
// pg_store_tests does the same to the store alone.) Runs in crash_tests_pg, on a server of its own.
#include "process.hpp"
#include "test_server.hpp"

#include "support/pg_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <set>
#include <thread>

using namespace lingting::testing;

TEST(crash, postgresql_killed_mid_stream_no_false_ack_and_lingting_recovers_by_itself) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server pg;
    std::string db = pg.create_database();
    for (auto [name, role] : {std::pair{"li", "consultant"}, {"boss", "supervisor"}}) {
        process p({"--database=" + db, "--pbkdf2-iterations=1000", "user", "add", name, "--role", role}, "password1\n");
        p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    temp_dir logs;
    std::string log_file = (logs.path / "lingting.log").string();
    process srv({"--database=" + db, "--pbkdf2-iterations=1000", "--port=0", "--messages-per-second=100000",
                 "--message-burst=100000"},
                {}, log_file);
    unsigned short port = srv.port();
    ASSERT_NE(port, 0);
    std::string boss = login_token(port, "boss");
    ws_client consultant, visitor;
    auto welcome = open_chat(port, consultant, visitor);
    ASSERT_TRUE(welcome);
    std::string conv = (*welcome)["conversation"].GetString();

    std::set<std::string> acked, refused;
    int sent = 0;
    auto send = [&](int count) {
        std::set<std::string> ids;
        for (int i = 0; i < count; ++i, ++sent) {
            std::string id = "v" + std::to_string(sent);
            visitor.send(say("访客消息" + std::to_string(sent), id));
            ids.insert(id);
        }
        return ids;
    };
    // Reads the visitor's frames until every id in `ids` was answered (bounded); false if not.
    auto answered = [&](const std::set<std::string>& ids) {
        auto deadline = std::chrono::steady_clock::now() + 30s;
        auto done = [&] {
            for (auto& id : ids)
                if (!acked.count(id) && !refused.count(id)) return false;
            return true;
        };
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            auto f = visitor.next(500ms);
            if (!f) continue;
            std::string type = (*f)["type"].GetString();
            if (type == "ack") acked.insert((*f)["id"].GetString());
            if (type == "error" && f->HasMember("id") &&
                std::string((*f)["code"].GetString()) == "unavailable")
                refused.insert((*f)["id"].GetString());
        }
        return done();
    };

    auto before = send(40);
    ASSERT_TRUE(answered(before));
    ASSERT_EQ(acked.size(), 40u) << "all acknowledged while PostgreSQL runs";

    pg.kill9();
    auto during = send(15);
    ASSERT_TRUE(answered(during)) << "every message sent while the database is dead is answered";
    for (auto& id : during) EXPECT_TRUE(refused.count(id) && !acked.count(id)) << "not refused: " << id;
    EXPECT_EQ(http_request(port, "GET", "/readyz").status, 503);
    // The staff revocation check runs every second and fails while the database is dead.
    std::this_thread::sleep_for(3s);

    pg.start();
    bool ready = false;
    for (auto deadline = std::chrono::steady_clock::now() + 30s; !ready && std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(100ms))
        ready = http_request(port, "GET", "/readyz").status == 200;
    ASSERT_TRUE(ready) << "readiness came back without a restart";
    auto after = send(10);
    ASSERT_TRUE(answered(after));
    for (auto& id : after) EXPECT_TRUE(acked.count(id)) << "not acknowledged after the recovery: " << id;

    auto r = http_request(port, "GET", "/api/conversations/" + conv, {}, boss);
    ASSERT_EQ(r.status, 200);
    auto d = parse(r.body);
    std::set<std::string> stored;
    for (auto& m : d["messages"].GetArray()) stored.insert(m["id"].GetString());
    for (auto& id : acked) {
        EXPECT_TRUE(stored.count(id)) << "acknowledged but lost: " << id;
    }
    for (auto& id : during) EXPECT_FALSE(stored.count(id)) << "refused but kept: " << id;

    // The outage is in the log once, and its end too: not one error line per second. (The check
    // runs every second, so its recovery is logged within a second or two of PostgreSQL's.)
    int failed = 0, recovered = 0;
    for (auto deadline = std::chrono::steady_clock::now() + 10s;
         recovered == 0 && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(200ms)) {
        std::ifstream in(log_file);
        std::string line;
        failed = recovered = 0;
        while (std::getline(in, line)) {
            failed += line.find("revocation_check_failed") != std::string::npos;
            recovered += line.find("revocation_check_recovered") != std::string::npos;
        }
    }
    EXPECT_EQ(failed, 1);
    EXPECT_EQ(recovered, 1);
    srv.kill(SIGTERM);
}

// A database that hangs instead of failing (SIGSTOP: a stuck host, a partition without resets)
// holds only what waits on it. The check of disabled staff accounts, every second while staff
// are online, used to run on a network thread and, with one network thread, stopped the whole
// relay: a visitor opening the page got no welcome until the database came back.
TEST(crash, a_hung_postgresql_does_not_hold_the_network_thread) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server pg;
    std::string db = pg.create_database();
    process add({"--database=" + db, "--pbkdf2-iterations=1000", "user", "add", "li", "--role", "consultant"},
                "password1\n");
    add.read_all();
    ASSERT_EQ(exit_code(add.wait()), 0);
    process srv({"--database=" + db, "--pbkdf2-iterations=1000", "--port=0", "--threads=1"});
    unsigned short port = srv.port();
    ASSERT_NE(port, 0);
    ws_client consultant, visitor;
    ASSERT_TRUE(open_chat(port, consultant, visitor));

    pg.freeze();
    // The database comes back after 8 s whatever happens, so a held relay fails the test
    // instead of hanging it.
    std::atomic<bool> frozen{true};
    std::thread thawer([&] {
        std::this_thread::sleep_for(8s);
        frozen = false;
        pg.thaw();
    });
    std::this_thread::sleep_for(1500ms);  // a revocation check is now waiting on the database
    ws_client newcomer;
    EXPECT_EQ(newcomer.connect(port, "/ws/visitor"), 101);
    EXPECT_TRUE(newcomer.next_of("welcome", 5s) && frozen) << "the network thread is held by the hung database";
    thawer.join();
    srv.kill(SIGTERM);
}
