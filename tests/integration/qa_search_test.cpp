// QA's search over what was said (`q` on /api/qa/conversations), over a real server, real
// WebSockets and a real store: any message's text, a substring; one or two characters scan, so
// without `from` only the last 92 days.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::size_t listed(test_server& srv, const std::string& token, const std::string& query) {
    auto r = srv.http("GET", "/api/qa/conversations?" + query, {}, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r.body)["conversations"].Size();
}

}  // namespace

TEST(qa_search, q_finds_the_conversations_where_something_was_said) {
    test_server srv;
    srv.add_staff("li", role::consultant, {"男科"});
    srv.add_staff("qa1", role::qa);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = (*w)["conversation"].GetString();
    ASSERT_TRUE(li.next_of("assigned"));
    v.send(say("我在百度上看到的，头疼能吃布洛芬吗", "v1"));
    ASSERT_TRUE(li.next_of("message"));
    li.send(say("布洛芬请遵医嘱服用，建议您来院面诊。", "l1", conv));
    ASSERT_TRUE(li.next_of("ack"));
    v.send(R"({"type":"leave"})");
    ASSERT_TRUE(v.next_of("ended"));
    srv.store().flush();

    auto qa = srv.login("qa1");
    EXPECT_EQ(listed(srv, qa, ""), 1u);
    EXPECT_EQ(listed(srv, qa, "q=%E5%B8%83%E6%B4%9B%E8%8A%AC"), 1u) << "布洛芬";
    EXPECT_EQ(listed(srv, qa, "q=%E9%81%B5%E5%8C%BB%E5%98%B1"), 1u) << "遵医嘱: what the consultant said";
    EXPECT_EQ(listed(srv, qa, "q=%E7%99%BE%E5%BA%A6"), 1u) << "百度: two characters";
    EXPECT_EQ(listed(srv, qa, "q=%E9%98%BF%E8%8E%AB%E8%A5%BF%E6%9E%97"), 0u) << "阿莫西林: nobody said it";
    EXPECT_EQ(listed(srv, qa, "q=%25"), 0u) << "% is a character, not a pattern";
    auto csv = srv.http("GET", "/api/qa/conversations.csv?q=%E9%98%BF%E8%8E%AB%E8%A5%BF%E6%9E%97", {}, qa);
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.find(conv), std::string::npos) << "the CSV is the same list";
    EXPECT_EQ(srv.http("GET", "/api/qa/conversations?q=" + std::string(201, 'a'), {}, qa).status, 400);
    EXPECT_EQ(srv.http("GET", "/api/qa/conversations?q=%FF", {}, qa).status, 400) << "not UTF-8";

    // 100 days on: three characters still go through the index; two scan only the last 92 days
    // unless QA names a start.
    srv.clk().advance(std::chrono::hours{24 * 100});
    qa = srv.login("qa1");
    EXPECT_EQ(listed(srv, qa, "q=%E5%B8%83%E6%B4%9B%E8%8A%AC"), 1u);
    EXPECT_EQ(listed(srv, qa, "q=%E7%99%BE%E5%BA%A6"), 0u);
    EXPECT_EQ(listed(srv, qa, "q=%E7%99%BE%E5%BA%A6&from=2000-01-01T00:00:00Z"), 1u);
}
