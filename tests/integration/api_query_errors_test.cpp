// Bad query parameters of the QA and report API, over real HTTP. The QA page shows an error's
// `message` to the person who filtered; PROTOCOL.md promises it in Chinese. Before, the list's
// filter errors came in English ("from is not ISO 8601 with a zone", "unknown ending"), and
// numbers were read up to the first stray character: limit=1.5 listed one conversation, tz=1e9
// was a day starting at UTC+00:01.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;


TEST(api_query_errors, bad_filters_and_numbers_get_400_with_a_chinese_reason) {
    test_server srv;
    srv.add_staff("qa1", role::qa);
    auto token = srv.login("qa1");
    for (std::string target : {
             "/api/qa/conversations?from=2026-13-45",
             "/api/qa/conversations?to=yesterday",
             "/api/qa/conversations?ending=maybe",
             "/api/qa/conversations?severity=loud",
             "/api/qa/conversations?rating=meh",
             "/api/qa/conversations?keyword=%FF",
             "/api/qa/conversations.csv?from=x",
             "/api/qa/conversations?limit=1.5",
             "/api/qa/conversations?limit=20abc",
             "/api/qa/conversations?limit=",
             "/api/reports/scorecards?group=day&tz=1e9",
             "/api/reports/scorecards?group=day&tz=480min",
             "/api/reports/scorecards?from=x",
             "/api/stats?from=x",
             "/api/reports/keywords?tz=8.5",
         }) {
        auto r = srv.http("GET", target, {}, token);
        EXPECT_EQ(r.status, 400) << target << ": " << r.body.substr(0, 120);
        auto body = parse(r.body);
        ASSERT_TRUE(!body.HasParseError() && body.IsObject() && body.HasMember("message")) << target;
        EXPECT_EQ(std::string(body["error"].GetString()), "bad_request") << target;
        EXPECT_TRUE(has_chinese(body["message"].GetString())) << target << ": " << body["message"].GetString();
    }
    // Good values still answer.
    EXPECT_EQ(srv.http("GET", "/api/qa/conversations?limit=5&from=2026-01-01T00:00:00Z", {}, token).status, 200);
    EXPECT_EQ(srv.http("GET", "/api/reports/scorecards?group=day&tz=-300", {}, token).status, 200);
    EXPECT_EQ(srv.http("GET", "/api/reports/keywords?tz=480", {}, token).status, 200);
}
