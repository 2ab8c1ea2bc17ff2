// How the relay hands frames to sockets: with one network thread, what the hub sends on that
// thread (acks, relayed messages, queue news) is written at once, with no post to the socket's
// strand; with more threads it is posted. Either way every socket sees its frames in the order
// the core decided. Counted by /metrics (lingting_socket_sends_total).
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string say(const std::string& text, const std::string& id, const std::string& conv = "") {
    std::string f = R"({"type":"say","text":")" + text + R"(","id":")" + id + "\"";
    if (!conv.empty()) f += R"(,"conversation":")" + conv + "\"";
    return f + "}";
}

std::uint64_t metric(test_server& srv, const std::string& line_start) {
    auto body = srv.http("GET", "/metrics").body;
    auto at = body.find("\n" + line_start + " ");
    if (at == std::string::npos) return ~std::uint64_t{0};
    return std::stoull(body.substr(at + 1 + line_start.size() + 1));
}

// Both sides of one conversation say `n` things each, waiting for nothing; each side checks
// that its acks come in the order it sent and the other side's messages in seq order.
void converse(test_server& srv, int n) {
    ws_client consultant, visitor;
    auto welcome = open_chat(srv.port(), consultant, visitor);
    ASSERT_TRUE(welcome);
    std::string conv = (*welcome)["conversation"].GetString();
    for (int i = 0; i < n; ++i) {
        visitor.send(say("访客消息" + std::to_string(i), "v" + std::to_string(i)));
        consultant.send(say("您好，第" + std::to_string(i) + "条。", "c" + std::to_string(i), conv));
    }
    for (auto* side : {&visitor, &consultant}) {
        std::string mine = side == &visitor ? "v" : "c";
        int acks = 0, messages = 0;
        std::uint64_t last_seq = 0;
        while (acks < n || messages < n) {
            auto f = side->next(5s);
            ASSERT_TRUE(f) << mine << ": " << acks << " acks, " << messages << " messages";
            std::string type = (*f)["type"].GetString();
            if (type == "ack") {
                EXPECT_EQ((*f)["id"].GetString(), mine + std::to_string(acks));
                ++acks;
            } else if (type == "message") {
                auto seq = (*f)["seq"].GetUint64();
                EXPECT_GT(seq, last_seq);
                last_seq = seq;
                ++messages;
            }
        }
    }
}

}  // namespace

TEST(socket_sends, with_one_network_thread_the_hubs_frames_are_written_at_once_in_order) {
    test_server srv([](server_config& c) { c.threads = 1; });
    srv.add_staff("li", role::consultant);
    converse(srv, 50);
    auto at_once = metric(srv, R"(lingting_socket_sends_total{how="at_once"})");
    auto posted = metric(srv, R"(lingting_socket_sends_total{how="posted"})");
    // 100 acks and 100 relayed messages, in hand-overs of one or more frames each (a commit's
    // frames for one socket go together), all made on the network thread: the store's
    // completions come to it in one post per commit.
    EXPECT_NE(at_once, ~std::uint64_t{0});
    EXPECT_GE(at_once, 3u);  // the welcome, the assignment, and at least one commit's frames
    EXPECT_EQ(posted, 0u);
}

TEST(socket_sends, with_two_network_threads_the_hubs_frames_are_posted_in_order) {
    test_server srv([](server_config& c) { c.threads = 2; });
    srv.add_staff("li", role::consultant);
    converse(srv, 50);
    auto at_once = metric(srv, R"(lingting_socket_sends_total{how="at_once"})");
    auto posted = metric(srv, R"(lingting_socket_sends_total{how="posted"})");
    EXPECT_EQ(at_once, 0u);
    EXPECT_NE(posted, ~std::uint64_t{0});
    EXPECT_GE(posted, 3u);
}
