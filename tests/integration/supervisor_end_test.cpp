// A supervisor's 结束 on the board was classified as the consultant's ending (主动结束), counted on
// the consultant's scorecard, and the consultant was told only 会话已结束. A supervisor closing a
// chat is neither party's choice (server/ENDINGS.md: system); everyone in the conversation is told
// who closed it, over real sockets and the real store.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {
std::string str(const json& j, const char* key) { return j.HasMember(key) ? j[key].GetString() : ""; }
}  // namespace

TEST(supervisor_end, a_supervisors_end_is_counted_against_nobody_and_names_who_closed) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    srv.add_staff("zhou", role::supervisor);
    ws_client li, v, boss;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));
    v.send(say("你们周六上班吗", "v1"));
    ASSERT_TRUE(v.next_of("ack"));
    ASSERT_TRUE(li.next_of("message"));
    li.send(say("周六上午有门诊。", "c1", conv));
    ASSERT_TRUE(li.next_of("ack"));

    ASSERT_EQ(boss.connect(srv.port(), "/ws/staff?token=" + srv.login("zhou")), 101);
    boss.send(R"({"type":"end","conversation":")" + conv + R"("})");
    for (ws_client* c : {&v, &li}) {
        auto ended = c->next_of("ended");
        ASSERT_TRUE(ended);
        EXPECT_EQ(str(*ended, "ending"), "system");
        EXPECT_EQ(str(*ended, "closed_by"), "supervisor_ended");
        EXPECT_EQ(str(*ended, "by"), "zhou");
    }
    auto got = srv.http("GET", "/api/conversations/" + conv, {}, srv.login("zhou"));
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(str(parse(got.body), "ending"), "system");
}

TEST(supervisor_end, the_consultants_own_end_names_the_consultant) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));
    v.send(say("一侧输卵管切除还能怀孕吗", "v1"));
    ASSERT_TRUE(li.next_of("message"));
    li.send(say("可以的，祝您好孕，再见", "c1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    li.send(R"({"type":"end","conversation":")" + conv + R"("})");
    auto ended = v.next_of("ended");
    ASSERT_TRUE(ended);
    EXPECT_EQ(str(*ended, "ending"), "consultant");
    EXPECT_EQ(str(*ended, "closed_by"), "consultant_ended");
    EXPECT_EQ(str(*ended, "by"), "li");
}
