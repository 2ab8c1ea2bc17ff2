// Valid frames sent faster than the frame budget. Each one over the budget was answered with its
// own `rate_limited` error, bounded only by the socket's send queue: repro on main (5 a second,
// burst 20), a visitor sent 1,000 valid `say`s at wire speed and got 20 acks and 980
// `rate_limited` errors back, the socket open throughout. Now a socket gets at most `message-burst` answered refusals in a row (each names
// its say), then a close with 1008 `rate_limited`; what was acknowledged before stays, in order.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace lingting;
using namespace lingting::testing;

namespace {
std::string str(const json& j, const char* key) { return j[key].GetString(); }
}  // namespace

TEST(valid_frame_flood, a_flooder_gets_a_bounded_number_of_refusals_then_a_close_and_keeps_its_acks) {
    // A tight budget (the harness raises the server's defaults of 5 and 20), so that the flood
    // outruns the refill even on a loaded machine: 6 frames within a second close the socket.
    test_server srv([](server_config& c) {
        c.messages_per_second = 1;
        c.message_burst = 5;
    });
    srv.add_staff("li", role::consultant);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation"), resume = str(*w, "resume");
    ASSERT_TRUE(li.next_of("assigned"));

    const int sent = 1000;
    for (int i = 0; i < sent; ++i) v.send(say("刷屏" + std::to_string(i), "flood-" + std::to_string(i)));
    int limited = 0;
    std::set<std::uint64_t> acked;
    while (auto f = v.next(1s)) {
        if (!f->IsObject() || !f->HasMember("type")) continue;
        std::string type = str(*f, "type");
        if (type == "ack") acked.insert((*f)["seq"].GetUint64());
        if (type == "error") {
            EXPECT_EQ(str(*f, "code"), "rate_limited");
            ++limited;
        }
    }
    // At most a burst of answers in a row (another after a refill, loosely): not one per frame.
    EXPECT_LE(limited, 10) << "every frame over the budget got an answer of its own";
    EXPECT_EQ(v.wait_closed(2s), 1008) << "the flooder's socket stayed open";
    EXPECT_GE(acked.size(), 1u);

    // Every message taken reached the consultant, in order, and the store keeps them: the resume
    // replays the same messages.
    std::set<std::uint64_t> relayed;
    while (auto f = li.next(500ms))
        if (f->IsObject() && f->HasMember("type") && str(*f, "type") == "message") relayed.insert((*f)["seq"].GetUint64());
    for (auto seq : acked) EXPECT_TRUE(relayed.count(seq)) << "acked seq " << seq << " never reached the consultant";
    ws_client back;
    ASSERT_EQ(back.connect(srv.port(), "/ws/visitor?resume=" + resume + "&after=0"), 101);
    std::set<std::uint64_t> replayed;
    while (auto f = back.next(500ms))
        if (f->IsObject() && f->HasMember("type") && str(*f, "type") == "message") replayed.insert((*f)["seq"].GetUint64());
    for (auto seq : acked) EXPECT_TRUE(replayed.count(seq)) << "acked seq " << seq << " lost";

    // The conversation goes on, and so does everyone else's.
    li.send(say("请慢慢说，我在。", "c1", conv));
    EXPECT_TRUE(li.next_of("ack"));
    ws_client other;
    ASSERT_EQ(other.connect(srv.port(), "/ws/visitor"), 101);
    EXPECT_TRUE(other.next_of("welcome"));
}
