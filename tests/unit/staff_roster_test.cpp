// Presence (在线/忙碌/离开) and load through the core: only 在线 takes new routing, becoming 在线
// drains the queue, the state survives a reload, and supervisors see every change live.
#include "core/chat_core.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>

using namespace lingting;

namespace {

class roster_test : public ::testing::Test {
protected:
    time_point now{std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}};
    core_settings settings;
    std::unique_ptr<chat_core> core;
    outbox out;

    void SetUp() override {
        settings.max_load = 3;
        core = std::make_unique<chat_core>(settings, builtin_lexicon());
    }
    std::vector<rapidjson::Document> sent(session_id to, std::string_view type) {
        std::vector<rapidjson::Document> r;
        for (auto& f : out.frames)
            if (f.to == to) {
                rapidjson::Document d;
                d.Parse(f.text->c_str());
                if (type == d["type"].GetString()) r.push_back(std::move(d));
            }
        return r;
    }
    void clear() { out = outbox{}; }
    void visitor(session_id sid, const std::string& conv) {
        core->visitor_join(sid, visitor_arrival{"", "198.51.100.1", "", {}}, conv, "tok-" + conv, now, out);
    }
    void consultant(session_id sid, const std::string& name) {
        core->staff_join(sid, {name, role::consultant, {}}, now, out);
    }
    void supervisor(session_id sid) { core->staff_join(sid, {"boss", role::supervisor, {}}, now, out); }
    void presence(session_id sid, const std::string& state) {
        core->on_frame(sid, proto::set_presence{state}, now, out);
    }
    std::optional<std::string> holder(const std::string& conv) { return core->consultant_of(conv); }
};

}  // namespace

TEST_F(roster_test, busy_and_away_take_no_new_visitors_and_keep_their_chats) {
    consultant(100, "li");
    visitor(1, "c1");
    ASSERT_EQ(holder("c1"), "li");
    presence(100, "busy");
    visitor(2, "c2");
    EXPECT_EQ(holder("c2"), "") << "忙碌 takes no new routing: the visitor waits in the queue";
    presence(100, "away");
    visitor(3, "c3");
    EXPECT_EQ(holder("c3"), "");
    EXPECT_EQ(holder("c1"), "li") << "the chat already held goes on";
    consultant(101, "wang");
    EXPECT_EQ(holder("c2"), "wang") << "an 在线 colleague gets the queue";
    EXPECT_EQ(holder("c3"), "wang");
}

TEST_F(roster_test, becoming_online_drains_the_queue) {
    consultant(100, "li");
    presence(100, "away");
    visitor(1, "c1");
    visitor(2, "c2");
    ASSERT_EQ(holder("c1"), "");
    clear();
    presence(100, "online");
    EXPECT_EQ(holder("c1"), "li");
    EXPECT_EQ(holder("c2"), "li");
    EXPECT_EQ(sent(100, "assigned").size(), 2u);
    auto own = sent(100, "presence");
    ASSERT_FALSE(own.empty());
    EXPECT_STREQ(own.back()["state"].GetString(), "online");
    EXPECT_EQ(own.back()["load"].GetInt(), 2);
    EXPECT_EQ(own.back()["max"].GetInt(), 3);
}

TEST_F(roster_test, an_explicit_take_and_a_transfer_still_reach_a_busy_consultant) {
    consultant(100, "li");
    consultant(101, "wang");
    presence(100, "busy");
    presence(101, "busy");
    visitor(1, "c1");
    ASSERT_EQ(holder("c1"), "");
    core->on_frame(100, proto::take{"c1"}, now, out);
    EXPECT_EQ(holder("c1"), "li");
    core->on_frame(100, proto::transfer{"c1", "wang", ""}, now, out);
    EXPECT_EQ(holder("c1"), "wang");
}

TEST_F(roster_test, presence_survives_a_reload_and_resets_after_the_grace) {
    consultant(100, "li");
    presence(100, "busy");
    core->on_disconnect(100, true, now, out);
    clear();
    consultant(102, "li");  // the reloaded tab
    auto own = sent(102, "presence");
    ASSERT_EQ(own.size(), 1u);
    EXPECT_STREQ(own[0]["state"].GetString(), "busy");
    visitor(1, "c1");
    EXPECT_EQ(holder("c1"), "");
    // Gone past the grace: the next log-in starts 在线.
    core->on_disconnect(102, true, now, out);
    now += settings.consultant_grace + seconds(1);
    core->tick(now, out);
    clear();
    consultant(103, "li");
    own = sent(103, "presence");
    ASSERT_EQ(own.size(), 2u) << "on joining, then with the queued visitor it took";
    EXPECT_STREQ(own[0]["state"].GetString(), "online");
    EXPECT_EQ(own[1]["load"].GetInt(), 1);
    EXPECT_EQ(holder("c1"), "li");
}

TEST_F(roster_test, every_tab_of_the_consultant_hears_its_new_state) {
    consultant(100, "li");
    consultant(101, "li");
    clear();
    presence(100, "away");
    ASSERT_EQ(sent(101, "presence").size(), 1u);
    EXPECT_STREQ(sent(101, "presence")[0]["state"].GetString(), "away");
}

TEST_F(roster_test, supervisors_get_the_staff_list_then_each_change_live) {
    consultant(100, "li");
    visitor(1, "c1");
    supervisor(200);
    auto list = sent(200, "staff_list");
    ASSERT_EQ(list.size(), 1u);
    ASSERT_EQ(list[0]["staff"].Size(), 1u);
    auto& li = list[0]["staff"][0];
    EXPECT_STREQ(li["name"].GetString(), "li");
    EXPECT_STREQ(li["state"].GetString(), "online");
    EXPECT_TRUE(li["connected"].GetBool());
    EXPECT_EQ(li["load"].GetInt(), 1);
    EXPECT_EQ(li["max"].GetInt(), 3);
    clear();
    presence(100, "busy");
    auto up = sent(200, "staff_update");
    ASSERT_EQ(up.size(), 1u);
    EXPECT_STREQ(up[0]["staff"]["state"].GetString(), "busy");
    clear();
    core->on_frame(100, proto::end{"c1"}, now, out);
    up = sent(200, "staff_update");
    ASSERT_EQ(up.size(), 1u) << "load goes down when a chat ends";
    EXPECT_EQ(up[0]["staff"]["load"].GetInt(), 0);
    clear();
    core->on_disconnect(100, false, now, out);
    up = sent(200, "staff_update");
    ASSERT_EQ(up.size(), 1u);
    EXPECT_FALSE(up[0]["staff"]["connected"].GetBool());
}

TEST_F(roster_test, only_consultants_set_a_presence_and_only_known_states_decode) {
    supervisor(200);
    clear();
    presence(200, "busy");
    auto err = sent(200, "error");
    ASSERT_EQ(err.size(), 1u);
    EXPECT_STREQ(err[0]["code"].GetString(), "forbidden");
    auto bad = proto::decode(R"({"type":"presence","state":"asleep"})");
    ASSERT_TRUE(std::holds_alternative<proto::decode_error>(bad));
    EXPECT_EQ(std::get<proto::decode_error>(bad).code, proto::error_code::bad_frame);
    auto good = proto::decode(R"({"type":"presence","state":"away"})");
    ASSERT_TRUE(std::holds_alternative<proto::client_frame>(good));
}

TEST_F(roster_test, a_supervisor_assigns_a_queued_visitor_who_is_served_not_told_of_a_transfer) {
    consultant(100, "li");
    presence(100, "away");
    supervisor(200);
    visitor(1, "c1");
    ASSERT_EQ(holder("c1"), "");
    clear();
    core->on_frame(200, proto::transfer{"c1", "li", "主管分配"}, now, out);
    EXPECT_EQ(holder("c1"), "li");
    auto status = sent(1, "status");
    ASSERT_EQ(status.size(), 1u);
    EXPECT_STREQ(status[0]["state"].GetString(), "served");
    auto assigned = sent(100, "assigned");
    ASSERT_EQ(assigned.size(), 1u);
    EXPECT_STREQ(assigned[0]["transfer"]["from"].GetString(), "boss");
    // A consultant cannot hand out queued visitors this way (only take them for itself).
    consultant(101, "wang");
    presence(101, "busy");
    visitor(2, "c2");
    ASSERT_EQ(holder("c2"), "");
    clear();
    core->on_frame(101, proto::transfer{"c2", "li", ""}, now, out);
    EXPECT_EQ(sent(101, "error").size(), 1u);
}

TEST_F(roster_test, a_busy_or_away_consultant_still_counts_as_there_for_the_visitor_page) {
    // 忙碌/离开 take no automatic routing, but the visitor queues (the consultant sees the queue and
    // a supervisor can assign): the page must not switch to the leave-a-message form.
    consultant(100, "li");
    core->visitor_browse(1, "", now, out);
    clear();
    presence(100, "busy");
    presence(100, "away");
    EXPECT_TRUE(sent(1, "availability").empty());
}
