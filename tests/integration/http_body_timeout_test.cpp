// A request whose Content-Length is larger than the body sent (or a chunked body that stops), over
// raw HTTP on loopback. It held the connection for the 30 s header wait and then closed it without
// a word: slowloris on the API, a few hundred such requests hold as many connections for 30 s each.
// Now the body has a deadline of its own (http-body-timeout-ms, 10 s) and the client gets 408 with
// a JSON reason.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;


TEST(http_body_timeout, a_body_shorter_than_its_content_length_is_answered_408_in_time) {
    test_server srv([](server_config& c) { c.http_body_timeout_ms = 300; });
    auto started = std::chrono::steady_clock::now();
    auto got = raw_exchange(srv.port(),
                            "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 100\r\n\r\n{\"username\":\"li\"");
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(got.rfind("HTTP/1.1 408", 0), 0u) << "got: " << got.substr(0, 200);
    auto doc = parse(body_of(got));
    ASSERT_TRUE(doc.IsObject());
    EXPECT_EQ(std::string(doc["error"].GetString()), "timeout");
    EXPECT_TRUE(has_chinese(doc["message"].GetString()));
    EXPECT_LT(took, 3s) << "the short body was waited for past its deadline";

    // A whole request right after is answered as ever.
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
}

TEST(http_body_timeout, a_chunked_body_that_stops_is_answered_408_too) {
    test_server srv([](server_config& c) { c.http_body_timeout_ms = 300; });
    auto got = raw_exchange(srv.port(), "POST /api/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
    EXPECT_EQ(got.rfind("HTTP/1.1 408", 0), 0u) << "got: " << got.substr(0, 200);
}
