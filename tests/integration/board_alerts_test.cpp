// The supervisor board's alerts read back from the store (GET /api/alerts), over a real server,
// real WebSockets and a real store: what a reload or a server restart would otherwise lose.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

// A string member of the response or of any object inside it.
template <class J>
std::string str(const J& j, const char* key) { return j[key].GetString(); }

json alerts(test_server& srv, const std::string& token, const std::string& query = {}) {
    auto r = srv.http("GET", "/api/alerts" + query, {}, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r.body);
}

}  // namespace

TEST(board_alerts, recent_alerts_survive_a_reload_and_a_restart_and_stay_bounded) {
    test_server srv;
    srv.add_staff("li", role::consultant, {"男科"});
    srv.add_staff("boss", role::supervisor);
    srv.add_staff("qa1", role::qa);
    auto boss = srv.login("boss");
    EXPECT_EQ(alerts(srv, boss)["alerts"].Size(), 0u);

    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));
    v.send(say("请问包皮手术需要住院吗？", "v1"));
    ASSERT_TRUE(li.next_of("message"));
    li.send(say("等着吧", "l1", conv));  // a forbidden phrase: a warning, alerted live
    ASSERT_TRUE(li.next_of("ack"));
    srv.store().flush();

    auto a = alerts(srv, boss);
    ASSERT_GE(a["alerts"].Size(), 1u);
    auto& first = a["alerts"][0];
    EXPECT_EQ(str(first, "type"), "alert") << "the live frame's shape: the board adds it the same way";
    EXPECT_EQ(str(first, "conversation"), conv);
    EXPECT_EQ(str(first, "consultant"), "li");
    EXPECT_EQ(str(first["finding"], "kind"), "forbidden_phrase");
    EXPECT_EQ(str(first["finding"], "severity"), "warning");
    EXPECT_GT(first["finding"]["id"].GetInt64(), 0);
    EXPECT_EQ(str(first["finding"], "consultant"), "li");
    EXPECT_FALSE(a["ended"].HasMember(conv.c_str())) << "still open";
    for (auto& x : a["alerts"].GetArray()) EXPECT_NE(str(x["finding"], "severity"), "info") << "info never alerts";

    // Only the board's supervisors read them; the filters are checked.
    EXPECT_EQ(srv.http("GET", "/api/alerts", {}, srv.login("qa1")).status, 403);
    EXPECT_EQ(srv.http("GET", "/api/alerts", {}, srv.login("li")).status, 403);
    EXPECT_EQ(srv.http("GET", "/api/alerts", {}).status, 401);
    EXPECT_EQ(srv.http("GET", "/api/alerts?since=yesterday", {}, boss).status, 400);
    EXPECT_EQ(srv.http("GET", "/api/alerts?limit=0", {}, boss).status, 400);
    EXPECT_EQ(srv.http("GET", "/api/alerts?limit=501", {}, boss).status, 400);
    EXPECT_EQ(alerts(srv, boss, "?since=2099-01-01T00:00:00Z")["alerts"].Size(), 0u);

    // The server restarts (its open conversations end): the alert is still there, and ended.
    srv.stop();
    srv.start();
    boss = srv.login("boss");
    a = alerts(srv, boss);
    ASSERT_GE(a["alerts"].Size(), 1u);
    EXPECT_EQ(str(a["alerts"][0], "conversation"), conv);
    EXPECT_TRUE(a["ended"].HasMember(conv.c_str())) << "the board can say it ended";

    // A board is for today: a day later it is gone, whatever `since` asks.
    srv.clk().advance(std::chrono::hours{25});
    boss = srv.login("boss");
    EXPECT_EQ(alerts(srv, boss, "?since=2000-01-01T00:00:00Z")["alerts"].Size(), 0u);
}
