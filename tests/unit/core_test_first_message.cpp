// Defect 10 (#11): the conversation begins with the visitor's first message, not with the page.
// A chat page is a browsing socket until then: no seat, no queue place, no store row; the
// admission limits apply when the conversation is created. And whether anyone of the
// department is online reaches the page before and after its first message (defect 9).
#include "core_fixture.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using lingting::testing::parse;

namespace {

class first_message : public lingting::testing::core_fixture {
protected:
    std::size_t sent_to_anyone(std::string_view type) {
        std::size_t n = 0;
        for (auto& f : out.frames)
            if (type == parse(*f.text)["type"].GetString()) ++n;
        return n;
    }
    template <class W>
    std::size_t writes_of() const {
        std::size_t n = 0;
        for (auto& w : out.writes) n += std::holds_alternative<W>(w.write);
        return n;
    }
    // The chat page opening: a browsing socket of the department.
    void page(session_id sid, const std::string& dept = "", const std::string& address = "198.51.100.1") {
        core->visitor_browse(sid, visitor_arrival{dept, address, {}, {}}, now, out);
    }
    void say(session_id sid, const std::string& text, const std::string& id) {
        core->on_frame(sid, proto::say{"", text, id}, now, out);
    }
};

}  // namespace

TEST_F(first_message, opening_the_page_takes_no_seat_no_queue_place_and_no_row) {
    settings.max_load = 1;
    make();
    consultant(100, "li");
    clear();
    page(1, "男科");
    auto hello = sent(1, "browsing");
    ASSERT_EQ(hello.size(), 1u);
    ASSERT_TRUE(hello[0].HasMember("online") && hello[0].HasMember("department"));
    EXPECT_TRUE(hello[0]["online"].GetBool());
    EXPECT_STREQ(hello[0]["department"].GetString(), "男科");
    EXPECT_TRUE(sent(1, "welcome").empty());
    EXPECT_EQ(sent_to_anyone("assigned"), 0u);
    EXPECT_EQ(sent_to_anyone("queue_add"), 0u);
    EXPECT_TRUE(out.writes.empty()) << "no store row for a page that only opened";
    EXPECT_EQ(core->stats().open_conversations, 0u);
    EXPECT_EQ(core->stats().queued, 0u);
    // The seat is still free: a visitor who writes gets li at once, with max_load 1.
    page(2, "男科");
    say(2, "你好，想咨询一下", "m1");
    EXPECT_EQ(sent(100, "assigned").size(), 1u);
}

TEST_F(first_message, the_first_message_opens_the_conversation_routes_it_and_is_acked) {
    consultant(100, "li");
    page(1, "男科");
    clear();
    say(1, "医生你好", "m1");
    auto w = sent(1, "welcome");
    ASSERT_EQ(w.size(), 1u);
    std::string conv = w[0]["conversation"].GetString();
    EXPECT_FALSE(std::string(w[0]["resume"].GetString()).empty());
    ASSERT_GE(out.writes.size(), 2u);
    auto* opened = std::get_if<open_conversation>(&out.writes[0].write);
    ASSERT_TRUE(opened) << "the row is written before the message";
    EXPECT_EQ(opened->id, conv);
    EXPECT_EQ(opened->department, "男科");
    EXPECT_EQ(writes_of<append_message>(), 1u);
    auto a = sent(100, "assigned");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0]["conversation"].GetString(), conv);
    auto st = sent(1, "status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_STREQ(st[0]["state"].GetString(), "served");
    ASSERT_TRUE(st[0].HasMember("consultant"));
    EXPECT_STREQ(st[0]["consultant"].GetString(), "li") << "the page shows who serves";
    commit_all();
    auto ack = sent(1, "ack");
    ASSERT_EQ(ack.size(), 1u);
    EXPECT_EQ(ack[0]["seq"].GetUint64(), 1u);
    auto m = sent(100, "message");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_STREQ(m[0]["text"].GetString(), "医生你好");
    // The page is no longer a browsing visitor: its next message joins the same conversation.
    clear();
    say(1, "在吗", "m2");
    EXPECT_TRUE(sent(1, "welcome").empty());
    commit_all();
    ASSERT_EQ(sent(1, "ack").size(), 1u);
    EXPECT_EQ(sent(1, "ack").at(0)["seq"].GetUint64(), 2u);
    EXPECT_EQ(core->stats().open_conversations, 1u);
}

TEST_F(first_message, the_per_address_limit_applies_when_the_conversation_is_created) {
    settings.conversations_per_address = 1;
    make();
    consultant(100, "li");
    page(1, "", "198.51.100.7");
    page(2, "", "198.51.100.7");  // opening a second page is free
    EXPECT_EQ(sent(2, "browsing").size(), 1u);
    say(1, "你好", "a");
    clear();
    say(2, "你好", "b");
    auto busy = sent(2, "busy");
    ASSERT_EQ(busy.size(), 1u);
    EXPECT_STREQ(busy[0]["reason"].GetString(), "too_many");
    EXPECT_TRUE(out.closes.empty()) << "the page stays, to offer the leave-a-message form";
    EXPECT_TRUE(out.writes.empty());
    EXPECT_EQ(core->stats().open_conversations, 1u);
    // Another address is not affected.
    page(3, "", "198.51.100.8");
    say(3, "你好", "c");
    EXPECT_EQ(sent(3, "welcome").size(), 1u);
}

TEST_F(first_message, a_full_queue_refuses_the_first_message_not_the_page) {
    settings.max_queue = 1;
    make();
    page(1);
    page(2, "", "198.51.100.2");
    say(1, "有人吗", "a");
    EXPECT_EQ(core->stats().queued, 1u);
    clear();
    say(2, "有人吗", "b");
    auto busy = sent(2, "busy");
    ASSERT_EQ(busy.size(), 1u);
    EXPECT_STREQ(busy[0]["reason"].GetString(), "queue_full");
    EXPECT_TRUE(out.writes.empty());
    EXPECT_EQ(core->stats().queued, 1u);
}

TEST_F(first_message, the_page_hears_when_its_department_comes_online_and_goes_offline) {
    page(1, "男科");
    ASSERT_TRUE(sent(1, "browsing").at(0).HasMember("online"));
    EXPECT_FALSE(sent(1, "browsing").at(0)["online"].GetBool());
    page(2, "妇科", "198.51.100.2");
    clear();
    consultant(100, "li", {"男科"});
    auto on = sent(1, "availability");
    ASSERT_EQ(on.size(), 1u);
    EXPECT_TRUE(on[0]["online"].GetBool());
    EXPECT_TRUE(sent(2, "availability").empty()) << "li does not serve 妇科";
    // A second consultant of 男科 changes nothing for the page.
    clear();
    consultant(101, "zhao", {"男科"});
    EXPECT_TRUE(sent(1, "availability").empty());
    core->on_disconnect(101, true, now, out);
    EXPECT_TRUE(sent(1, "availability").empty());
    // Queued or served, the visitor keeps hearing: li leaves, the visitor is told no one is there.
    say(1, "你好", "m1");
    clear();
    core->on_disconnect(100, true, now, out);
    auto off = sent(1, "availability");
    ASSERT_EQ(off.size(), 1u);
    EXPECT_FALSE(off[0]["online"].GetBool());
}

TEST_F(first_message, a_queued_visitor_is_told_when_nobody_is_left_online) {
    settings.max_load = 1;
    make();
    consultant(100, "li");
    page(1);
    say(1, "一", "a");
    page(2, "", "198.51.100.2");
    say(2, "二", "b");
    EXPECT_EQ(core->stats().queued, 1u);
    clear();
    core->on_disconnect(100, false, now, out);
    auto off = sent(2, "availability");
    ASSERT_EQ(off.size(), 1u);
    EXPECT_FALSE(off[0]["online"].GetBool());
}

TEST_F(first_message, the_page_gets_the_clinic_name_greeting_and_departments_from_the_rules) {
    auto lex = std::make_shared<lexicon>(*builtin_lexicon());
    lex->rules.clinic_name = "聆听示范医院";
    lex->rules.greeting = "您好，欢迎咨询！";
    core->set_lexicon(lex);
    page(1, "不存在的科室");
    auto c = sent(1, "clinic");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_STREQ(c[0]["name"].GetString(), "聆听示范医院");
    EXPECT_STREQ(c[0]["greeting"].GetString(), "您好，欢迎咨询！");
    EXPECT_EQ(c[0]["departments"].Size(), lex->rules.departments.size());
    EXPECT_EQ(c[0]["department"].GetString(), lex->rules.default_department);
    // The greeting is not a message: the first message has seq 1 and the visitor's wait starts
    // with it (nothing from the clinic answered it).
    consultant(100, "li");
    clear();
    say(1, "你好", "m1");
    EXPECT_EQ(writes_of<append_message>(), 1u) << "the greeting is not stored";
    commit_all();
    EXPECT_EQ(sent(1, "ack").at(0)["seq"].GetUint64(), 1u);
    auto board = core->board();
    ASSERT_EQ(board.size(), 1u);
    EXPECT_EQ(board[0].waiting_since, now);
}

// The page's first message opened A and its socket dropped before the welcome; the consultant
// ended A at that moment, so the page's resend (same id, A ending) opened B. When A's end became
// durable, forgetting A also forgot B's first id (the index holds one conversation per id): a
// second drop and resend then opened a third conversation instead of finding B, and the message
// was kept twice.
TEST_F(first_message, an_ending_conversation_does_not_take_the_next_ones_first_id_with_it) {
    consultant(100, "li");
    const std::string first_id = "k3v9x0q2m7ab19zzc41m";
    page(1);
    say(1, "做一次试管多少钱？", first_id);
    commit_all();
    std::string a = sent(1, "welcome").at(0)["conversation"].GetString();
    core->on_frame(100, proto::end{a}, now, out);  // its end not yet durable
    core->on_disconnect(1, false, now, out);
    page(2);
    say(2, "做一次试管多少钱？", first_id);
    auto opened = sent(2, "welcome");
    ASSERT_EQ(opened.size(), 1u);
    std::string b = opened[0]["conversation"].GetString();
    EXPECT_NE(b, a) << "A is ending: the resend opens a new conversation";
    commit_all();  // A's end, then B's row and message

    core->on_disconnect(2, false, now, out);
    clear();
    page(3);
    say(3, "做一次试管多少钱？", first_id);
    auto found = sent(3, "welcome");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(std::string(found[0]["conversation"].GetString()), b) << "a third conversation was opened";
    auto acks = sent(3, "ack");
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0]["seq"].GetUint64(), 1u) << "the first message was kept twice";
}
