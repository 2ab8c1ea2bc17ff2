// Leave-a-message leads over real HTTP (defect 9 of #11): a visitor posts one without a log-in,
// the consultants of its department and supervisors see it, one closes it (who, when); abuse is
// refused: bad fields, a flood from one address.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

struct leads : ::testing::Test {
    std::unique_ptr<test_server> srv;
    void SetUp() override {
        srv = std::make_unique<test_server>([](server_config& c) { c.leads_per_address_per_hour = 3; });
        srv->add_staff("li", role::consultant, {"妇科"});
        srv->add_staff("zhao", role::consultant, {"男科"});
        srv->add_staff("boss", role::supervisor);
        srv->add_staff("qa1", role::qa);
    }
    http_reply post(const std::string& body) { return srv->http("POST", "/api/leads", body); }
};

}  // namespace

TEST_F(leads, a_visitor_leaves_a_message_and_a_consultant_of_the_department_sees_it_and_closes_it) {
    auto r = post(R"({"name":"王女士","phone":"138 0013 8000","message":"想预约周六上午","department":"妇科"})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto id = parse(r.body)["id"].GetInt64();

    auto li = srv->login("li");
    auto list = parse(srv->http("GET", "/api/leads", {}, li).body);
    ASSERT_EQ(list["open"].GetInt(), 1);
    auto& l = list["leads"][0];
    EXPECT_EQ(l["id"].GetInt64(), id);
    EXPECT_STREQ(l["name"].GetString(), "王女士");
    EXPECT_STREQ(l["phone"].GetString(), "138 0013 8000");
    EXPECT_STREQ(l["department"].GetString(), "妇科");
    EXPECT_TRUE(l["closed"].IsNull());
    EXPECT_FALSE(l.HasMember("address")) << "the visitor's address is not shown to staff";

    // Another department's consultant does not see it (and cannot close it); QA has no list.
    auto zhao = srv->login("zhao");
    EXPECT_EQ(parse(srv->http("GET", "/api/leads", {}, zhao).body)["open"].GetInt(), 0);
    EXPECT_EQ(srv->http("POST", "/api/leads/" + std::to_string(id) + "/close", {}, zhao).status, 404);
    EXPECT_EQ(srv->http("GET", "/api/leads", {}, srv->login("qa1")).status, 403);
    EXPECT_EQ(srv->http("GET", "/api/leads").status, 401);

    auto closed = srv->http("POST", "/api/leads/" + std::to_string(id) + "/close", {}, li);
    ASSERT_EQ(closed.status, 200) << closed.body;
    auto c = parse(closed.body);
    EXPECT_STREQ(c["closed_by"].GetString(), "li");
    EXPECT_FALSE(c["closed"].IsNull());
    EXPECT_EQ(srv->http("POST", "/api/leads/" + std::to_string(id) + "/close", {}, li).status, 409);
    EXPECT_EQ(parse(srv->http("GET", "/api/leads", {}, li).body)["open"].GetInt(), 0);
    // The supervisor sees it among the closed ones.
    auto all = parse(srv->http("GET", "/api/leads?closed=1", {}, srv->login("boss")).body);
    ASSERT_EQ(all["leads"].Size(), 1u);
    EXPECT_STREQ(all["leads"][0]["closed_by"].GetString(), "li");
}

TEST_F(leads, an_unknown_department_becomes_the_default_one_which_every_consultant_sees) {
    ASSERT_EQ(post(R"({"phone":"13800138000","department":"<script>"})").status, 201);
    auto list = parse(srv->http("GET", "/api/leads", {}, srv->login("zhao")).body);
    ASSERT_EQ(list["open"].GetInt(), 1);
    EXPECT_STREQ(list["leads"][0]["department"].GetString(), "综合");
}

TEST_F(leads, bad_fields_are_refused_and_a_flood_from_one_address_is_cut) {
    EXPECT_EQ(post(R"({"name":"李"})").status, 400);
    EXPECT_EQ(post(R"({"phone":"12345"})").status, 400);
    EXPECT_EQ(post("{\"phone\":\"13800138000\",\"name\":\"\xc3\x28\"}").status, 400);
    EXPECT_EQ(post(R"({"phone":"13800138000","message":")" + std::string(2001, 'x') + "\"}").status, 400);
    EXPECT_EQ(post(std::string(9000, ' ')).status, 413);
    // Refused forms did not use up the address's three leads an hour.
    for (int i = 0; i < 3; ++i) EXPECT_EQ(post(R"({"phone":"13800138000"})").status, 201) << i;
    auto r = post(R"({"phone":"13800138000"})");
    EXPECT_EQ(r.status, 429);
    EXPECT_FALSE(r.header("Retry-After").empty());
    EXPECT_EQ(parse(srv->http("GET", "/api/leads", {}, srv->login("boss")).body)["open"].GetInt(), 3);
}
