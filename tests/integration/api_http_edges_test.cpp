// HTTP edges of the API, over raw HTTP on loopback:
//  - a damaged `cursor` silently gave page 1 again; now 400 with a Chinese reason;
//  - HEAD on the API answered 404 (the API knew only GET); now as GET, without the body;
//  - `Authorization: bearer TOKEN` was refused: auth schemes are case-insensitive (RFC 9110 11.1).
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;


TEST(api_http_edges, a_damaged_cursor_is_refused_not_read_as_page_one) {
    test_server srv;
    srv.add_staff("qa1", role::qa);
    auto token = srv.login("qa1");
    for (std::string cursor : {"garbage", "123", ":abc", "12x:abc", "123:", "-5:abc", "123:a%20b"}) {
        auto r = srv.http("GET", "/api/qa/conversations?cursor=" + cursor, {}, token);
        EXPECT_EQ(r.status, 400) << cursor << ": " << r.body;
        auto doc = parse(r.body);
        ASSERT_TRUE(doc.IsObject()) << cursor;
        EXPECT_TRUE(has_chinese(doc["message"].GetString())) << cursor;
    }
    // What next_cursor looks like is still read.
    EXPECT_EQ(srv.http("GET", "/api/qa/conversations?cursor=1764547200000:c1", {}, token).status, 200);
    EXPECT_EQ(srv.http("GET", "/api/qa/conversations", {}, token).status, 200);
}

TEST(api_http_edges, head_on_the_api_answers_as_get_without_the_body) {
    test_server srv;
    srv.add_staff("qa1", role::qa);
    auto token = srv.login("qa1");
    for (std::string target : {"/api/me", "/api/qa/conversations", "/healthz"}) {
        std::string auth = "Authorization: Bearer " + token + "\r\n";
        auto get = raw_exchange(srv.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
        auto head = raw_exchange(srv.port(), "HEAD " + target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
        ASSERT_EQ(get.rfind("HTTP/1.1 200", 0), 0u) << target;
        EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << target << ": " << head.substr(0, 100);
        EXPECT_EQ(content_length(head), std::to_string(body_of(get).size())) << target;
        EXPECT_EQ(body_of(head), "") << target << ": a HEAD answer carried a body";
    }
    // Without a token, HEAD is refused as GET is.
    auto head = raw_exchange(srv.port(), "HEAD /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(head.rfind("HTTP/1.1 401", 0), 0u) << head.substr(0, 100);
}

TEST(api_http_edges, the_bearer_scheme_is_case_insensitive) {
    test_server srv;
    srv.add_staff("qa1", role::qa);
    auto token = srv.login("qa1");
    for (std::string scheme : {"Bearer ", "bearer ", "BEARER ", "Bearer  "}) {
        auto r = raw_exchange(srv.port(), "GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: " + scheme + token +
                                              "\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << "'" << scheme << "': " << r.substr(0, 100);
    }
    for (std::string bad : {"Bearer" + token, "Basic " + token, std::string("Bearer "), "Bear " + token}) {
        auto r = raw_exchange(srv.port(), "GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: " + bad +
                                              "\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(r.rfind("HTTP/1.1 401", 0), 0u) << "'" << bad << "': " << r.substr(0, 100);
    }
}
