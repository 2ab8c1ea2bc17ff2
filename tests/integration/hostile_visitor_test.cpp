// Issue #10: what an anonymous stranger can send must not take the service from staff, and a
// revoked log-in must not keep receiving patients' messages. Each test is named after the attack.
#include "test_server.hpp"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lingting::testing {
namespace {

std::string str(const json& j, const char* k) { return j[k].GetString(); }

struct hostile : ::testing::Test {
    std::unique_ptr<test_server> srv;

    void boot(std::function<void(server_config&)> tweak = {}) {
        srv = std::make_unique<test_server>(std::move(tweak));
        srv->add_staff("li", role::consultant);
        srv->add_staff("dentist", role::consultant, {"口腔"});
        srv->add_staff("boss", role::supervisor);
    }
    std::unique_ptr<ws_client> staff(const std::string& name, const std::string& token = {}) {
        auto c = std::make_unique<ws_client>();
        EXPECT_EQ(c->connect(srv->port(), "/ws/staff?token=" + (token.empty() ? srv->login(name) : token)), 101);
        EXPECT_TRUE(c->next_of("queue_state"));
        return c;
    }
    // A real visitor and a real reply: the service works for staff.
    void service_still_works(ws_client& consultant) {
        ws_client v;
        ASSERT_EQ(v.connect(srv->port(), "/ws/visitor?department=%E7%94%B7%E7%A7%91"), 101);  // 男科
        auto w = v.next_of("welcome");
        ASSERT_TRUE(w);
        auto a = consultant.next_of("assigned");
        ASSERT_TRUE(a) << "the consultant's socket is still up and served";
        v.send(say("医生您好，想咨询一下", "v1"));
        ASSERT_TRUE(consultant.next_of("message"));
        consultant.send(say("您好，请讲。", "c1", str(*w, "conversation")));
        ASSERT_TRUE(v.next_of("message"));
    }
};

TEST_F(hostile, invalid_utf8_and_huge_departments_do_not_disconnect_staff) {
    boot();
    auto li = staff("li");
    auto boss = staff("boss");
    // Raw invalid bytes, an overlong form, a lone surrogate: refused before any socket exists.
    for (std::string q : {"department=%FF", "department=%C0%AF", "department=%ED%A0%80", "resume=%FF",
                          "department=%E7%94", "department=%zz"}) {
        ws_client v;
        EXPECT_EQ(v.connect(srv->port(), "/ws/visitor?" + q), 400) << q;
    }
    // 50 KB of department: refused too (no department is that long; the header limit holds).
    {
        ws_client v;
        EXPECT_NE(v.connect(srv->port(), "/ws/visitor?department=" + std::string(50'000, 'A')), 101);
    }
    // A name that is valid UTF-8 but no department of this clinic: the default, never echoed.
    ws_client v;
    ASSERT_EQ(v.connect(srv->port(), "/ws/visitor?department=%3DHYPERLINK(%22http%3A%2F%2Fx%22)"), 101);
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    auto a = li->next_of("assigned");
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "department"), "综合");
    srv->store().flush();
    EXPECT_EQ(srv->store().conversation(str(*w, "conversation"))->department, "综合");
    service_still_works(*li);
    EXPECT_EQ(boss->wait_closed(200ms), 0) << "the supervisor's socket stayed up";
}

TEST_F(hostile, three_hundred_anonymous_conversations_from_one_address_are_refused_past_the_limit) {
    boot([](server_config& c) {
        c.conversations_per_address = 10;
        c.visitor_sockets_per_address = 64;
        c.visitor_connect_burst = 100;
        c.visitor_connects_per_second = 1;
        c.trusted_proxies = {"127.0.0.1"};  // so a second "address" can arrive through the proxy
    });
    auto li = staff("li");
    int welcomed = 0, refused = 0;
    std::vector<std::unique_ptr<ws_client>> held;
    for (int i = 0; i < 300; ++i) {
        auto v = std::make_unique<ws_client>();
        int status = v->connect(srv->port(), "/ws/visitor?department=%E5%8F%A3%E8%85%94",  // 口腔: nobody of li's
                                {{"X-Forwarded-For", "203.0.113.66"}});
        if (status != 101) {
            ++refused;  // 429: too many sockets or connects from this address
            continue;
        }
        auto f = v->next();
        if (f && str(*f, "type") == "welcome") ++welcomed;
        else if (f && str(*f, "type") == "busy") {
            EXPECT_EQ(str(*f, "reason"), "too_many");
            EXPECT_EQ(v->wait_closed(), 4429);
            ++refused;
        }
        held.push_back(std::move(v));
    }
    EXPECT_EQ(welcomed, 10) << "the per-address limit on open conversations";
    EXPECT_EQ(welcomed + refused, 300);
    EXPECT_NE(srv->http("GET", "/metrics").body.find("lingting_open_conversations 10\n"), std::string::npos);
    // Someone else, behind the same proxy, is served as usual.
    ws_client other;
    ASSERT_EQ(other.connect(srv->port(), "/ws/visitor", {{"X-Forwarded-For", "198.51.100.20"}}), 101);
    ASSERT_TRUE(other.next_of("welcome"));
    ASSERT_TRUE(li->next_of("assigned"));
    // Naming a consultant is no invitation: the old invited_by routes nothing.
    ws_client sneaky;
    ASSERT_EQ(sneaky.connect(srv->port(), "/ws/visitor?department=%E5%8F%A3%E8%85%94&invited_by=li",
                             {{"X-Forwarded-For", "198.51.100.21"}}), 101);
    auto st = sneaky.next_of("status");
    ASSERT_TRUE(st);
    EXPECT_EQ(str(*st, "state"), "queued");
}

TEST_F(hostile, a_full_queue_says_try_later_instead_of_position_986) {
    boot([](server_config& c) { c.max_queue = 5; });
    for (int i = 0; i < 5; ++i) {
        ws_client v;
        ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
        ASSERT_TRUE(v.next_of("status"));
        v.drop();  // the conversation waits out its resume grace, still queued
    }
    ws_client late;
    ASSERT_EQ(late.connect(srv->port(), "/ws/visitor"), 101);
    auto b = late.next();
    ASSERT_TRUE(b);
    EXPECT_EQ(str(*b, "type"), "busy");
    EXPECT_EQ(str(*b, "reason"), "queue_full");
    EXPECT_NE(str(*b, "message").find("稍后"), std::string::npos);
    EXPECT_EQ(late.wait_closed(), 4503);
}

TEST_F(hostile, two_hundred_queued_visitors_do_not_cut_off_a_consultant) {
    boot([](server_config& c) { c.max_queue = 1000; });
    auto dentist = staff("dentist");  // serves 口腔 only: every visitor below stays queued
    std::vector<std::unique_ptr<ws_client>> visitors;
    for (int i = 0; i < 200; ++i) {
        auto v = std::make_unique<ws_client>();
        ASSERT_EQ(v->connect(srv->port(), "/ws/visitor?department=%E7%94%B7%E7%A7%91"), 101);  // 男科
        visitors.push_back(std::move(v));
    }
    std::size_t biggest = 0, adds = 0;
    while (adds < 200) {
        auto f = dentist->next(5s);
        ASSERT_TRUE(f) << "the consultant's socket must stay up; got " << adds << " queue changes";
        if (str(*f, "type") == "queue_add") ++adds;
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> wr(b);
        f->Accept(wr);
        biggest = std::max(biggest, b.GetSize());
    }
    EXPECT_LT(biggest, 64u * 1024) << "no frame to a consultant grows with the number of strangers";
    // A consultant joining now gets a bounded snapshot with the total.
    ws_client again;
    ASSERT_EQ(again.connect(srv->port(), "/ws/staff?token=" + srv->login("dentist")), 101);
    auto snap = again.next_of("queue_state");
    ASSERT_TRUE(snap);
    EXPECT_EQ((*snap)["total"].GetUint64(), 200u);
    EXPECT_LE((*snap)["queue"].Size(), 100u);
}

TEST_F(hostile, logout_disable_and_expiry_close_the_live_staff_socket) {
    boot();
    // Log-out: the socket opened with that token is closed at once with 4401.
    std::string token = srv->login("li");
    auto li = staff("li", token);
    EXPECT_EQ(srv->http("POST", "/api/logout", "", token).status, 204);
    EXPECT_EQ(li->wait_closed(), 4401);
    // A new conversation with a phone number goes to nobody revoked.
    ws_client v;
    ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
    ASSERT_TRUE(v.next_of("welcome"));
    while (auto f = li->next(300ms)) EXPECT_NE(str(*f, "type"), "assigned") << "a revoked socket gets nothing new";

    // Disabled from the command line (another process, the same database): closed within ~1 s.
    auto li2 = staff("li");
    srv->store().set_staff_disabled("li", true);
    EXPECT_EQ(li2->wait_closed(3s), 4401);
    srv->store().set_staff_disabled("li", false);

    // Expired: the log-in's lifetime passes while the socket is open.
    auto li3 = staff("li");
    srv->clk().advance(std::chrono::seconds(srv->cfg.token_ttl_seconds + 1));
    EXPECT_EQ(li3->wait_closed(3s), 4401);
}

TEST_F(hostile, a_connection_flood_from_one_address_is_capped_and_staff_still_get_in) {
    boot([](server_config& c) { c.connections_per_address = 40; });
    std::vector<int> fds;
    int refused = 0;
    for (int i = 0; i < 60; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(srv->port());
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        fds.push_back(fd);
    }
    // The server closes the ones over the cap at accept: a read sees end of stream at once.
    for (int fd : fds) {
        timeval tv{0, 100'000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char c;
        if (::recv(fd, &c, 1, 0) == 0) ++refused;
    }
    EXPECT_EQ(refused, 20);
    for (int fd : fds) ::close(fd);
    std::this_thread::sleep_for(200ms);
    // The places are given back: staff (and anyone) get in again.
    auto li = staff("li");
    service_still_works(*li);
}

TEST_F(hostile, staff_sockets_refuse_foreign_origins) {
    boot();
    std::string token = srv->login("li");
    ws_client evil;
    EXPECT_EQ(evil.connect(srv->port(), "/ws/staff?token=" + token, {{"Origin", "http://evil.example"}}), 403);
    ws_client own;
    EXPECT_EQ(own.connect(srv->port(), "/ws/staff?token=" + token,
                          {{"Origin", "http://127.0.0.1:" + std::to_string(srv->port())}}), 101);
}

TEST_F(hostile, a_resume_token_stops_working_after_the_rating_window) {
    boot([](server_config& c) { c.rating_window_seconds = 600; });
    auto li = staff("li");
    ws_client v;
    ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    v.send(R"({"type":"leave"})");
    ASSERT_TRUE(v.next_of("ended"));
    std::string resume = "/ws/visitor?resume=" + str(*w, "resume");
    {
        ws_client back;  // within the window: the visitor may still see and rate it
        ASSERT_EQ(back.connect(srv->port(), resume), 101);
        EXPECT_TRUE(back.next_of("ended"));
    }
    srv->clk().advance(601s);
    ws_client late;
    ASSERT_EQ(late.connect(srv->port(), resume), 101);
    EXPECT_EQ(late.wait_closed(), 4404);
}

}  // namespace
}  // namespace lingting::testing
