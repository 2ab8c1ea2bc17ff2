// One wait counts once: a visitor left waiting past the warning and the critical threshold gets
// two alerts live, and QA's list, the conversation, the stats, the scorecards and the CSV all
// see one idle gap, critical, with its real length. Real server, real SQLite file, moved clock.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

}  // namespace

TEST(qa_one_wait, a_wait_that_escalates_is_one_critical_finding_everywhere_qa_counts) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    srv.add_staff("boss", role::supervisor);
    srv.add_staff("qa1", role::qa);
    ws_client li, boss, visitor;
    ASSERT_EQ(li.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
    ASSERT_EQ(boss.connect(srv.port(), "/ws/staff?token=" + srv.login("boss")), 101);
    ASSERT_EQ(visitor.connect(srv.port(), "/ws/visitor?department=%E7%94%B7%E7%A7%91"), 101);
    auto w = visitor.next_of("welcome");
    ASSERT_TRUE(w);
    std::string conv = (*w)["conversation"].GetString();
    ASSERT_TRUE(li.next_of("assigned"));
    visitor.send(say("你好，在吗？", "v1"));
    ASSERT_TRUE(visitor.next_of("ack"));

    // Two steps, two alerts, as the wait grows.
    srv.clk().advance(61s);
    srv.chat().wake();
    auto warning = boss.next_of("alert");
    ASSERT_TRUE(warning);
    EXPECT_EQ(std::string((*warning)["finding"]["severity"].GetString()), "warning");
    srv.clk().advance(60s);
    srv.chat().wake();
    auto critical = boss.next_of("alert");
    ASSERT_TRUE(critical);
    EXPECT_EQ(std::string((*critical)["finding"]["severity"].GetString()), "critical");
    srv.clk().advance(29s);  // answered 150 s after the question
    li.send(say("您好，在的，请您讲。", "c1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    li.send(R"({"type":"end","conversation":")" + conv + R"("})");
    ASSERT_TRUE(visitor.next_of("ended"));
    srv.store().flush();

    std::string qa = srv.login("qa1");
    auto list = parse(srv.http("GET", "/api/qa/conversations", {}, qa).body);
    ASSERT_EQ(list["conversations"].Size(), 1u);
    auto& counts = list["conversations"][0]["findings"];
    EXPECT_EQ(counts["critical"].GetInt(), 1);
    EXPECT_EQ(counts["warning"].GetInt(), 0) << "the warning step is the same wait";
    EXPECT_EQ(counts["info"].GetInt(), 0) << "the closing step is the same wait";

    auto detail = parse(srv.http("GET", "/api/conversations/" + conv, {}, qa).body);
    int gaps = 0;
    for (auto& f : detail["findings"].GetArray()) {
        if (std::string(f["kind"].GetString()) != "idle_gap") continue;
        ++gaps;
        EXPECT_EQ(std::string(f["severity"].GetString()), "critical");
        EXPECT_GE(f["duration_ms"].GetInt64(), 149'000) << "the real length, not a threshold";
        EXPECT_LT(f["duration_ms"].GetInt64(), 160'000);
    }
    EXPECT_EQ(gaps, 1);

    auto stats = parse(srv.http("GET", "/api/stats?from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z", {}, qa).body);
    EXPECT_EQ(stats["findings"]["idle_gap"].GetInt(), 1);
    auto cards = parse(srv.http("GET", "/api/reports/scorecards?group=consultant", {}, qa).body);
    ASSERT_EQ(cards["scorecards"].Size(), 1u);
    EXPECT_DOUBLE_EQ(cards["scorecards"][0]["idle_gaps_per_100_conversations"].GetDouble(), 100.0);
    EXPECT_DOUBLE_EQ(cards["scorecards"][0]["findings_per_100_messages"]["idle_gap"].GetDouble(), 100.0)
        << "one wait in one consultant message's conversation";

    // Re-analysis keeps it one row.
    auto r = parse(srv.http("POST", "/api/reanalyze", R"({"from":"2000-01-01T00:00:00Z","to":"2099-01-01T00:00:00Z"})", qa).body);
    auto again = parse(srv.http("GET", "/api/qa/conversations", {}, qa).body);
    EXPECT_EQ(again["conversations"][0]["findings"]["critical"].GetInt(), 1);
    EXPECT_EQ(again["conversations"][0]["findings"]["warning"].GetInt(), 0);
    EXPECT_EQ(again["conversations"][0]["findings"]["info"].GetInt(), 0);
    EXPECT_EQ(r["findings"].GetInt(), 1) << "one finding: the wait";
}
