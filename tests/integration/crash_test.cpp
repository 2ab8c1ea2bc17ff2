// The real `lingting` binary, killed with SIGKILL while messages are in flight, then restarted
// on the same database: every acknowledged message is there, the conversation open at the
// crash is ended as `system`, and the visitor's resume replays what it missed. crash_tests runs
// it on an SQLite file, crash_tests_pg on a temporary PostgreSQL (ctest pg.crash.*).
#include "test_server.hpp"

#include "auth/password.hpp"

#include <gtest/gtest.h>

#include "process.hpp"

#include <csignal>
#include <filesystem>
#include <set>

using namespace lingting;
using namespace lingting::testing;

TEST(crash, kill_9_under_load_loses_no_acknowledged_message) {
    auto dir = std::filesystem::temp_directory_path() / ("lingting-crash-" + crypto::random_hex(6));
    std::string db = database_for_tests() ? database_for_tests()() : (dir / "lingting.db").string();
    std::vector<std::string> common = {"--database=" + db, "--pbkdf2-iterations=1000"};

    // Staff accounts through the CLI, on the same file the server will use.
    for (auto [name, role] : {std::pair{"li", "consultant"}, {"boss", "supervisor"}}) {
        auto args = common;
        args.insert(args.end(), {"user", "add", name, "--role", role});
        process p(args, "password1\n");
        ASSERT_EQ(p.wait(), 0);
    }
    std::vector<std::string> serve = common;
    serve.insert(serve.end(), {"--port=0", "--messages-per-second=100000", "--message-burst=100000"});

    auto srv = std::make_unique<process>(serve);
    unsigned short port = srv->port();
    ASSERT_NE(port, 0);
    ws_client consultant, visitor;
    auto welcome = open_chat(port, consultant, visitor);
    ASSERT_TRUE(welcome);
    std::string conv = (*welcome)["conversation"].GetString();
    std::string resume = (*welcome)["resume"].GetString();

    // Both sides send in bursts without waiting; the server is killed mid-stream.
    std::set<std::string> acked;
    std::uint64_t last_seq_seen_by_visitor = 0;
    for (int burst = 0; burst < 10; ++burst) {
        for (int i = 0; i < 20; ++i) {
            visitor.send(say("访客消息" + std::to_string(burst * 20 + i), "v" + std::to_string(burst * 20 + i)));
            consultant.send(say("咨询师消息" + std::to_string(burst * 20 + i), "c" + std::to_string(burst * 20 + i), conv));
        }
        if (burst == 9) srv->kill(SIGKILL);
        while (auto f = visitor.next(burst == 9 ? 300ms : 50ms)) {
            std::string type = (*f)["type"].GetString();
            if (type == "ack") acked.insert((*f)["id"].GetString());
            if (type == "message") last_seq_seen_by_visitor = (*f)["seq"].GetUint64();
        }
        while (auto f = consultant.next(burst == 9 ? 300ms : 10ms))
            if (std::string((*f)["type"].GetString()) == "ack") acked.insert((*f)["id"].GetString());
    }
    ASSERT_GT(acked.size(), 100u);
    ASSERT_LT(acked.size(), 400u) << "the kill should land mid-stream";

    srv = std::make_unique<process>(serve);
    port = srv->port();
    ASSERT_NE(port, 0);
    auto r = http_request(port, "GET", "/api/conversations/" + conv, {}, login_token(port, "boss"));
    ASSERT_EQ(r.status, 200);
    json d;
    d.Parse(r.body.c_str());
    EXPECT_EQ(std::string(d["ending"].GetString()), "system") << "open at the crash: ended as system";
    std::set<std::string> stored;
    std::uint64_t expected_seq = 1;
    for (auto& m : d["messages"].GetArray()) {
        stored.insert(m["id"].GetString());
        EXPECT_EQ(m["seq"].GetUint64(), expected_seq++) << "no gaps, no doubles";
    }
    for (auto& id : acked) EXPECT_TRUE(stored.count(id)) << "acked but lost: " << id;

    // The visitor resumes after the restart: what it had not seen, then the ending.
    ws_client back;
    ASSERT_EQ(back.connect(port, "/ws/visitor?resume=" + resume + "&after=" + std::to_string(last_seq_seen_by_visitor)), 101);
    ASSERT_TRUE(back.next_of("welcome"));
    std::uint64_t replayed = 0;
    for (;;) {
        auto f = back.next(2s);
        ASSERT_TRUE(f);
        std::string type = (*f)["type"].GetString();
        if (type == "ended") break;
        if (type == "message") {
            EXPECT_GT((*f)["seq"].GetUint64(), last_seq_seen_by_visitor);
            ++replayed;
        }
    }
    EXPECT_EQ(replayed, stored.size() - last_seq_seen_by_visitor);
    srv->kill(SIGTERM);
    std::filesystem::remove_all(dir);
}
