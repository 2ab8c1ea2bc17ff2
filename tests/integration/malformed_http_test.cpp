// HTTP requests the parser refuses, sent as raw bytes over loopback: oversized headers, a broken
// request line, a Content-Length that is no number, both Content-Length and chunked. Before, each
// was answered by a bare close (nothing for the client, or a proxy in front, to show or log); now
// a JSON error with a status: 431 for headers too large, 400 for a malformed request. The server
// keeps serving everyone else.
#include "test_server.hpp"

#include <gtest/gtest.h>


using namespace lingting;
using namespace lingting::testing;


TEST(malformed_http, refused_requests_get_a_status_and_a_json_reason_instead_of_a_bare_close) {
    test_server srv;
    struct {
        const char* what;
        std::string request;
        int status;
        const char* code;
    } cases[] = {
        {"a 20 KiB header", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n", 431,
         "too_large"},
        {"a 20 KiB target", "GET /" + std::string(20 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 431, "too_large"},
        {"a broken method", "G@T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"},
        {"an unknown version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400, "bad_request"},
        {"a negative Content-Length", "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400,
         "bad_request"},
        {"two Content-Lengths", "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
         400, "bad_request"},
        {"Content-Length and chunked",
         "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"a header without a colon", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400, "bad_request"},
    };
    for (auto& c : cases) {
        auto response = raw_exchange(srv.port(), c.request);
        EXPECT_EQ(status_of(response), c.status) << c.what << ": " << response.substr(0, 80);
        auto body = parse(body_of(response));
        ASSERT_FALSE(body.HasParseError()) << c.what << ": " << response.substr(0, 200);
        ASSERT_TRUE(body.IsObject() && body.HasMember("error")) << c.what;
        EXPECT_EQ(std::string(body["error"].GetString()), c.code) << c.what;
        EXPECT_FALSE(std::string(body["message"].GetString()).empty()) << c.what;
        EXPECT_NE(response.find("Connection: close"), std::string::npos) << c.what;
    }
    // Everyone else is still served.
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    EXPECT_EQ(status_of(raw_exchange(srv.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
}
