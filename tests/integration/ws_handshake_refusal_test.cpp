// Requests on the WebSocket paths that are no handshake the server can accept. A handshake with an
// unsupported Sec-WebSocket-Version got Beast's own 426 (an English "bad Sec-WebSocket-Version",
// without the JSON error every other refusal has, or the security headers), a malformed one (no key,
// a key that is not 16 bytes of base64) was upgraded or refused by Beast in English, and a plain
// GET of /ws/visitor (a browser opening the address) got the static page's 404 "页面不存在", which
// says nothing of what the address is for. Now (RFC 6455 §4.2.1, §4.4; RFC 9110 §15.5.22): a wrong
// version 426 with `Sec-WebSocket-Version: 13`; a malformed handshake 400; a plain GET or HEAD 426
// with `Upgrade: websocket`; another method 405 with `Allow: GET`; each with a Chinese JSON reason.
// The server keeps serving everyone else.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string handshake(const std::string& path, const std::string& extra, const std::string& method = "GET",
                      const std::string& version = "1.1") {
    return method + " " + path + " HTTP/" + version + "\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n" +
           "Upgrade: websocket\r\n" + extra + "\r\n";
}
const std::string good_key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

bool has_header(const std::string& response, const std::string& line) {
    auto head = response.substr(0, response.find("\r\n\r\n"));
    return head.find("\r\n" + line + "\r\n") != std::string::npos;
}

}  // namespace

TEST(ws_handshake_refusal, bad_handshakes_and_plain_requests_on_websocket_paths_get_a_status_to_act_on) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    auto token = srv.login("li");
    struct {
        const char* what;
        std::string request;
        int status;
        const char* code;
        const char* header;  // a header line the answer must hold
    } cases[] = {
        {"version 8", handshake("/ws/visitor", good_key + "Sec-WebSocket-Version: 8\r\n"), 426, "upgrade_required",
         "Sec-WebSocket-Version: 13"},
        {"version 14 on the staff path", handshake("/ws/staff?token=" + token, good_key + "Sec-WebSocket-Version: 14\r\n"),
         426, "upgrade_required", "Sec-WebSocket-Version: 13"},
        {"no version", handshake("/ws/visitor", good_key), 400, "bad_request", nullptr},
        {"no key", handshake("/ws/visitor", "Sec-WebSocket-Version: 13\r\n"), 400, "bad_request", nullptr},
        {"a key of 3 bytes", handshake("/ws/visitor", "Sec-WebSocket-Key: abcd\r\nSec-WebSocket-Version: 13\r\n"), 400,
         "bad_request", nullptr},
        {"a key that is not base64",
         handshake("/ws/visitor", "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\nSec-WebSocket-Version: 13\r\n"), 400,
         "bad_request", nullptr},
        {"a POST handshake", handshake("/ws/visitor", good_key + "Sec-WebSocket-Version: 13\r\n", "POST"), 405,
         "method_not_allowed", "Allow: GET"},
        {"a plain GET", "GET /ws/visitor HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 426, "upgrade_required",
         "Upgrade: websocket"},
        {"a plain DELETE", "DELETE /ws/staff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405, "method_not_allowed",
         "Allow: GET"},
    };
    for (auto& c : cases) {
        auto response = raw_exchange(srv.port(), c.request);
        EXPECT_EQ(status_of(response), c.status) << c.what << ": " << response.substr(0, 120);
        auto body = parse(body_of(response));
        ASSERT_TRUE(body.IsObject() && body.HasMember("error") && body.HasMember("message"))
            << c.what << ": " << response;
        EXPECT_EQ(std::string(body["error"].GetString()), c.code) << c.what;
        EXPECT_TRUE(has_chinese(body["message"].GetString())) << c.what;
        if (c.header) {
            EXPECT_TRUE(has_header(response, c.header)) << c.what << ": " << response;
        }
        EXPECT_TRUE(has_header(response, "X-Content-Type-Options: nosniff")) << c.what;
    }
    // HEAD: the same headers, no body.
    auto head = raw_exchange(srv.port(), "HEAD /ws/visitor HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(status_of(head), 426);
    EXPECT_TRUE(body_of(head).empty()) << head;
    EXPECT_NE(content_length(head), "0");
    // An HTTP/1.0 handshake is answered in HTTP/1.0, as a malformed one.
    auto old = raw_exchange(srv.port(), handshake("/ws/visitor", good_key + "Sec-WebSocket-Version: 13\r\n", "GET", "1.0"));
    EXPECT_EQ(old.rfind("HTTP/1.0 400", 0), 0u) << old.substr(0, 120);

    // A good handshake still upgrades, and a visitor is served.
    ws_client v;
    ASSERT_EQ(v.connect(srv.port(), "/ws/visitor"), 101);
    EXPECT_TRUE(v.next_of("welcome"));
    ws_client console;
    ASSERT_EQ(console.connect(srv.port(), "/ws/staff?token=" + token), 101);
    EXPECT_TRUE(console.next_of("presence"));
}
