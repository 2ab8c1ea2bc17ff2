// The resume of an *ended* conversation reads the store (the conversation, to replay it and let
// the visitor rate it). That read ran on the network thread that handles the socket's handshake:
// with a hung database (SIGSTOP: a stuck host, a partition without resets) and --threads=1, one
// visitor reopening a finished chat's page stopped the whole relay, and a new visitor got no
// welcome until the database came back. Now the read runs on the API pool and the answer is
// posted back. Runs in crash_tests_pg, on a server of its own.
#include "process.hpp"
#include "test_server.hpp"

#include "support/pg_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

using namespace lingting::testing;

TEST(crash, resuming_an_ended_conversation_on_a_hung_postgresql_does_not_hold_the_network_thread) {
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
    auto w = open_chat(port, consultant, visitor);
    ASSERT_TRUE(w);
    std::string conv = (*w)["conversation"].GetString(), resume = (*w)["resume"].GetString();
    visitor.send(say("医生您好，我想问一下复诊时间。", "v1"));
    ASSERT_TRUE(visitor.next_of("ack"));
    consultant.send(R"({"type":"end","conversation":")" + conv + R"("})");
    ASSERT_TRUE(visitor.next_of("ended"));
    visitor.close();

    pg.freeze();
    // The database comes back after 8 s whatever happens, so a held relay fails the test instead
    // of hanging it.
    std::atomic<bool> frozen{true};
    std::thread thawer([&] {
        std::this_thread::sleep_for(8s);
        frozen = false;
        pg.thaw();
    });
    // The visitor reopens the finished chat's page: its resume now waits on the database ...
    ws_client back;
    EXPECT_EQ(back.connect(port, "/ws/visitor?resume=" + resume + "&after=0"), 101);
    std::this_thread::sleep_for(300ms);
    // ... and a new visitor is still welcomed meanwhile.
    ws_client newcomer;
    EXPECT_EQ(newcomer.connect(port, "/ws/visitor"), 101);
    EXPECT_TRUE(newcomer.next_of("welcome", 5s) && frozen) << "the network thread is held by the hung database";
    thawer.join();

    // Once the database is back, the resume is answered: the transcript, then `ended`.
    auto welcome = back.next_of("welcome", 10s);
    ASSERT_TRUE(welcome) << "the resume was never answered";
    EXPECT_EQ(std::string((*welcome)["conversation"].GetString()), conv);
    EXPECT_TRUE(back.next_of("ended", 5s));
    srv.kill(SIGTERM);
}
