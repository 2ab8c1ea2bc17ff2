// A long conversation resumed from 0, as the visitor page does on every page of the clinic's site.
// The replay leaves in one go before the page reads any of it; replayed whole, a conversation
// longer than the socket's send queue (max-queue-bytes, 1 MiB) made the server cut the visitor off
// as a slow reader at once: no welcome, the same at every retry, and the conversation ended as
// `system` after the grace. (A visitor fills 1 MiB in some 11 s of 16 KiB messages.) Now the
// replay is bounded like a staff transcript: the latest messages within half the queue.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct long_chat {
    test_server srv{[](server_config& c) {
        c.max_queue_bytes = 64 * 1024;  // the same overflow as 1 MiB, with less to send
        c.messages_per_second = 1000;
        c.message_burst = 1000;
    }};
    ws_client li, v;
    std::string conv, resume;

    // 40 messages of 3,000 bytes: about twice the send queue.
    void fill() {
        srv.add_staff("li", role::consultant);
        auto w = open_chat(srv.port(), li, v);
        ASSERT_TRUE(w);
        conv = str(*w, "conversation");
        resume = str(*w, "resume");
        for (int i = 1; i <= 40; ++i) {
            v.send(say(std::string(1000, 'a' + i % 26) + "长长长" + std::to_string(i) + std::string(991, 'x'),
                       "long-" + std::to_string(i)));
            ASSERT_TRUE(v.next_of("ack"));
        }
    }
};

// Frames until the socket is quiet; nullopt-free list of types, and the last seq replayed.
struct replay {
    std::vector<std::string> types;
    std::uint64_t last_seq = 0;
};

replay read_replay(ws_client& c) {
    replay r;
    while (auto f = c.next(1s)) {
        r.types.push_back(str(*f, "type"));
        if (r.types.back() == "message") r.last_seq = (*f)["seq"].GetUint64();
    }
    return r;
}

}  // namespace

TEST(long_resume, an_open_conversation_longer_than_the_send_queue_resumes_from_zero) {
    long_chat c;
    ASSERT_NO_FATAL_FAILURE(c.fill());
    c.v.close();

    ws_client back;
    ASSERT_EQ(back.connect(c.srv.port(), "/ws/visitor?resume=" + c.resume + "&after=0"), 101);
    auto r = read_replay(back);
    ASSERT_FALSE(r.types.empty()) << "cut off before the welcome";
    EXPECT_EQ(r.types.front(), "welcome");
    EXPECT_EQ(r.last_seq, 40u) << "the latest message is replayed";
    EXPECT_EQ(r.types.back(), "status");
    back.send(say("我回来了", "back-1"));
    auto ack = back.next_of("ack");
    ASSERT_TRUE(ack) << "the resumed socket does not work";
    EXPECT_EQ((*ack)["seq"].GetUint64(), 41u);
}

TEST(long_resume, an_ended_conversation_longer_than_the_send_queue_can_still_be_seen_and_rated) {
    long_chat c;
    ASSERT_NO_FATAL_FAILURE(c.fill());
    c.v.send(R"({"type":"leave"})");
    ASSERT_TRUE(c.v.next_of("ended"));
    c.v.close();

    ws_client back;
    ASSERT_EQ(back.connect(c.srv.port(), "/ws/visitor?resume=" + c.resume + "&after=0"), 101);
    auto r = read_replay(back);
    ASSERT_FALSE(r.types.empty()) << "cut off before the welcome";
    EXPECT_EQ(r.types.front(), "welcome");
    EXPECT_EQ(r.last_seq, 40u);
    EXPECT_EQ(r.types.back(), "ended");
    back.send(R"({"type":"rate","satisfied":true})");
    EXPECT_TRUE(back.next_of("rated")) << "the resumed socket does not work";
}
