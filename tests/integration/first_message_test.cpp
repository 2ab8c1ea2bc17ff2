// Defect 10 (#11) over real sockets: the chat page is a browsing socket until the visitor writes;
// opening it takes no consultant's seat, no queue place and no row in the SQLite file.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <thread>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

// Rows in the real database file, read over a connection of the test's own.
int conversation_rows(test_server& srv) {
    srv.store().flush();
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(srv.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM conversations", -1, &st, nullptr);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

// The consultant li (already added) logged in, the queue's state heard.
void connect_consultant(test_server& srv, ws_client& li) {
    ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    ASSERT_TRUE(li.next_of("queue_state"));
}

}  // namespace

TEST(first_message_relay, the_chat_page_opens_free_and_the_first_message_opens_the_conversation) {
    test_server srv([](server_config& c) { c.max_conversations_per_consultant = 1; });
    srv.add_staff("li", role::consultant);
    ws_client li;
    ASSERT_NO_FATAL_FAILURE(connect_consultant(srv, li));

    // Three pages open; none of them says anything.
    std::vector<std::unique_ptr<ws_client>> pages;
    for (int i = 0; i < 3; ++i) {
        pages.push_back(std::make_unique<ws_client>());
        ASSERT_EQ(pages.back()->connect(srv.port(), "/ws/visitor?browse=1&department=%E7%94%B7%E7%A7%91"), 101);
        auto hello = pages.back()->next_of("browsing");
        ASSERT_TRUE(hello && hello->HasMember("online"));
        EXPECT_TRUE((*hello)["online"].GetBool());
        EXPECT_EQ(str(*hello, "department"), "男科");
    }
    while (auto f = li.next(300ms)) EXPECT_NE(str(*f, "type"), "assigned") << "an open page takes no seat";
    EXPECT_EQ(conversation_rows(srv), 0);

    // The third one writes: li (maximum 1) gets it, so the other two took nothing.
    auto& v = *pages[2];
    v.send(say("医生你好，我想问一下", "m1"));
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    auto ack = v.next_of("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ((*ack)["seq"].GetUint64(), 1u);
    auto a = li.next_of("assigned");
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "conversation"), str(*w, "conversation"));
    auto m = li.next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), "医生你好，我想问一下");
    EXPECT_EQ(conversation_rows(srv), 1);

    // The page resumes like any conversation (another page of the site, a reload).
    std::string token = str(*w, "resume");
    v.close();
    ws_client back;
    ASSERT_EQ(back.connect(srv.port(), "/ws/visitor?resume=" + token + "&after=0"), 101);
    auto again = back.next_of("welcome");
    ASSERT_TRUE(again);
    EXPECT_EQ(str(*again, "conversation"), str(*w, "conversation"));
    auto replay = back.next_of("message");
    ASSERT_TRUE(replay);
    EXPECT_EQ((*replay)["seq"].GetUint64(), 1u);
}

TEST(first_message_relay, nobody_online_the_page_is_told_and_told_again_when_someone_logs_in) {
    test_server srv;
    srv.add_staff("li", role::consultant, {"男科"});
    ws_client page;
    ASSERT_EQ(page.connect(srv.port(), "/ws/visitor?browse=1&department=%E7%94%B7%E7%A7%91"), 101);
    auto hello = page.next_of("browsing");
    ASSERT_TRUE(hello && hello->HasMember("online"));
    EXPECT_FALSE((*hello)["online"].GetBool());
    ws_client li;
    ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    auto on = page.next_of("availability");
    ASSERT_TRUE(on);
    EXPECT_TRUE((*on)["online"].GetBool());
    li.close();
    auto off = page.next_of("availability");
    ASSERT_TRUE(off);
    EXPECT_FALSE((*off)["online"].GetBool());
}

// Defect 2 (#11): a browser quitting sends 1001 and vanishes; our close reply meets a reset.
// That is the visitor leaving (leave grace, then `visitor`), not a drop (`system` after 60 s).
TEST(first_message_relay, a_close_frame_then_a_reset_is_the_visitor_leaving) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    ws_client li;
    ASSERT_NO_FATAL_FAILURE(connect_consultant(srv, li));
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    v.send(say("我先看看", "m1"));
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    ASSERT_TRUE(v.next_of("ack"));
    std::string conv = str(*w, "conversation");
    v.close_and_vanish(1001);
    std::this_thread::sleep_for(300ms);  // the server has seen it go
    srv.clk().advance(6s);                // past the leave grace (5 s), far from the resume grace
    srv.chat().wake();
    std::optional<ending> how;
    for (int i = 0; i < 300 && !how; ++i) {
        srv.store().flush();
        if (auto c = srv.store().conversation(conv)) how = c->how;
        if (!how) std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(how, ending::visitor);
}

// The page sent its first message, then its network dropped before the welcome came: it knows
// no conversation, so it sends the message again from its next browsing socket. That must land in
// the conversation the first send opened: one conversation, the message kept once, the consultant
// assigned once. (Before, a second conversation opened and the first ended as `system`.)
TEST(first_message_relay, a_first_message_sent_again_after_a_drop_lands_in_the_conversation_it_opened) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    ws_client li;
    ASSERT_NO_FATAL_FAILURE(connect_consultant(srv, li));
    const std::string first_id = "v3kq0x2h7ab19zzc41mo0pq";  // what the page makes: 96 random bits

    ws_client gone;
    ASSERT_EQ(gone.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    ASSERT_TRUE(gone.next_of("browsing"));
    gone.send(say("做一次试管大概多少钱？", first_id));
    auto assigned = li.next_of("assigned");
    ASSERT_TRUE(assigned);
    std::string conv = str(*assigned, "conversation");
    ASSERT_TRUE(li.next_of("message"));  // committed
    gone.drop();  // no close frame: the server may still think it is there

    ws_client page;
    ASSERT_EQ(page.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    ASSERT_TRUE(page.next_of("browsing"));
    page.send(say("做一次试管大概多少钱？", first_id));
    auto w = page.next_of("welcome");
    ASSERT_TRUE(w);
    EXPECT_EQ(str(*w, "conversation"), conv);
    auto ack = page.next_of("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ((*ack)["seq"].GetUint64(), 1u);
    EXPECT_EQ(str(*ack, "id"), first_id);

    // The consultant answers; the page hears it. Nothing new reached the consultant.
    li.send(say("您好，试管费用因方案不同在三到五万之间。", "c1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    auto reply = page.next_of("message");
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["seq"].GetUint64(), 2u);
    while (auto f = li.next(300ms)) {
        EXPECT_NE(str(*f, "type"), "assigned") << "a second conversation was opened";
        EXPECT_NE(str(*f, "type"), "message") << "the first message was kept twice";
    }
    EXPECT_EQ(conversation_rows(srv), 1);

    // Within the conversation too: a message sent again is acknowledged as the first, kept once.
    page.send(say("好的，那需要提前预约吗", "v-second-message-0001"));
    auto second = page.next_of("ack");
    ASSERT_TRUE(second);
    page.send(say("好的，那需要提前预约吗", "v-second-message-0001"));
    auto again = page.next_of("ack");
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)["seq"].GetUint64(), (*second)["seq"].GetUint64());
    EXPECT_EQ(str(*again, "at"), str(*second, "at"));
    ASSERT_TRUE(li.next_of("message"));
    while (auto f = li.next(300ms)) EXPECT_NE(str(*f, "type"), "message") << "kept twice";
    srv.store().flush();
    auto stored = srv.store().conversation(conv);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->messages.size(), 3u);
}

// A short id is no key: another page that happens to use "m1" opens its own conversation.
TEST(first_message_relay, a_short_first_id_never_finds_another_conversation) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    ws_client li;
    ASSERT_NO_FATAL_FAILURE(connect_consultant(srv, li));
    ws_client a, b;
    ASSERT_EQ(a.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    a.send(say("你好", "m1"));
    auto wa = a.next_of("welcome");
    ASSERT_TRUE(wa);
    a.drop();
    ASSERT_EQ(b.connect(srv.port(), "/ws/visitor?browse=1"), 101);
    b.send(say("你好", "m1"));
    auto wb = b.next_of("welcome");
    ASSERT_TRUE(wb);
    EXPECT_NE(str(*wb, "conversation"), str(*wa, "conversation"));
}
