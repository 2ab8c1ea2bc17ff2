// The relay's rules without a socket: events in, frames and writes out, time set by hand.
#include "core_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace lingting;
using lingting::testing::parse;

namespace {

class core_test : public lingting::testing::core_fixture {
protected:
    void visitor(session_id sid, const std::string& conv, const std::string& dept = "",
                 const std::string& address = "198.51.100.1", const std::string& invitation = "") {
        core->visitor_join(sid, visitor_arrival{dept, address, invitation, {}}, conv, "tok-" + conv, now, out);
    }
    void frame(session_id sid, proto::client_frame f) { core->on_frame(sid, f, now, out); }
    std::optional<ending> ended_as(const std::string& conv) {
        for (auto& w : out.writes)
            if (auto* e = std::get_if<end_conversation>(&w.write); e && e->id == conv) return e->how;
        return std::nullopt;
    }
};

}  // namespace

TEST_F(core_test, visitor_is_routed_to_the_online_consultant_and_only_it_is_told) {
    consultant(100, "li");
    consultant(101, "wang");
    clear();
    visitor(1, "c1");
    ASSERT_EQ(sent(1, "welcome").size(), 1u);
    auto a100 = sent(100, "assigned"), a101 = sent(101, "assigned");
    EXPECT_EQ(a100.size() + a101.size(), 1u);
    EXPECT_EQ(sent(1, "status").at(0)["state"].GetString(), std::string("served"));
}

TEST_F(core_test, say_is_acked_and_relayed_only_after_commit) {
    consultant(100, "li");
    visitor(1, "c1");
    clear();
    frame(1, proto::say{"", "你好", "v-1"});
    EXPECT_TRUE(sent(1, "ack").empty());
    EXPECT_TRUE(sent(100, "message").empty());
    ASSERT_EQ(out.writes.size(), 1u);
    commit_all();
    auto ack = sent(1, "ack");
    ASSERT_EQ(ack.size(), 1u);
    EXPECT_EQ(ack[0]["id"].GetString(), std::string("v-1"));
    EXPECT_EQ(ack[0]["seq"].GetUint64(), 1u);
    auto msg = sent(100, "message");
    ASSERT_EQ(msg.size(), 1u);
    EXPECT_EQ(msg[0]["from"].GetString(), std::string("visitor"));
    EXPECT_TRUE(sent(1, "message").empty()) << "the sender gets the ack and nothing more";
}

// A say sent again with the same client id (the socket dropped before its ack) is the same
// message, whether the first copy is still awaiting its commit or already committed; one whose
// commit failed was never stored, so sending it again is a new message.
TEST_F(core_test, a_resent_say_is_kept_once_pending_or_committed_and_a_failed_one_is_new) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    clear();
    auto appends = [&] {
        return std::count_if(out.writes.begin(), out.writes.end(),
                             [](auto& w) { return std::holds_alternative<append_message>(w.write); });
    };
    frame(1, proto::say{"", "种植牙多少钱", "v-1"});
    frame(1, proto::say{"", "种植牙多少钱", "v-1"});  // again while the first is pending
    EXPECT_EQ(appends(), 1) << "written once";
    commit_all();
    auto first = sent(1, "ack");
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(sent(100, "message").size(), 1u);
    clear();
    frame(1, proto::say{"", "种植牙多少钱", "v-1"});  // again after its commit
    EXPECT_EQ(appends(), 0);
    auto ack = sent(1, "ack");
    ASSERT_EQ(ack.size(), 1u);
    EXPECT_EQ(ack[0]["seq"].GetUint64(), first[0]["seq"].GetUint64()) << "acked as the first copy";
    EXPECT_TRUE(sent(100, "message").empty());
    clear();
    frame(100, proto::say{"c1", "您好，单颗三千八起", "c-1"});
    commit_all(false);
    EXPECT_EQ(sent(100, "error").size(), 1u);
    clear();
    frame(100, proto::say{"c1", "您好，单颗三千八起", "c-1"});  // its commit failed: a new message
    EXPECT_EQ(appends(), 1);
    commit_all();
    EXPECT_EQ(sent(100, "ack").size(), 1u);
    EXPECT_EQ(sent(1, "message").size(), 1u);
}

TEST_F(core_test, failed_commit_is_an_error_not_an_ack) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    clear();
    frame(1, proto::say{"", "你好", "v-1"});
    commit_all(false);
    EXPECT_TRUE(sent(1, "ack").empty());
    EXPECT_TRUE(sent(100, "message").empty());
    auto err = sent(1, "error");
    ASSERT_EQ(err.size(), 1u);
    EXPECT_EQ(err[0]["code"].GetString(), std::string("unavailable"));
    EXPECT_EQ(err[0]["id"].GetString(), std::string("v-1"));
}

// A rating is told `rated` only once it is stored; one the store could not keep is an error, and
// the visitor may rate again.
TEST_F(core_test, a_rating_is_answered_only_after_its_commit) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    clear();
    frame(1, proto::rate{true, "很耐心"});
    EXPECT_TRUE(sent(1, "rated").empty()) << "told before the rating was stored";
    ASSERT_EQ(out.writes.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<rate_conversation>(out.writes[0].write));
    commit_all(false);
    EXPECT_TRUE(sent(1, "rated").empty());
    auto err = sent(1, "error");
    ASSERT_EQ(err.size(), 1u);
    EXPECT_EQ(err[0]["code"].GetString(), std::string("unavailable"));
    EXPECT_EQ(err[0]["detail"].GetString(), std::string("rate"));
    clear();
    frame(1, proto::rate{true, "很耐心"});
    commit_all();
    auto rated = sent(1, "rated");
    ASSERT_EQ(rated.size(), 1u);
    EXPECT_EQ(rated[0]["conversation"].GetString(), std::string("c1"));
}

TEST_F(core_test, consultant_cannot_touch_a_conversation_not_theirs) {
    consultant(100, "li");
    visitor(1, "c1");
    consultant(101, "wang");
    commit_all();
    clear();
    ASSERT_EQ(core->consultant_of("c1"), "li");
    session_id other = 101;
    frame(other, proto::say{"c1", "hi", "x"});
    frame(other, proto::end{"c1"});
    auto errs = sent(other, "error");
    ASSERT_EQ(errs.size(), 2u);
    for (auto& e : errs) EXPECT_EQ(e["code"].GetString(), std::string("not_found"));
    EXPECT_TRUE(out.writes.empty());
}

TEST_F(core_test, roles_are_enforced) {
    core->staff_join(200, {"qa1", role::qa, {}}, now, out);
    core->staff_join(300, {"boss", role::supervisor, {}}, now, out);
    visitor(1, "c1");
    clear();
    frame(200, proto::say{"c1", "hi", "x"});
    frame(300, proto::say{"c1", "hi", "y"});
    frame(1, proto::end{"c1"});
    frame(1, proto::take{""});
    frame(200, proto::watch{"c1"});
    for (session_id s : {200, 300}) EXPECT_EQ(sent(s, "error").at(0)["code"].GetString(), std::string("forbidden"));
    EXPECT_EQ(sent(1, "error").size(), 2u);
    EXPECT_EQ(sent(200, "error").size(), 2u);
}

TEST_F(core_test, queue_when_nobody_is_free_then_drains_when_a_consultant_comes) {
    settings.max_load = 1;
    make();
    consultant(100, "li");
    visitor(1, "c1");
    visitor(2, "c2");
    visitor(3, "c3");
    EXPECT_EQ(sent(2, "status").back()["position"].GetUint64(), 1u);
    EXPECT_EQ(sent(3, "status").back()["position"].GetUint64(), 2u);
    EXPECT_EQ(core->stats().queued, 2u);
    clear();
    consultant(101, "wang");
    ASSERT_EQ(sent(101, "assigned").size(), 1u);
    EXPECT_EQ(sent(101, "assigned")[0]["conversation"].GetString(), std::string("c2"));
    EXPECT_EQ(sent(3, "status").back()["position"].GetUint64(), 1u);
}

TEST_F(core_test, a_failed_open_tells_the_visitor_frees_the_seat_and_forgets_the_conversation) {
    settings.max_load = 1;
    make();
    consultant(100, "li");
    visitor(1, "c1");  // li's one seat
    visitor(2, "c2");  // queued behind it
    visitor(3, "c3");  // queued too; its open fails while queued
    std::optional<commit_ticket> open_c1, open_c3;
    for (auto& w : out.writes)
        if (auto* o = std::get_if<open_conversation>(&w.write)) {
            if (o->id == "c1") open_c1 = w.ticket;
            if (o->id == "c3") open_c3 = w.ticket;
        }
    ASSERT_TRUE(open_c1) << "the core must hear whether the conversation's row was written";
    ASSERT_TRUE(open_c3);
    frame(1, proto::say{"", "你好", "v-1"});  // pending behind the open
    clear();

    core->on_committed(*open_c1, false, now, out);
    auto err = sent(1, "error");
    ASSERT_EQ(err.size(), 1u);
    EXPECT_EQ(err[0]["code"].GetString(), std::string("unavailable"));
    ASSERT_EQ(out.closes.size(), 1u);
    EXPECT_EQ(out.closes[0].to, 1u);
    EXPECT_EQ(out.closes[0].code, close_codes::unavailable);
    auto lost = sent(100, "unassigned");
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_EQ(lost[0]["reason"].GetString(), std::string("unavailable"));
    EXPECT_FALSE(core->consultant_of("c1")) << "forgotten";
    EXPECT_FALSE(ended_as("c1")) << "no ending for a row that does not exist";
    // The seat is free at once: the next in the queue gets li.
    auto next = sent(100, "assigned");
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0]["conversation"].GetString(), std::string("c2"));
    EXPECT_EQ(core->stats().queued, 1u);

    // A failed open while queued leaves the queue.
    clear();
    core->on_committed(*open_c3, false, now, out);
    EXPECT_EQ(core->stats().queued, 0u);
    EXPECT_EQ(core->stats().open_conversations, 1u) << "only c2 is left";
    EXPECT_EQ(sent(3, "error").size(), 1u);

    // What was pending for c1 fails quietly later; the visitors' sockets closing end nothing.
    clear();
    core->on_committed(commit_ticket{"c1", 1}, false, now, out);
    core->on_disconnect(1, false, now, out);
    core->on_disconnect(3, true, now, out);
    core->tick(now + std::chrono::hours{1}, out);
    EXPECT_FALSE(ended_as("c1"));
    EXPECT_FALSE(ended_as("c3"));
    EXPECT_EQ(core->stats().visitor_sessions, 1u);
}

TEST_F(core_test, department_routing) {
    consultant(100, "nan", {"男科"});
    consultant(101, "fu", {"妇科"});
    clear();
    visitor(1, "c1", "妇科");
    EXPECT_EQ(sent(101, "assigned").size(), 1u);
    EXPECT_TRUE(sent(100, "assigned").empty());
    visitor(2, "c2", "口腔");
    EXPECT_EQ(core->stats().queued, 1u) << "nobody serves 口腔";
}

TEST_F(core_test, take_from_queue_and_transfer) {
    settings.max_load = 1;
    make();
    consultant(100, "li");
    visitor(1, "c1");
    visitor(2, "c2");
    clear();
    frame(100, proto::take{"c2"});  // an explicit take may exceed the maximum
    EXPECT_EQ(sent(100, "assigned").at(0)["conversation"].GetString(), std::string("c2"));
    EXPECT_EQ(core->stats().queued, 0u);
    frame(100, proto::take{""});
    EXPECT_EQ(sent(100, "error").at(0)["code"].GetString(), std::string("bad_target"));
    consultant(101, "wang");
    clear();
    frame(100, proto::transfer{"c2", "wang", {}});
    EXPECT_EQ(sent(100, "unassigned").at(0)["conversation"].GetString(), std::string("c2"));
    EXPECT_EQ(sent(101, "assigned").at(0)["conversation"].GetString(), std::string("c2"));
    frame(100, proto::transfer{"c1", "nobody", {}});
    EXPECT_EQ(sent(100, "error").at(0)["code"].GetString(), std::string("bad_target"));
    EXPECT_EQ(core->consultant_of("c2"), "wang");
}

TEST_F(core_test, resume_replays_missed_messages_once_in_order) {
    consultant(100, "li");
    visitor(1, "c1");
    frame(1, proto::say{"", "一", "v1"});
    commit_all();
    core->on_disconnect(1, /*clean=*/false, now, out);
    frame(100, proto::say{"c1", "二", "c-1"});
    frame(100, proto::say{"c1", "三", "c-2"});
    commit_all();
    clear();
    ASSERT_TRUE(core->visitor_resume(2, "tok-c1", 1, now + seconds{5}, out));
    auto msgs = sent(2, "message");
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_EQ(msgs[0]["seq"].GetUint64(), 2u);
    EXPECT_EQ(msgs[1]["seq"].GetUint64(), 3u);
    EXPECT_FALSE(core->visitor_resume(3, "wrong", 0, now, out));
}

TEST_F(core_test, a_message_pending_at_resume_arrives_once) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    core->on_disconnect(1, false, now, out);
    out.frames.clear();
    frame(100, proto::say{"c1", "在途", "c-1"});  // not yet durable
    ASSERT_TRUE(core->visitor_resume(2, "tok-c1", 0, now, out));
    EXPECT_TRUE(sent(2, "message").empty());
    commit_all();
    EXPECT_EQ(sent(2, "message").size(), 1u);
}

TEST_F(core_test, grace_expiry_ends_as_system_and_resume_in_time_does_not) {
    settings.resume_grace = seconds{60};
    make();
    consultant(100, "li");
    visitor(1, "c1");
    visitor(2, "c2");
    core->on_disconnect(1, false, now, out);
    core->on_disconnect(2, false, now, out);
    ASSERT_EQ(core->next_deadline(), now + seconds{60});
    now += seconds{30};
    ASSERT_TRUE(core->visitor_resume(3, "tok-c2", 0, now, out));
    clear();
    now += seconds{30};
    core->tick(now, out);
    EXPECT_EQ(ended_as("c1"), ending::system);
    EXPECT_EQ(ended_as("c2"), std::nullopt);
    commit_all();
    EXPECT_EQ(sent(100, "ended").size(), 1u);
}

TEST_F(core_test, clean_close_and_leave_are_visitor_endings) {
    consultant(100, "li");
    visitor(1, "c1");
    visitor(2, "c2");
    visitor(3, "c3");
    clear();
    core->on_disconnect(1, true, now, out);
    core->on_disconnect(3, true, now, out);
    frame(2, proto::leave{});
    EXPECT_EQ(ended_as("c2"), ending::visitor) << "leave ends at once";
    EXPECT_FALSE(ended_as("c1")) << "a clean close may be a move to another page of the site";
    // c3's visitor went to another page: the widget there resumes within the leave grace.
    now += seconds{2};
    ASSERT_TRUE(core->visitor_resume(4, "tok-c3", 0, now, out));
    now += settings.leave_grace;
    core->tick(now, out);
    EXPECT_EQ(ended_as("c1"), ending::visitor) << "no resume within the leave grace: the visitor left";
    EXPECT_FALSE(ended_as("c3"));
}

TEST_F(core_test, a_drop_without_close_frame_waits_the_full_grace_and_is_a_system_ending) {
    consultant(100, "li");
    visitor(1, "c1");
    clear();
    core->on_disconnect(1, false, now, out);
    now += settings.leave_grace + seconds{1};
    core->tick(now, out);
    EXPECT_FALSE(ended_as("c1")) << "a phone network drop may come back within the resume grace";
    now += settings.resume_grace;
    core->tick(now, out);
    EXPECT_EQ(ended_as("c1"), ending::system);
}

TEST_F(core_test, abandonment_after_the_critical_wait_is_a_consultant_ending) {
    consultant(100, "li");
    visitor(1, "c1");
    frame(1, proto::say{"", "在吗?", "v1"});
    commit_all();
    clear();
    now += seconds{121};
    core->on_disconnect(1, true, now, out);
    now += settings.leave_grace;
    core->tick(now, out);
    EXPECT_EQ(ended_as("c1"), ending::consultant);
}

TEST_F(core_test, consultant_end_and_ended_reaches_everyone_after_the_messages) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    clear();
    frame(100, proto::say{"c1", "再见", "c-1"});
    frame(100, proto::end{"c1"});
    EXPECT_EQ(ended_as("c1"), ending::consultant);
    commit_all();
    // Order on the visitor's socket: the message, then ended.
    std::vector<std::string> types;
    for (auto& f : out.frames) if (f.to == 1) types.push_back(parse(*f.text)["type"].GetString());
    EXPECT_EQ(types, (std::vector<std::string>{"message", "ended"}));
    frame(1, proto::say{"", "还在吗", "v-9"});
    EXPECT_EQ(sent(1, "error").back()["code"].GetString(), std::string("ended"));
}

TEST_F(core_test, dropped_consultant_keeps_conversations_through_grace_then_they_move) {
    settings.consultant_grace = seconds{60};
    make();
    consultant(100, "li");
    visitor(1, "c1");
    consultant(101, "wang");
    core->on_disconnect(100, false, now, out);
    now += seconds{59};
    core->tick(now, out);
    EXPECT_EQ(core->consultant_of("c1"), "li");
    consultant(102, "li");  // back in time: gets its conversation again
    EXPECT_EQ(sent(102, "assigned").size(), 1u);
    core->on_disconnect(102, false, now, out);
    now += seconds{61};
    clear();
    core->tick(now, out);
    EXPECT_EQ(core->consultant_of("c1"), "wang");
    EXPECT_EQ(sent(101, "assigned").size(), 1u);
}

TEST_F(core_test, automatic_reassignment_of_a_visitor_left_waiting) {
    settings.reassign_after = seconds{90};
    make();
    consultant(100, "li");
    visitor(1, "c1");
    consultant(101, "wang");
    frame(1, proto::say{"", "有人吗", "v1"});
    commit_all();
    EXPECT_EQ(core->consultant_of("c1"), "li");
    core->tick(now + seconds{89}, out);
    EXPECT_EQ(core->consultant_of("c1"), "li");
    now += seconds{90};
    clear();
    core->tick(now, out);
    EXPECT_EQ(core->consultant_of("c1"), "wang");
    EXPECT_EQ(sent(100, "unassigned").at(0)["reason"].GetString(), std::string("reassigned"));
}

TEST_F(core_test, flood_gets_rate_limited) {
    settings.messages_per_second = 1;
    settings.message_burst = 3;
    make();
    consultant(100, "li");
    visitor(1, "c1");
    clear();
    for (int i = 0; i < 5; ++i) frame(1, proto::say{"", "x", std::to_string(i)});
    EXPECT_EQ(out.writes.size(), 3u);
    EXPECT_EQ(sent(1, "error").size(), 2u);
    now += seconds{1};
    frame(1, proto::say{"", "x", "later"});
    EXPECT_EQ(out.writes.size(), 4u);
}

TEST_F(core_test, shutdown_ends_everything_as_system) {
    consultant(100, "li");
    visitor(1, "c1");
    visitor(2, "c2");
    clear();
    core->shutdown(now, out);
    EXPECT_EQ(ended_as("c1"), ending::system);
    EXPECT_EQ(ended_as("c2"), ending::system);
    commit_all();
    EXPECT_EQ(core->stats().open_conversations, 0u);
}

TEST_F(core_test, supervisor_watches_a_live_conversation) {
    consultant(100, "li");
    visitor(1, "c1");
    core->staff_join(300, {"boss", role::supervisor, {}}, now, out);
    frame(300, proto::watch{"c1"});
    EXPECT_EQ(sent(300, "transcript").size(), 1u);
    clear();
    frame(1, proto::say{"", "你好", "v"});
    commit_all();
    EXPECT_EQ(sent(300, "message").size(), 1u);
}

TEST_F(core_test, browsing_visitors_are_listed_and_invited_and_the_inviter_serves) {
    consultant(100, "li");
    consultant(101, "wang");
    visitor(1, "c1");  // li or wang now has one more than the other
    clear();
    core->visitor_browse(7, "男科", now, out);
    ASSERT_EQ(sent(7, "browsing").size(), 1u);
    std::string id = sent(7, "browsing")[0]["visitor"].GetString();
    frame(7, proto::page_view{"https://clinic.example/nanke", "男科专题"});
    auto list = sent(100, "browsing_update");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["total"].GetUint64(), 1u);
    EXPECT_EQ(std::string(list[0]["visitor"]["title"].GetString()), "男科专题");
    EXPECT_EQ(std::string(list[0]["visitor"]["visitor"].GetString()), id);

    std::string busy = *core->consultant_of("c1");
    session_id busy_sid = busy == "li" ? 100 : 101;
    frame(busy_sid, proto::invite{id});
    auto inv = sent(7, "invited");
    ASSERT_EQ(inv.size(), 1u);
    EXPECT_FALSE(inv[0].HasMember("consultant")) << "a stranger is not told who is online";
    std::string token = inv[0]["invitation"].GetString();
    // The invited visitor opens the chat: the inviter serves, not the less-loaded colleague.
    visitor(8, "c2", "男科", "198.51.100.8", token);
    EXPECT_EQ(core->consultant_of("c2"), busy);
    // The invitation works once; naming a consultant is no invitation at all.
    visitor(9, "c3", "男科", "198.51.100.9", token);
    visitor(10, "c4", "男科", "198.51.100.10", busy);
    EXPECT_NE(core->consultant_of("c3"), busy);
    EXPECT_NE(core->consultant_of("c4"), busy);

    clear();
    frame(1, proto::invite{id});
    EXPECT_EQ(std::string(sent(1, "error").at(0)["code"].GetString()), "forbidden");
    frame(100, proto::invite{"b999"});
    EXPECT_EQ(std::string(sent(100, "error").at(0)["code"].GetString()), "bad_target");
    frame(1, proto::page_view{"x", ""});
    EXPECT_EQ(std::string(sent(1, "error").back()["code"].GetString()), "forbidden");
    core->on_disconnect(7, false, now, out);
    ASSERT_EQ(sent(100, "browsing_remove").size(), 1u) << "gone from the list";
    EXPECT_EQ(sent(100, "browsing_remove")[0]["total"].GetUint64(), 0u);
}

TEST_F(core_test, typing_reaches_the_other_side_only) {
    consultant(100, "li");
    visitor(1, "c1");
    clear();
    frame(1, proto::typing{""});
    ASSERT_EQ(sent(100, "typing").size(), 1u);
    EXPECT_EQ(std::string(sent(100, "typing")[0]["from"].GetString()), "visitor");
    EXPECT_TRUE(sent(1, "typing").empty());
    frame(100, proto::typing{"c1"});
    ASSERT_EQ(sent(1, "typing").size(), 1u);
    EXPECT_EQ(std::string(sent(1, "typing")[0]["from"].GetString()), "consultant");
    EXPECT_TRUE(out.writes.empty()) << "typing is never stored";
}

TEST_F(core_test, with_live_analysis_off_messages_are_relayed_unread) {
    // The switch exists to measure what the analyzer costs (bench/load.sh); it must really
    // switch it off, and nothing else.
    auto run = [&](bool analyze) {
        settings.live_analysis = analyze;
        make();
        consultant(100, "li");
        visitor(1, "c1");
        commit_all();
        clear();
        frame(100, proto::say{"c1", "不好意思，让您久等了。", "c-1"});
        commit_all();
        EXPECT_EQ(sent(100, "ack").size(), 1u);
        EXPECT_EQ(sent(1, "message").size(), 1u);
        return sent(100, "finding").size();
    };
    EXPECT_EQ(run(true), 1u) << "the colloquial apology is noticed";
    EXPECT_EQ(run(false), 0u);
}

TEST_F(core_test, a_consultant_joining_is_told_the_lists_and_nobody_else_is_disturbed) {
    consultant(100, "li");
    clear();
    consultant(101, "wang");
    EXPECT_EQ(sent(101, "queue_state").size(), 1u);
    EXPECT_EQ(sent(101, "browsing_list").size(), 1u);
    EXPECT_TRUE(sent(100, "queue_state").empty()) << "the queue did not change";
    EXPECT_TRUE(sent(100, "browsing_list").empty());
}

TEST_F(core_test, a_busy_conversation_keeps_one_analyzer_deadline_and_idle_alerts_still_fire) {
    // Each visitor message after a reply starts a new wait with a new idle deadline; the old
    // deadline must be replaced, not piled up (memory under load), and the live one must fire.
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    for (int i = 0; i < 50; ++i) {
        now += std::chrono::seconds{1};
        frame(1, proto::say{"", "请问医生在吗？" + std::to_string(i), "v" + std::to_string(i)});
        frame(100, proto::say{"c1", "在的，您请讲，我在听。" + std::to_string(i), "c" + std::to_string(i)});
        commit_all();
    }
    EXPECT_FALSE(core->next_deadline()) << "every wait was answered: no deadline may be left over";
    clear();
    frame(1, proto::say{"", "还在吗？", "v-last"});
    commit_all();
    now += std::chrono::minutes{3};  // past the idle thresholds
    core->tick(now, out);
    bool idle_alerted = false;
    for (auto& f : sent(100, "finding"))
        if (std::string(f["finding"]["kind"].GetString()) == "idle_gap") idle_alerted = true;
    EXPECT_TRUE(idle_alerted);
}

// ---- hostile visitors (issue #10) -----------------------------------------------------

TEST_F(core_test, an_unknown_department_becomes_the_default_and_is_never_echoed) {
    consultant(100, "li");
    clear();
    std::string hostile = "\xff=HYPERLINK(\"x\")" + std::string(50'000, 'A');
    visitor(1, "c1", hostile);
    auto a = sent(100, "assigned");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(std::string(a[0]["department"].GetString()), "综合");
    for (auto& w : out.writes) {
        if (auto* o = std::get_if<open_conversation>(&w.write)) {
            EXPECT_EQ(o->department, "综合");
        }
    }
    visitor(2, "c2", "男科");
    EXPECT_EQ(std::string(sent(100, "assigned").back()["department"].GetString()), "男科");
}

TEST_F(core_test, one_address_gets_a_bounded_number_of_conversations) {
    settings.conversations_per_address = 3;
    make();
    consultant(100, "li");
    clear();
    for (session_id sid = 1; sid <= 5; ++sid) visitor(sid, "c" + std::to_string(sid), "", "203.0.113.7");
    for (session_id sid = 1; sid <= 3; ++sid) EXPECT_EQ(sent(sid, "welcome").size(), 1u);
    for (session_id sid = 4; sid <= 5; ++sid) {
        EXPECT_TRUE(sent(sid, "welcome").empty());
        ASSERT_EQ(sent(sid, "busy").size(), 1u);
        EXPECT_EQ(std::string(sent(sid, "busy")[0]["reason"].GetString()), "too_many");
    }
    ASSERT_EQ(out.closes.size(), 2u);
    EXPECT_EQ(out.closes[0].code, close_codes::too_many);
    visitor(6, "c6", "", "203.0.113.8");
    EXPECT_EQ(sent(6, "welcome").size(), 1u) << "another address is not affected";
    // When one of them ends, the address may open another.
    frame(1, proto::leave{});
    commit_all();
    visitor(7, "c7", "", "203.0.113.7");
    EXPECT_EQ(sent(7, "welcome").size(), 1u);
}

TEST_F(core_test, a_full_queue_tells_the_visitor_to_try_later_instead_of_a_far_position) {
    settings.max_queue = 3;
    settings.max_load = 1;
    make();
    consultant(100, "li");
    clear();
    for (session_id sid = 1; sid <= 6; ++sid) visitor(sid, "c" + std::to_string(sid), "", "198.51.100." + std::to_string(sid));
    EXPECT_EQ(sent(1, "status").at(0)["state"].GetString(), std::string("served"));
    for (session_id sid = 2; sid <= 4; ++sid) EXPECT_EQ(sent(sid, "status").back()["position"].GetUint64(), sid - 1);
    for (session_id sid = 5; sid <= 6; ++sid) {
        EXPECT_TRUE(sent(sid, "status").empty());
        EXPECT_EQ(std::string(sent(sid, "busy").at(0)["reason"].GetString()), "queue_full");
    }
    EXPECT_EQ(out.closes.back().code, close_codes::busy);
    EXPECT_EQ(core->stats().queued, 3u);
}

TEST_F(core_test, staff_get_a_bounded_snapshot_then_small_deltas_of_the_queue) {
    settings.list_snapshot = 10;
    settings.max_queue = 1000;
    make();
    for (session_id sid = 1; sid <= 200; ++sid) visitor(sid, "c" + std::to_string(sid), "男科", "198.51.100." + std::to_string(sid));
    clear();
    consultant(100, "li", {"口腔"});  // serves none of them: they stay queued
    auto snap = sent(100, "queue_state");
    ASSERT_EQ(snap.size(), 1u);
    EXPECT_EQ(snap[0]["queue"].Size(), 10u);
    EXPECT_EQ(snap[0]["total"].GetUint64(), 200u);
    std::size_t biggest = 0;
    clear();
    visitor(201, "c201", "男科", "198.51.100.201");
    frame(100, proto::take{"c5"});
    for (auto& f : out.frames)
        if (f.to == 100) biggest = std::max(biggest, f.text->size());
    EXPECT_EQ(sent(100, "queue_add").at(0)["total"].GetUint64(), 201u);
    EXPECT_EQ(std::string(sent(100, "queue_remove").at(0)["conversation"].GetString()), "c5");
    EXPECT_LT(biggest, 2048u) << "a change costs a delta, not the whole queue";
    // Visitors behind the one taken moved up; those ahead were not disturbed.
    EXPECT_EQ(sent(6, "status").back()["position"].GetUint64(), 5u);
    EXPECT_TRUE(sent(4, "status").empty());
}

TEST_F(core_test, typing_has_its_own_budget_and_never_uses_up_the_says) {
    settings.messages_per_second = 5;
    settings.message_burst = 5;
    make();
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    clear();
    for (int i = 0; i < 40; ++i) frame(100, proto::typing{"c1"});  // 40 keystrokes in one instant
    for (int i = 0; i < 3; ++i) frame(100, proto::say{"c1", "您好，请问有什么可以帮您？" + std::to_string(i), "r" + std::to_string(i)});
    commit_all();
    EXPECT_TRUE(sent(100, "error").empty());
    EXPECT_EQ(sent(100, "ack").size(), 3u);
    EXPECT_LE(sent(1, "typing").size(), static_cast<std::size_t>(settings.indicator_burst));
}

TEST_F(core_test, a_transfer_tells_all_three_parties_and_keeps_whose_words_were_whose) {
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    frame(100, proto::say{"c1", "您好，我是李医生助理。", "r1"});
    commit_all();
    consultant(101, "wang");
    clear();
    frame(100, proto::transfer{"c1", "wang", "访客想约周六上午，已留电话"});
    auto a = sent(101, "assigned");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(std::string(a[0]["transfer"]["from"].GetString()), "li");
    EXPECT_EQ(std::string(a[0]["transfer"]["note"].GetString()), "访客想约周六上午，已留电话");
    EXPECT_EQ(std::string(a[0]["messages"][0]["author"].GetString()), "li") << "the receiver sees whose words";
    EXPECT_EQ(std::string(sent(100, "unassigned").at(0)["reason"].GetString()), "transferred");
    bool told = false;
    for (auto& st : sent(1, "status")) told |= std::string(st["state"].GetString()) == "transferred";
    EXPECT_TRUE(told) << "the visitor is told 已为您转接";
    for (auto& m : sent(1, "message")) EXPECT_FALSE(m.HasMember("author")) << "staff names stay internal";
}

TEST_F(core_test, a_page_view_flood_reaches_staff_as_a_trickle) {
    consultant(100, "li");
    core->visitor_browse(7, "男科", now, out);
    clear();
    for (int i = 0; i < 500; ++i) frame(7, proto::page_view{"https://clinic.example/" + std::to_string(i), "标题"});
    EXPECT_LE(sent(100, "browsing_update").size(), static_cast<std::size_t>(settings.indicator_burst));
    now += seconds{10};
    frame(7, proto::page_view{"https://clinic.example/later", "稍后"});
    EXPECT_EQ(std::string(sent(100, "browsing_update").back()["visitor"]["title"].GetString()), "稍后");
}

TEST_F(core_test, staff_hear_only_of_the_browsing_visitors_they_can_see) {
    settings.list_snapshot = 10;
    make();
    for (session_id sid = 1; sid <= 30; ++sid) {
        now += seconds{1};  // each joined a second after the last: sid order is browsing order
        core->visitor_browse(sid, "男科", now, out);
        frame(sid, proto::page_view{"https://clinic.example/" + std::to_string(sid), "页面"});
    }
    consultant(100, "li");
    auto snap = sent(100, "browsing_list");
    ASSERT_EQ(snap.size(), 1u);
    EXPECT_EQ(snap[0]["visitors"].Size(), 10u);
    EXPECT_EQ(snap[0]["total"].GetUint64(), 30u);
    clear();
    now += seconds{60};
    frame(25, proto::page_view{"https://clinic.example/x", "看不见的访客"});
    EXPECT_TRUE(sent(100, "browsing_update").empty()) << "a visitor beyond the shown ones costs staff nothing";
    frame(3, proto::page_view{"https://clinic.example/y", "看得见的访客"});
    EXPECT_EQ(sent(100, "browsing_update").size(), 1u);
    clear();
    core->on_disconnect(3, true, now, out);
    ASSERT_EQ(sent(100, "browsing_remove").size(), 1u);
    auto moved_up = sent(100, "browsing_update");
    ASSERT_EQ(moved_up.size(), 1u) << "the next one moves into view";
    EXPECT_EQ(std::string(moved_up[0]["visitor"]["visitor"].GetString()), "b11");
    clear();
    core->on_disconnect(20, true, now, out);
    EXPECT_TRUE(out.frames.empty());
}

TEST_F(core_test, a_long_transcript_reaches_staff_bounded_with_a_count_of_the_earlier_messages) {
    // 200 messages of 5 KB: about 2 MB as the conversation bound counts them (text twice, records).
    settings.max_conversation_bytes = 4 * 1024 * 1024;
    make();
    consultant(100, "li");
    visitor(1, "c1");
    commit_all();
    for (int i = 0; i < 200; ++i) {
        frame(1, proto::say{"", std::string(5000, 'a') + std::to_string(i), "v" + std::to_string(i)});
        commit_all();
        now += seconds{1};
    }
    clear();
    consultant(101, "li");  // a second tab of the same consultant
    auto a = sent(101, "assigned");
    ASSERT_EQ(a.size(), 1u);
    std::size_t bytes = 0;
    for (auto& f : out.frames) bytes += f.to == 101 ? f.text->size() : 0;
    EXPECT_LT(bytes, 64u * 1024);
    EXPECT_GT(a[0]["earlier"].GetUint64(), 150u);
    EXPECT_EQ(a[0]["messages"][a[0]["messages"].Size() - 1]["seq"].GetUint64(), 200u) << "the latest are there";
}

TEST_F(core_test, a_logged_out_consultants_conversations_move_at_once_not_after_the_grace) {
    settings.consultant_grace = seconds{60};
    make();
    consultant(100, "li");
    visitor(1, "c1");
    consultant(101, "wang");
    ASSERT_EQ(core->consultant_of("c1"), "li");
    clear();
    core->staff_revoked(100, now, out);  // log-out: that socket is not coming back
    EXPECT_EQ(core->consultant_of("c1"), "wang") << "no 60 s behind someone who left";
    EXPECT_EQ(sent(101, "assigned").size(), 1u);
    // A consultant with another tab still open keeps the chats: only the last socket counts.
    consultant(102, "wang");
    consultant(103, "wang");
    clear();
    core->staff_revoked(102, now, out);
    EXPECT_EQ(core->consultant_of("c1"), "wang");
}

TEST_F(core_test, a_revoked_consultant_is_lost_at_once_and_closed_with_4401) {
    settings.consultant_grace = seconds{0};
    make();
    consultant(100, "li");
    consultant(101, "wang");
    visitor(1, "c1");
    commit_all();
    std::string first = *core->consultant_of("c1");
    session_id revoked = first == "li" ? 100 : 101;
    clear();
    core->staff_revoked(revoked, now, out);
    ASSERT_EQ(out.closes.size(), 1u);
    EXPECT_EQ(out.closes[0].code, close_codes::unauthorized);
    core->tick(now, out);
    EXPECT_NE(core->consultant_of("c1"), first) << "its conversations follow the consultant-lost path";
    clear();
    visitor(2, "c2");
    frame(1, proto::say{"", "电话 13800000000", "v1"});
    commit_all();
    for (auto& f : out.frames) EXPECT_NE(f.to, revoked) << *f.text;
}

// The IME worker's findings can arrive after the conversation ended (a booking confirmed, then the
// visitor left): a name the consultant copied from the visitor is still no slip of the consultant's,
// and what the consultant did mistype is still recorded.
TEST_F(core_test, a_late_ime_finding_after_the_end_still_spares_what_the_visitor_wrote) {
    consultant(100, "li");
    visitor(1, "c1");
    frame(1, proto::say{"", "孩子叫沈欣怡，想约明天上午", "v-1"});
    const std::string reply = "好的，沈欣怡小朋友约在明天商务十点";
    frame(100, proto::say{"c1", reply, "c-1"});
    commit_all();
    frame(100, proto::end{"c1"});
    ASSERT_TRUE(ended_as("c1"));
    commit_all();  // the end is durable: the conversation is gone from memory
    clear();
    auto ime = [](std::size_t begin, std::size_t end, const char* matched, const char* suggestion) {
        finding f;
        f.kind = "typo";
        f.rule = "ime_model";
        f.begin = begin;
        f.end = end;
        f.matched = matched;
        f.suggestion = suggestion;
        return f;
    };
    // 欣怡 (characters 4-6) lies in 沈欣怡, which the visitor wrote; 商务 (13-15) for 上午 does not.
    core->late_findings("c1", 2, now, reply, {ime(4, 6, "欣怡", "心意"), ime(13, 15, "商务", "上午")}, out);
    std::vector<std::string> recorded;
    for (auto& w : out.writes)
        if (auto* r = std::get_if<record_finding>(&w.write)) recorded.push_back(r->what.matched);
    EXPECT_EQ(recorded, (std::vector<std::string>{"商务"}));
}
