// Sending again is safe (PROTOCOL.md): a `say` repeating the id of one of the sender's last 64
// messages is the same message. The window counted every message of the conversation, not the
// sender's: a visitor whose socket dropped before its ack, while the consultant wrote 64 lines,
// resent its message on resume and it was kept (and relayed) a second time.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

}  // namespace

TEST(resend_window, the_other_side_writing_meanwhile_does_not_push_a_resend_out_of_the_window) {
    test_server srv([](server_config& c) {
        c.messages_per_second = 1000;  // the consultant writes its 64 lines at once
        c.message_burst = 1000;
    });
    srv.add_staff("li", role::consultant);
    ws_client li;
    auto v = std::make_unique<ws_client>();
    auto w = open_chat(srv.port(), li, *v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation"), resume = str(*w, "resume");
    ASSERT_TRUE(li.next_of("assigned"));

    v->send(say("请问周六上班吗？", "v-before-the-drop-01"));
    auto first = v->next_of("ack");
    ASSERT_TRUE(first);
    v->drop();  // the page never saw that ack

    for (int i = 0; i < 64; ++i) {
        li.send(say("第" + std::to_string(i + 1) + "条回复", "c" + std::to_string(i), conv));
        ASSERT_TRUE(li.next_of("ack"));
    }

    ws_client back;
    ASSERT_EQ(back.connect(srv.port(), "/ws/visitor?resume=" + resume + "&after=0"), 101);
    ASSERT_TRUE(back.next_of("status"));
    back.send(say("请问周六上班吗？", "v-before-the-drop-01"));
    auto again = back.next_of("ack");
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)["seq"].GetUint64(), (*first)["seq"].GetUint64()) << "kept a second time";
    EXPECT_EQ(str(*again, "at"), str(*first, "at"));
    while (auto f = li.next(300ms)) EXPECT_NE(str(*f, "type"), "message") << "relayed a second time";
    srv.store().flush();
    auto stored = srv.store().conversation(conv);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->messages.size(), 65u);
}
