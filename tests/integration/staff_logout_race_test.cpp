// A staff log-out racing a staff socket's handshake. The socket's token is checked when the upgrade
// request arrives; the socket joins the hub only after the WebSocket handshake. A log-out landing
// between the two (POST /api/logout: the token is deleted, then the hub closes that token's
// sockets) found no socket to close, and the socket then joined with a dead token: a live staff
// socket receiving patients' messages until the token's expiry (12 h). The window is the
// handshake (milliseconds), so this test takes the order apart at the hub's own seam: the join
// that ws_session makes once its handshake is done, given a socket that records what it is told.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

using namespace lingting;
using namespace lingting::testing;

namespace {

// Stands where the ws_session would be: what the hub sends and whether it closes it.
struct recording_socket final : socket_sink {
    std::mutex m;
    std::vector<std::string> sent;
    int closed_with = 0;
    void send(frames::frame f) override {
        std::lock_guard l(m);
        sent.push_back(*f);
    }
    void close(std::uint16_t code, std::string) override {
        std::lock_guard l(m);
        if (!closed_with) closed_with = code;
    }
    int closed() {
        std::lock_guard l(m);
        return closed_with;
    }
};

}  // namespace

TEST(staff_logout_race, a_socket_whose_log_in_ends_during_its_handshake_is_closed_when_it_joins) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    auto token = srv.login("li");
    ASSERT_FALSE(token.empty());
    // The upgrade request arrived and its token was good: the handshake starts ...
    auto socket = std::make_shared<recording_socket>();
    auto sid = srv.chat().next_session_id();
    // ... the log-out lands meanwhile ...
    ASSERT_EQ(srv.http("POST", "/api/logout", {}, token).status, 204);
    // ... and the handshake completes: the socket joins.
    srv.chat().staff_join(socket, sid, staff_identity{"li", role::consultant, {}}, token,
                          srv.clk().now() + std::chrono::hours(12));
    EXPECT_EQ(socket->closed(), 4401) << "a socket joined with a log-in revoked before it";
    auto online = srv.chat().staff_online();
    EXPECT_TRUE(std::find(online.begin(), online.end(), "li") == online.end()) << "li still counts as online";

    // A visitor now is not routed to the logged-out consultant's socket.
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor"), 101);
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    auto status = v.next_of("status");
    ASSERT_TRUE(status);
    EXPECT_EQ(std::string((*status)["state"].GetString()), "queued");
    {
        std::lock_guard l(socket->m);
        for (auto& f : socket->sent) EXPECT_EQ(f.find("\"assigned\""), std::string::npos) << f;
    }
}

TEST(staff_logout_race, a_fresh_log_in_still_joins) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    auto old_token = srv.login("li");
    ASSERT_EQ(srv.http("POST", "/api/logout", {}, old_token).status, 204);
    // Logging in again gives a new token, which is not the revoked one.
    ws_client li;
    ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    EXPECT_TRUE(li.next_of("presence"));
    EXPECT_EQ(li.wait_closed(300ms), 0);
}
