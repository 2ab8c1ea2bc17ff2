// What a request to a WebSocket path gets when it is no handshake the server can accept
// (net/upgrade_check.hpp, RFC 6455 §4.2.1 and §4.4). The integration tests send the requests
// over loopback; these pin each rule on the fields as read.
#include "net/upgrade_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace lingting;

namespace {
constexpr std::string_view good_key = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455's sample: 16 bytes

ws_request_fields handshake() {
    ws_request_fields r;
    r.method = "GET";
    r.version = 11;
    r.asks_upgrade = true;
    r.has_host = true;
    r.key = good_key;
    r.ws_version = "13";
    return r;
}

// Whether the text holds a CJK ideograph (U+4E00..U+9FFF: UTF-8 lead byte 0xE4..0xE9).
bool chinese(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto b = static_cast<unsigned char>(c);
        return b >= 0xE4 && b <= 0xE9;
    });
}
}  // namespace

TEST(upgrade_check, a_valid_handshake_is_left_to_the_websocket_layer) { EXPECT_FALSE(check_ws_request(handshake())); }

TEST(upgrade_check, another_protocol_version_gets_426_offering_13) {
    auto r = handshake();
    r.ws_version = "8";
    auto refusal = check_ws_request(r);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 426);
    EXPECT_TRUE(refusal->offer_version);
    EXPECT_TRUE(chinese(refusal->message)) << refusal->message;
}

TEST(upgrade_check, a_malformed_handshake_gets_400) {
    auto no_host = handshake();
    no_host.has_host = false;
    auto no_key = handshake();
    no_key.key.reset();
    auto bad_key = handshake();
    bad_key.key = "abc";
    auto no_version = handshake();
    no_version.ws_version.reset();
    auto http10 = handshake();
    http10.version = 10;
    for (auto* r : {&no_host, &no_key, &bad_key, &no_version, &http10}) {
        auto refusal = check_ws_request(*r);
        ASSERT_TRUE(refusal);
        EXPECT_EQ(refusal->status, 400);
        EXPECT_TRUE(chinese(refusal->message)) << refusal->message;
    }
}

TEST(upgrade_check, a_plain_get_or_head_gets_426_asking_for_an_upgrade) {
    for (std::string_view method : {"GET", "HEAD"}) {
        ws_request_fields r;
        r.method = method;
        r.has_host = true;
        auto refusal = check_ws_request(r);
        ASSERT_TRUE(refusal) << method;
        EXPECT_EQ(refusal->status, 426) << method;
        EXPECT_TRUE(refusal->offer_upgrade) << method;
    }
}

TEST(upgrade_check, other_methods_get_405_allowing_get) {
    auto r = handshake();
    r.method = "POST";
    auto refusal = check_ws_request(r);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 405);
    EXPECT_TRUE(refusal->allow_get);
}

TEST(upgrade_check, a_key_is_sixteen_bytes_of_base64) {
    EXPECT_TRUE(valid_websocket_key(good_key));
    EXPECT_TRUE(valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAA=="));
    EXPECT_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ="));    // 23 characters
    EXPECT_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=a"));   // no padding
    EXPECT_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25j*Q=="));   // not the alphabet
    EXPECT_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ==A"));  // too long
    EXPECT_FALSE(valid_websocket_key(""));
}
