// A consultant's working day over real sockets and a real SQLite file: presence and load
// (在线/忙碌/离开), seen by the consultant and, live, by the supervisor.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

struct staff_day : ::testing::Test {
    std::unique_ptr<test_server> srv;

    void SetUp() override {
        srv = std::make_unique<test_server>([](server_config& c) { c.max_conversations_per_consultant = 4; });
        srv->add_staff("li", role::consultant);
        srv->add_staff("boss", role::supervisor);
    }
    std::unique_ptr<ws_client> staff(const std::string& name) {
        auto c = std::make_unique<ws_client>();
        EXPECT_EQ(c->connect(srv->port(), "/ws/staff?token=" + srv->login(name)), 101);
        EXPECT_TRUE(c->next_of("queue_state"));
        return c;
    }
};

}  // namespace

TEST_F(staff_day, presence_routes_persists_over_a_reload_and_reaches_the_supervisor_live) {
    auto li = staff("li");
    auto own = li->next_of("presence");
    ASSERT_TRUE(own);
    EXPECT_STREQ((*own)["state"].GetString(), "online");
    EXPECT_EQ((*own)["max"].GetInt(), 4);

    li->send(R"({"type":"presence","state":"busy"})");
    own = li->next_of("presence");
    ASSERT_TRUE(own);
    EXPECT_STREQ((*own)["state"].GetString(), "busy");

    // 忙碌: a new visitor waits in the queue.
    ws_client v;
    ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
    ASSERT_TRUE(v.next_of("welcome"));
    v.send(say("你好，想咨询一下", "v1"));
    auto st = v.next_of("status");
    ASSERT_TRUE(st);
    EXPECT_STREQ((*st)["state"].GetString(), "queued");

    auto boss = staff("boss");
    auto list = boss->next_of("staff_list");
    ASSERT_TRUE(list);
    ASSERT_EQ((*list)["staff"].Size(), 1u);
    EXPECT_STREQ((*list)["staff"][0]["state"].GetString(), "busy");
    EXPECT_EQ((*list)["staff"][0]["load"].GetInt(), 0);

    // A reload keeps 忙碌.
    li->close();
    li = staff("li");
    own = li->next_of("presence");
    ASSERT_TRUE(own);
    EXPECT_STREQ((*own)["state"].GetString(), "busy");

    // 在线 again: the waiting visitor is served, the load is 1/4 for both pages.
    li->send(R"({"type":"presence","state":"online"})");
    ASSERT_TRUE(li->next_of("assigned"));
    st = v.next_of("status");
    ASSERT_TRUE(st);
    EXPECT_STREQ((*st)["state"].GetString(), "served");
    bool saw_load = false;
    for (int i = 0; i < 10 && !saw_load; ++i) {
        auto up = boss->next_of("staff_update");
        ASSERT_TRUE(up);
        auto& s = (*up)["staff"];
        saw_load = std::string(s["state"].GetString()) == "online" && s["load"].GetInt() == 1 && s["connected"].GetBool();
    }
    EXPECT_TRUE(saw_load);

    // The same lines over the API, for the console's transfer choices; not for QA.
    srv->add_staff("q", role::qa);
    auto roster = srv->http("GET", "/api/staff", "", srv->login("li"));
    ASSERT_EQ(roster.status, 200);
    json r;
    r.Parse(roster.body.c_str());
    ASSERT_EQ(r["staff"].Size(), 1u);
    EXPECT_STREQ(r["staff"][0]["name"].GetString(), "li");
    EXPECT_STREQ(r["staff"][0]["state"].GetString(), "online");
    EXPECT_EQ(r["staff"][0]["load"].GetInt(), 1);
    EXPECT_EQ(srv->http("GET", "/api/staff", "", srv->login("q")).status, 403);

    // A supervisor may not set a presence.
    boss->send(R"({"type":"presence","state":"away"})");
    auto err = boss->next_of("error");
    ASSERT_TRUE(err);
    EXPECT_STREQ((*err)["code"].GetString(), "forbidden");
}

namespace {

int count_titled(const json& list, const std::string& title) {
    int n = 0;
    for (auto& r : list["replies"].GetArray()) n += title == r["title"].GetString();
    return n;
}

json body_of(const http_reply& r) {
    json j;
    j.Parse(r.body.c_str());
    return j;
}

}  // namespace

TEST_F(staff_day, canned_replies_are_seeded_and_kept_with_role_checks) {
    srv->add_staff("kou", role::consultant, {"口腔"});
    srv->add_staff("q", role::qa);
    auto li = srv->login("li"), kou = srv->login("kou"), boss = srv->login("boss"), q = srv->login("q");

    // The defaults of lexicon/canned_replies.tsv: 口腔's for kou, every department's for li.
    auto kou_list = body_of(srv->http("GET", "/api/canned", "", kou));
    ASSERT_TRUE(kou_list.IsObject());
    EXPECT_EQ(count_titled(kou_list, "洗牙说明"), 1);
    EXPECT_EQ(count_titled(kou_list, "隐私保护"), 0) << "男科's are not 口腔's";
    EXPECT_EQ(count_titled(body_of(srv->http("GET", "/api/canned", "", li)), "问候"), 5) << "one per department";
    EXPECT_EQ(srv->http("GET", "/api/canned", "", q).status, 403);

    // Department replies: supervisors only; personal ones: their owner only.
    std::string dep = R"({"scope":"department","department":"口腔","title":"复诊提醒","text":"请记得按时来院复诊。"})";
    EXPECT_EQ(srv->http("POST", "/api/canned", dep, kou).status, 403);
    auto made = srv->http("POST", "/api/canned", dep, boss);
    ASSERT_EQ(made.status, 201) << made.body;
    auto dep_id = std::to_string(body_of(made)["id"].GetInt64());
    EXPECT_EQ(srv->http("POST", "/api/canned", R"({"scope":"department","department":"火星","title":"t","text":"x"})", boss).status, 422);
    kou_list = body_of(srv->http("GET", "/api/canned", "", kou));
    EXPECT_EQ(count_titled(kou_list, "复诊提醒"), 1);
    EXPECT_EQ(srv->http("PUT", "/api/canned/" + dep_id, R"({"text":"改一改"})", kou).status, 403);
    EXPECT_EQ(srv->http("PUT", "/api/canned/" + dep_id, R"({"text":"请按医嘱时间来院复诊。"})", boss).status, 200);

    auto mine = srv->http("POST", "/api/canned", R"({"scope":"personal","title":"我的开场","text":"您好，我是小孔。"})", kou);
    ASSERT_EQ(mine.status, 201) << mine.body;
    auto mine_id = std::to_string(body_of(mine)["id"].GetInt64());
    EXPECT_EQ(count_titled(body_of(srv->http("GET", "/api/canned", "", li)), "我的开场"), 0);
    EXPECT_EQ(srv->http("PUT", "/api/canned/" + mine_id, R"({"text":"x"})", li).status, 404) << "not probeable";
    EXPECT_EQ(srv->http("DELETE", "/api/canned/" + mine_id, "", boss).status, 404);

    // Validation: lengths in characters, UTF-8, a body that is JSON.
    std::string long_text;
    for (int i = 0; i < 501; ++i) long_text += "字";
    EXPECT_EQ(srv->http("POST", "/api/canned", R"({"title":"长","text":")" + long_text + "\"}", kou).status, 422);
    EXPECT_EQ(srv->http("POST", "/api/canned", "{\"title\":\"t\",\"text\":\"\xff\"}", kou).status, 400);
    EXPECT_EQ(srv->http("POST", "/api/canned", R"({"title":"t","text":"a\u0000b"})", kou).status, 400);  // a NUL anywhere: the body is refused
    EXPECT_EQ(srv->http("POST", "/api/canned", "not json", kou).status, 400);

    EXPECT_EQ(srv->http("DELETE", "/api/canned/" + mine_id, "", kou).status, 204);
    EXPECT_EQ(count_titled(body_of(srv->http("GET", "/api/canned", "", kou)), "我的开场"), 0);
    EXPECT_EQ(srv->http("DELETE", "/api/canned/" + dep_id, "", boss).status, 204);
}
