// Faults the real world throws at the server: connection storms, peers that vanish without a
// FIN, and a frame trickling in one byte at a time. The server must stay up and keep serving
// everyone else. (Store faults, a locked database and a full disk: store_fault_test.cpp.)
#include "test_server.hpp"

#include "net/beast.hpp"
#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <thread>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct faults : ::testing::Test {
    // Dropped visitors keep their place (and a consultant's seat) through the resume grace, so
    // the consultant here may hold all of them at once.
    std::unique_ptr<test_server> srv =
        std::make_unique<test_server>([](server_config& c) { c.max_conversations_per_consultant = 1000; });
    void SetUp() override { srv->add_staff("li", role::consultant); }

    // A visitor and the consultant exchange one message each way: the server still serves.
    void still_serving() {
        ws_client li;
        ASSERT_EQ(li.connect(srv->port(), "/ws/staff?token=" + srv->login("li")), 101);
        ws_client v;
        ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
        auto w = v.next_of("welcome");
        ASSERT_TRUE(w);
        std::string conv = str(*w, "conversation");
        for (auto a = li.next_of("assigned"); a && str(*a, "conversation") != conv;) a = li.next_of("assigned");
        v.send(say("还在吗", "v1"));
        ASSERT_TRUE(v.next_of("ack"));
        li.send(say("在的，请讲。", "c1", conv));
        auto m = v.next_of("message");
        ASSERT_TRUE(m);
        EXPECT_EQ(str(*m, "text"), "在的，请讲。");
    }
};

}  // namespace

// Both ends of every connection live in this process: a thousand need some 2,100 descriptors.
void raise_descriptor_limit(rlim_t want) {
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    if (r.rlim_cur < want) {
        r.rlim_cur = std::min(want, r.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &r);
    }
    ::getrlimit(RLIMIT_NOFILE, &r);
    ASSERT_GE(r.rlim_cur, want) << "the open-files limit (ulimit -Hn) is too low for this test";
}

TEST_F(faults, a_thousand_connections_opened_and_dropped_at_once) {
    raise_descriptor_limit(4096);
    net::io_context ioc;
    auto ep = tcp::endpoint(net::ip::make_address("127.0.0.1"), srv->port());
    // 900 bare TCP connections that never speak, 100 WebSocket visitors cut with a reset.
    std::vector<tcp::socket> bare;
    for (int i = 0; i < 900; ++i) {
        bare.emplace_back(ioc);
        bare.back().connect(ep);
    }
    std::vector<std::unique_ptr<ws_client>> visitors;
    for (int i = 0; i < 100; ++i) {
        visitors.push_back(std::make_unique<ws_client>());
        ASSERT_EQ(visitors.back()->connect(srv->port(), "/ws/visitor"), 101);
    }
    for (auto& v : visitors) ASSERT_TRUE(v->next_of("welcome"));
    for (auto& v : visitors) v->drop();
    for (auto& s : bare) {
        beast::error_code ec;
        s.set_option(net::socket_base::linger(true, 0), ec);
        s.close(ec);
    }
    visitors.clear();
    // Meanwhile the server serves others...
    still_serving();
    // ...and every dropped conversation (the served pair's too, cut when its client went away)
    // ends as `system` once the grace period has passed. The server must have seen every drop
    // before the clock moves, or a late one would start its grace after the jump.
    for (int i = 0; i < 500 && srv->chat().stats().visitor_sessions > 0; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(srv->chat().stats().visitor_sessions, 0u);
    srv->clk().advance(61s);
    srv->chat().wake();
    for (int i = 0; i < 300 && srv->chat().stats().open_conversations > 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(srv->chat().stats().open_conversations, 0u);
}

TEST(faults_half_open, peers_that_vanish_without_a_fin_are_dropped_by_the_heartbeat) {
    // A peer whose machine is gone sends no FIN and answers nothing; here 50 visitors stop
    // reading (so no pong goes back) while their TCP connections stay established.
    test_server srv([](server_config& c) {
        c.heartbeat_seconds = 1;
        c.resume_grace_seconds = 0;
    });
    srv.add_staff("li", role::consultant);
    ws_client li;
    ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    ASSERT_TRUE(li.next_of("queue_state"));
    std::vector<std::unique_ptr<ws_client>> silent;
    for (int i = 0; i < 50; ++i) {
        silent.push_back(std::make_unique<ws_client>());
        ASSERT_EQ(silent.back()->connect(srv.port(), "/ws/visitor"), 101);
        ASSERT_TRUE(silent.back()->next_of("welcome"));
        silent.back()->stop_reading();
        silent.back()->send(say("在吗", "s" + std::to_string(i)));  // the read loop stops after it
    }
    // A live visitor keeps chatting with the consultant all along (it answers pings).
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor"), 101);
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    // The heartbeat (one second here) finds the silent ones; bounded wait of 10 s.
    for (int i = 0; i < 100 && srv.chat().stats().open_conversations > 1; ++i) {
        v.send(say("医生您好", "v" + std::to_string(i)));
        ASSERT_TRUE(v.next_of("ack"));
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(srv.chat().stats().open_conversations, 1u) << "only the live conversation is left";
    EXPECT_EQ(srv.chat().stats().visitor_sessions, 1u);
}

TEST_F(faults, a_frame_arriving_one_byte_at_a_time_is_read_whole_and_others_are_not_held_up) {
    // Hand-made client: WebSocket handshake with Beast, then a masked text frame written by hand.
    net::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), srv->port()));
    ws.handshake("127.0.0.1", "/ws/visitor");
    beast::flat_buffer buf;
    ws.read(buf);  // welcome
    ASSERT_NE(beast::buffers_to_string(buf.data()).find("welcome"), std::string::npos);
    buf.consume(buf.size());

    std::string payload = say("一个字节一个字节地发", "slow1");
    ASSERT_LT(payload.size(), 126u);
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    std::string frame;
    frame += static_cast<char>(0x81);  // FIN + text
    frame += static_cast<char>(0x80 | payload.size());
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);

    std::thread other([&] { still_serving(); });  // a normal pair chats meanwhile
    for (char c : frame) {
        net::write(ws.next_layer(), net::buffer(&c, 1));
        std::this_thread::sleep_for(2ms);  // bounded: about 100 bytes, 0.2 s in all
    }
    other.join();
    // The trickled frame was one whole message: it is acknowledged (after the page's clinic,
    // availability and status frames, which change as the other pair comes and goes).
    for (int i = 0; i < 10; ++i) {
        ws.read(buf);
        std::string f = beast::buffers_to_string(buf.data());
        buf.consume(buf.size());
        if (f.find("\"ack\"") != std::string::npos) {
            EXPECT_NE(f.find("slow1"), std::string::npos);
            return;
        }
    }
    ADD_FAILURE() << "no ack for the trickled frame";
}
