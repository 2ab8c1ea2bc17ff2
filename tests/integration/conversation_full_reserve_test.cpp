// A visitor filling its conversation to max-conversation-bytes (a flood, or a whole document
// pasted) left the consultant unable to say anything more in it: repro on main, after the
// visitor's says met the bound (large ones, then one-character ones until those were refused too),
// the consultant's "请您不要重复发送，有需要请致电诊所。" got `conversation_full`; the consultant
// could only end the conversation, without a word. Now staff messages have a reserve of a
// sixteenth of the bound beyond it (core/conversation_size.hpp): the consultant can still answer,
// the visitor stays refused, and the reserve is bounded too.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

// Sends a say and returns "ack" or the error code.
std::string send_say(ws_client& c, const std::string& text, const std::string& id, const std::string& conv = {}) {
    c.send(say(text, id, conv));
    for (;;) {
        auto f = c.next(3s);
        if (!f) return "timeout";
        auto type = str(*f, "type");
        if (type == "ack") return "ack";
        if (type == "error") return str(*f, "code");
    }
}

}  // namespace

TEST(conversation_full_reserve, the_consultant_can_still_answer_a_conversation_the_visitor_filled) {
    test_server srv([](server_config& c) {
        c.max_conversation_bytes = 16 * 1024;
        c.messages_per_second = 100000;
        c.message_burst = 100000;
    });
    srv.add_staff("li", role::consultant);
    srv.add_staff("zhou", role::supervisor);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));

    int acked = 0, i = 0;
    // The visitor fills it: large says, then one-character ones until those are refused too.
    for (std::string r; i < 100 && (r = send_say(v, std::string(1000, 'a'), "big-" + std::to_string(i))) != "conversation_full"; ++i) {
        ASSERT_EQ(r, "ack");
        ++acked;
    }
    for (std::string r; i < 200 && (r = send_say(v, "啊", "small-" + std::to_string(i))) != "conversation_full"; ++i) {
        ASSERT_EQ(r, "ack");
        ++acked;
    }
    ASSERT_LT(i, 200);

    // The consultant can still answer ...
    EXPECT_EQ(send_say(li, "请您不要重复发送，有需要请致电诊所。", "c-1", conv), "ack")
        << "the visitor's flood silenced the consultant";
    ++acked;
    EXPECT_TRUE(v.next_of("message")) << "the visitor gets the answer";
    // ... the visitor stays refused ...
    EXPECT_EQ(send_say(v, "啊", "small-after"), "conversation_full");
    // ... and the consultant's reserve is bounded too (a sixteenth of 16 KiB: about 1 KiB).
    int reserve_acks = 0;
    std::string r;
    while (reserve_acks < 20 && (r = send_say(li, std::string(300, 'b'), "c-r" + std::to_string(reserve_acks), conv)) == "ack")
        ++reserve_acks, ++acked;
    EXPECT_EQ(r, "conversation_full");
    EXPECT_LE(reserve_acks, 3);

    // Everything acknowledged is kept, and the conversation still ends.
    auto got = srv.http("GET", "/api/conversations/" + conv, {}, srv.login("zhou"));
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(parse(got.body)["messages"].Size(), static_cast<rapidjson::SizeType>(acked));
    li.send(R"({"type":"end","conversation":")" + conv + R"("})");
    EXPECT_TRUE(v.next_of("ended"));
}
