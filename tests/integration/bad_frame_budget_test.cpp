// Frames the server cannot use, sent as a flood. Every refused frame (not JSON, an unknown type,
// binary, over max-frame-bytes) was answered with an error outside the frame budget: repro on the
// real binary, a visitor sent 2,000 `{not json` frames in a second and got 2,000 `bad_json` errors
// back, at wire speed, while its valid `say`s were held to 5 a second. Now a refused frame costs
// the socket's frame budget like any frame; beyond it the socket is closed with 1008 (policy
// violation, reason `rate_limited`), and everyone else is served as before.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <functional>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct flood_result {
    int errors = 0;
    int close_code = 0;
};

// Sends `n` frames with `send`, then counts the error replies until the socket closes or is quiet.
template <class Send>
flood_result flood(ws_client& c, int n, Send send) {
    for (int i = 0; i < n; ++i) send(c);
    flood_result r;
    while (auto f = c.next(1s)) {
        if (f->IsObject() && f->HasMember("type") && str(*f, "type") == "error") ++r.errors;
    }
    r.close_code = c.wait_closed(2s);
    return r;
}

test_server tight_budget() {
    return test_server([](server_config& c) {
        c.messages_per_second = 1;
        c.message_burst = 5;
        c.max_frame_bytes = 1024;
    });
}

}  // namespace

TEST(bad_frame_budget, a_flood_of_unparsable_frames_is_answered_within_the_budget_then_closed) {
    test_server srv([](server_config& c) {
        c.messages_per_second = 1;
        c.message_burst = 5;
    });
    srv.add_staff("li", role::consultant);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    ASSERT_TRUE(li.next_of("assigned"));

    // Another visitor in the meantime.
    ws_client other;
    ASSERT_EQ(other.connect(srv.port(), "/ws/visitor"), 101);
    ASSERT_TRUE(other.next_of("welcome"));

    auto r = flood(v, 200, [](ws_client& c) { c.send("{not json"); });
    EXPECT_LE(r.errors, 7) << "each bad frame got its answer, outside the frame budget";
    EXPECT_GE(r.errors, 5) << "the budget's frames are still answered";
    EXPECT_EQ(r.close_code, 1008) << "the flooding socket was not closed";

    // Everyone else is served as before.
    other.send(say("您好，请问今天能挂号吗？", "o1"));
    EXPECT_TRUE(other.next_of("ack"));
}

TEST(bad_frame_budget, unknown_types_binary_and_oversized_frames_count_too) {
    auto srv = tight_budget();
    struct kind {
        const char* name;
        std::function<void(ws_client&)> send;
    };
    std::vector<kind> kinds = {
        {"unknown_type", [](ws_client& c) { c.send(R"({"type":"dance"})"); }},
        {"binary", [](ws_client& c) { c.send_binary("\x01\x02"); }},
        {"too_large", [](ws_client& c) { c.send(std::string(2000, 'x')); }},
    };
    for (auto& k : kinds) {
        ws_client v;
        ASSERT_EQ(v.connect(srv.port(), "/ws/visitor?browse=1"), 101);
        ASSERT_TRUE(v.next_of("clinic"));
        auto r = flood(v, 100, k.send);
        EXPECT_LE(r.errors, 7) << k.name;
        EXPECT_EQ(r.close_code, 1008) << k.name;
    }
}

TEST(bad_frame_budget, a_few_bad_frames_cost_nothing_but_their_answers) {
    auto srv = tight_budget();
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    ASSERT_TRUE(v.next_of("clinic"));
    v.send("{not json");
    auto e = v.next_of("error");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "code"), "bad_json");
    EXPECT_EQ(v.wait_closed(300ms), 0) << "one bad frame closed the socket";
}
