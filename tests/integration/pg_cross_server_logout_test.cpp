// Several servers on one PostgreSQL (a clinic running two behind a load balancer): a staff log-out
// is a request to one of them. It deleted the token in the shared database and closed that
// token's sockets on the server that handled it, but a console socket opened on the other server
// stayed live, receiving patients' messages, until the token's expiry (12 h). Now every server
// checks its open staff sockets' tokens against the database once a second (the sweep that already
// closes disabled accounts), so the other server closes the socket with 4401 within about a second
// and routes its conversations on. Two real `lingting` processes on one temporary PostgreSQL.
#include "process.hpp"
#include "test_server.hpp"

#include "support/pg_server.hpp"

#include <gtest/gtest.h>

#include <csignal>

using namespace lingting::testing;

TEST(crash, a_log_out_on_one_server_closes_the_same_log_ins_socket_on_another_server_of_the_database) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server pg;
    std::string db = pg.create_database();
    process add({"--database=" + db, "--pbkdf2-iterations=1000", "user", "add", "li", "--role", "consultant"},
                "password1\n");
    add.read_all();
    ASSERT_EQ(exit_code(add.wait()), 0);
    process a({"--database=" + db, "--port=0", "--threads=1"});
    process b({"--database=" + db, "--port=0", "--threads=1"});
    unsigned short port_a = a.port(), port_b = b.port();
    ASSERT_NE(port_a, 0);
    ASSERT_NE(port_b, 0);

    // li logs in through server A; her console's socket lands on server B and serves a visitor.
    auto token = login_token(port_a, "li");
    ASSERT_FALSE(token.empty());
    ws_client console, visitor;
    ASSERT_EQ(console.connect(port_b, "/ws/staff?token=" + token), 101);
    ASSERT_TRUE(console.next_of("presence"));
    ASSERT_EQ(visitor.connect(port_b, "/ws/visitor"), 101);
    auto w = visitor.next_of("welcome");
    ASSERT_TRUE(w);
    std::string conv = (*w)["conversation"].GetString();
    ASSERT_TRUE(console.next_of("assigned"));
    visitor.send(say("医生您好，我想问一下复诊时间。", "v1", conv));
    ASSERT_TRUE(visitor.next_of("ack"));

    // She logs out through server A (its load balancer picked A this time).
    ASSERT_EQ(http_request(port_a, "POST", "/api/logout", {}, token).status, 204);

    // Server B closes her socket (4401) promptly, not at the token's expiry ...
    EXPECT_EQ(console.wait_closed(5s), 4401) << "server B kept a logged-out console socket open";
    // ... hands the visitor on (the queue: nobody else is online) ...
    bool requeued = false;
    for (int i = 0; i < 10 && !requeued; ++i) {
        auto s = visitor.next_of("status", 1s);
        requeued = s && std::string((*s)["state"].GetString()) == "queued";
    }
    EXPECT_TRUE(requeued) << "the visitor still waits on the logged-out consultant";
    // ... and refuses the token, over the API and for a new socket.
    EXPECT_EQ(http_request(port_b, "GET", "/api/me", {}, token).status, 401);
    ws_client again;
    EXPECT_NE(again.connect(port_b, "/ws/staff?token=" + token), 101);
    a.kill(SIGTERM);
    b.kill(SIGTERM);
}
