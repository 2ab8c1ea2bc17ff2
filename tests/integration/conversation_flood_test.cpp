// One visitor flooding its conversation over many sockets. A page may resume one conversation on
// several sockets (tabs), up to visitor-sockets-per-address (64), and the frame budget
// (message-burst, messages-per-second) was per socket: repro on the real binary, 11 sockets of
// one conversation sent 20 messages each and all 220 were acked, kept and relayed at once; 64
// sockets make 320 messages a second sustained into one consultant's console and the store. Now
// the visitor's messages in a conversation share one budget, whatever the number of sockets.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

}  // namespace

TEST(conversation_flood, a_visitor_on_six_sockets_gets_one_conversations_budget) {
    test_server srv([](server_config& c) {
        c.messages_per_second = 1;
        c.message_burst = 5;
    });
    srv.add_staff("li", role::consultant);
    ws_client li;
    std::vector<std::unique_ptr<ws_client>> tabs;
    tabs.push_back(std::make_unique<ws_client>());
    auto w = open_chat(srv.port(), li, *tabs[0]);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation"), resume = str(*w, "resume");
    ASSERT_TRUE(li.next_of("assigned"));
    for (int i = 1; i < 6; ++i) {
        tabs.push_back(std::make_unique<ws_client>());
        ASSERT_EQ(tabs.back()->connect(srv.port(), "/ws/visitor?resume=" + resume + "&after=0"), 101);
        ASSERT_TRUE(tabs.back()->next_of("status"));
    }

    for (std::size_t i = 0; i < tabs.size(); ++i)
        for (int k = 0; k < 5; ++k)
            tabs[i]->send(say("刷屏" + std::to_string(i) + "-" + std::to_string(k), "f" + std::to_string(i) + "-" + std::to_string(k)));
    int acks = 0, limited = 0;
    for (auto& t : tabs)
        for (int answered = 0; answered < 5;) {
            auto f = t->next(3s);
            ASSERT_TRUE(f) << "a say got no answer";
            std::string type = str(*f, "type");
            if (type == "ack") ++acks, ++answered;
            else if (type == "error") {
                EXPECT_EQ(str(*f, "code"), "rate_limited");
                EXPECT_FALSE(str(*f, "id").empty()) << "the refused say is named";
                ++limited, ++answered;
            }
        }
    // One budget: the burst of 5, and at most a token or two more while the frames arrive.
    EXPECT_LE(acks, 7) << "each socket had a budget of its own";
    EXPECT_EQ(acks + limited, 30);

    // The consultant is still served and can still answer.
    li.send(say("请慢慢说，我在。", "c1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    EXPECT_TRUE(tabs[0]->next_of("message"));
}
