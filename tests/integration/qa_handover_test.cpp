// QA's figures for a conversation handed from one consultant to another, over a real server, real
// WebSockets and a real store (SQLite; PostgreSQL in integration_tests_pg): each finding counts
// against the consultant who wrote the message, not against whoever held the chat last.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace lingting;
using namespace lingting::testing;

namespace {

// A string member of the response or of any object inside it.
template <class J>
std::string str(const J& j, const char* key) { return j[key].GetString(); }

// A scorecard's forbidden phrases per 100 messages and its messages, by consultant.
std::map<std::string, std::pair<double, int>> phrases_by_consultant(test_server& srv, const std::string& token) {
    auto r = srv.http("GET", "/api/reports/scorecards?group=consultant", {}, token);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = parse(r.body);
    std::map<std::string, std::pair<double, int>> out;
    for (auto& c : j["scorecards"].GetArray()) {
        auto& per100 = c["findings_per_100_messages"];
        double phrases = per100.HasMember("forbidden_phrase") ? per100["forbidden_phrase"].GetDouble() : 0;
        out[c["key"].GetString()] = {phrases, c["consultant_messages"].GetInt()};
    }
    return out;
}

}  // namespace

TEST(qa_handover, a_transferred_conversations_findings_count_against_who_wrote_them) {
    test_server srv;
    srv.add_staff("li", role::consultant, {"男科"});
    srv.add_staff("wang", role::consultant, {"男科"});
    srv.add_staff("qa1", role::qa);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));
    v.send(say("请问包皮手术要多久？", "v1"));
    ASSERT_TRUE(li.next_of("message"));
    // li answers rudely (a forbidden phrase), then hands the chat to wang, who answers well.
    li.send(say("等着吧", "l1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    ws_client wang;
    ASSERT_EQ(wang.connect(srv.port(), "/ws/staff?token=" + srv.login("wang")), 101);
    ASSERT_TRUE(wang.next_of("queue_state"));  // joined to the hub: a transfer to wang may go
    li.send(R"({"type":"transfer","conversation":")" + conv + R"(","to":"wang"})");
    ASSERT_TRUE(li.next_of("unassigned"));
    ASSERT_TRUE(wang.next_of("assigned"));
    wang.send(say("您好，手术大约半小时，您方便的话可以留个电话。", "w1", conv));
    ASSERT_TRUE(wang.next_of("ack"));
    wang.send(R"({"type":"end","conversation":")" + conv + R"("})");
    ASSERT_TRUE(v.next_of("ended"));
    srv.store().flush();

    auto qa = srv.login("qa1");
    auto detail = parse(srv.http("GET", "/api/conversations/" + conv, {}, qa).body);
    EXPECT_EQ(str(detail, "consultant"), "wang");
    bool phrase_found = false;
    for (auto& f : detail["findings"].GetArray())
        if (str(f, "kind") == "forbidden_phrase") {
            phrase_found = true;
            ASSERT_TRUE(f.HasMember("consultant"));
            EXPECT_EQ(str(f, "consultant"), "li") << "li wrote 等着吧";
        }
    ASSERT_TRUE(phrase_found) << "等着吧 is a forbidden phrase in the project's lexicon";

    auto cards = phrases_by_consultant(srv, qa);
    ASSERT_TRUE(cards.count("li")) << "li handled the conversation: she has a scorecard";
    ASSERT_TRUE(cards.count("wang"));
    EXPECT_GT(cards["li"].first, 0) << "li's phrase counts against li";
    EXPECT_EQ(cards["li"].second, 1);
    EXPECT_EQ(cards["wang"].first, 0) << "not against wang, who held the chat last";
    EXPECT_EQ(cards["wang"].second, 1);

    // The QA list: li's filter finds the conversation, counting her warning; wang's does not.
    auto for_li = parse(srv.http("GET", "/api/qa/conversations?consultant=li", {}, qa).body);
    ASSERT_EQ(for_li["conversations"].Size(), 1u);
    EXPECT_GE(for_li["conversations"][0]["findings"]["warning"].GetInt(), 1);
    ASSERT_EQ(for_li["conversations"][0]["handled_by"].Size(), 2u);
    EXPECT_EQ(std::string(for_li["conversations"][0]["handled_by"][0].GetString()), "li");
    auto for_wang = parse(srv.http("GET", "/api/qa/conversations?consultant=wang&kind=forbidden_phrase", {}, qa).body);
    EXPECT_EQ(for_wang["conversations"].Size(), 0u) << "wang wrote no forbidden phrase";

    // The CSV export says who handled it.
    auto csv = srv.http("GET", "/api/qa/conversations.csv?consultant=li", {}, qa);
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("li→wang"), std::string::npos) << csv.body;
}
