// An open conversation's size in memory. Every message of an open conversation stays in memory
// until it ends, and a conversation had no bound: repro on the real binary, one address with its
// ten conversations sent 16 KiB `say`s within the frame budget and each grew by about 80 KB/s,
// for as long as the visitor kept going. Now the message text an open conversation holds is
// bounded by max-conversation-bytes: a `say` beyond it gets `conversation_full` (with its id,
// before it gets a seq), and every message acknowledged before it is kept and readable.
#include "test_server.hpp"

#include "core/conversation_size.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

// The next ack or error, skipping everything else.
std::optional<json> answer(ws_client& c) {
    for (;;) {
        auto f = c.next(3s);
        if (!f) return std::nullopt;
        auto type = str(*f, "type");
        if (type == "ack" || type == "error") return f;
    }
}

}  // namespace

TEST(conversation_size, a_say_beyond_the_conversations_bound_is_refused_and_nothing_acked_is_lost) {
    test_server srv([](server_config& c) {
        // Room for eight of the 1,000-byte messages below, as the bound counts them (text, id,
        // and what memory holds around each).
        c.max_conversation_bytes = 8 * conversation_size::cost(1000, 0, 6);
        c.messages_per_second = 1000;
        c.message_burst = 1000;
    });
    srv.add_staff("li", role::consultant);
    srv.add_staff("zhou", role::supervisor);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));

    // 1,000-byte messages (ids of 5 bytes): eight fit, then the bound.
    std::string line = std::string(988, 'a') + "请问";  // 988 + 6 bytes
    int acked = 0, full = 0;
    for (int i = 1; i <= 30; ++i) {
        v.send(say(line + std::to_string(i % 10) + "。", "big-" + std::to_string(i)));  // 1,000 bytes
        auto f = answer(v);
        ASSERT_TRUE(f) << "say " << i << " got no answer";
        if (str(*f, "type") == "ack") {
            ++acked;
            EXPECT_EQ(full, 0) << "a say was acked after one was refused for the bound";
        } else {
            EXPECT_EQ(str(*f, "code"), "conversation_full");
            EXPECT_EQ(str(*f, "id"), "big-" + std::to_string(i)) << "the refused say is named";
            EXPECT_NE(str(*f, "message").find("上限"), std::string::npos);
            ++full;
        }
    }
    EXPECT_EQ(acked, 8) << "the conversation grew past max-conversation-bytes";
    EXPECT_EQ(full, 22);

    // The consultant's long answer does not fit either; the socket stays and `end` still works.
    li.send(say(std::string(1000, 'b'), "c-big", conv));
    auto refused = answer(li);
    ASSERT_TRUE(refused);
    EXPECT_EQ(str(*refused, "code"), "conversation_full");

    // Everything acknowledged is kept, in order.
    auto token = srv.login("zhou");
    auto got = srv.http("GET", "/api/conversations/" + conv, {}, token);
    ASSERT_EQ(got.status, 200) << got.body;
    auto doc = parse(got.body);
    ASSERT_TRUE(doc["messages"].IsArray());
    ASSERT_EQ(doc["messages"].Size(), 8u);
    for (rapidjson::SizeType i = 0; i < 8; ++i) EXPECT_EQ(doc["messages"][i]["seq"].GetUint64(), i + 1);

    li.send(R"({"type":"end","conversation":")" + conv + R"("})");
    EXPECT_TRUE(v.next_of("ended"));

    // Another visitor's conversation is not touched by it.
    ws_client v2;
    ASSERT_EQ(v2.connect(srv.port(), "/ws/visitor"), 101);
    ASSERT_TRUE(v2.next_of("welcome"));
    v2.send(say(line + "0。", "other-1"));
    auto ok = answer(v2);
    ASSERT_TRUE(ok);
    EXPECT_EQ(str(*ok, "type"), "ack");
}
