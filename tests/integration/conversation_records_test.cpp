// The open-conversation bound counted message text only: repro on main, with
// max-conversation-bytes at 16 KiB a visitor sent 400 one-character `say`s (3 bytes of text each,
// some 200 bytes of memory each: the record, its id, its time, the analyzer's share) and every one
// was acked, because 1,200 bytes of text are far below the bound; at the 1 MiB default that is
// 350,000 records. Now each message costs what memory holds for it
// (core/conversation_size.hpp), so many tiny messages meet the bound too, and nothing acked is lost.
#include "test_server.hpp"

#include "core/conversation_size.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {
std::string str(const json& j, const char* key) { return j[key].GetString(); }
}  // namespace

TEST(conversation_records, many_tiny_messages_meet_the_conversations_bound_and_the_acked_ones_are_kept) {
    const std::size_t bound = 16 * 1024;
    test_server srv([&](server_config& c) {
        c.max_conversation_bytes = bound;
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

    int acked = 0, full = 0;
    for (int i = 0; i < 400 && full < 3; ++i) {
        v.send(say("好", "t-" + std::to_string(i)));
        std::optional<json> f;
        do f = v.next(3s);
        while (f && str(*f, "type") != "ack" && str(*f, "type") != "error");
        ASSERT_TRUE(f) << "say " << i << " got no answer";
        if (str(*f, "type") == "ack") {
            EXPECT_EQ(full, 0) << "a say was acked after one was refused for the bound";
            ++acked;
        } else {
            EXPECT_EQ(str(*f, "code"), "conversation_full");
            ++full;
        }
    }
    EXPECT_GT(full, 0) << acked << " tiny messages held, 3 bytes of text each, were never bounded";
    // Loosely: each message costs at least its record, at most a kilobyte.
    EXPECT_LE(static_cast<std::size_t>(acked), bound / sizeof(message));
    EXPECT_GE(acked, static_cast<int>(bound / 1024));

    // Everything acknowledged is kept, in order, and the conversation still ends.
    auto got = srv.http("GET", "/api/conversations/" + conv, {}, srv.login("zhou"));
    ASSERT_EQ(got.status, 200) << got.body;
    auto doc = parse(got.body);
    ASSERT_TRUE(doc["messages"].IsArray());
    EXPECT_EQ(doc["messages"].Size(), static_cast<rapidjson::SizeType>(acked));
    li.send(R"({"type":"end","conversation":")" + conv + R"("})");
    EXPECT_TRUE(v.next_of("ended"));
}
