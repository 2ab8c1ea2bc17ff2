// What a request to a WebSocket path (/ws/visitor, /ws/staff) gets when it is not a WebSocket
// handshake the server can accept. Beast's own refusals were English one-liners without the
// security headers (a wrong Sec-WebSocket-Version: 426 "bad Sec-WebSocket-Version"), and a plain
// GET of the path, a browser opening the address, got the static 404 "页面不存在". Now (PROTOCOL.md,
// *Connecting*): per RFC 6455 §4.2.1 and §4.4, and RFC 9110 §15.5.22 for 426:
// - an upgrade with a version other than 13: 426 with `Sec-WebSocket-Version: 13`;
// - an upgrade missing Host, Sec-WebSocket-Key (16 bytes in base64) or Sec-WebSocket-Version, or
//   over HTTP/1.0: 400;
// - a GET or HEAD that asks for no upgrade: 426 with `Upgrade: websocket` and the version;
// - any other method: 405 with `Allow: GET`.
// Each with a JSON body `{"error","message"}` in Chinese. Pure (no Beast): the fields as read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lingting {

struct ws_request_fields {
    std::string_view method;   // "GET"
    unsigned version = 11;     // HTTP/1.1 = 11
    bool asks_upgrade = false;  // Connection: upgrade and Upgrade: websocket, whatever the method and version
    bool has_host = false;
    std::optional<std::string_view> key, ws_version;  // Sec-WebSocket-Key, Sec-WebSocket-Version
};

struct ws_refusal {
    int status = 400;
    std::string code, message;
    bool offer_version = false;  // add Sec-WebSocket-Version: 13
    bool offer_upgrade = false;  // add Upgrade: websocket, Connection: Upgrade
    bool allow_get = false;      // add Allow: GET
};

// nullopt: a handshake the WebSocket layer can accept.
std::optional<ws_refusal> check_ws_request(const ws_request_fields& r);

// Whether `key` is 16 bytes in base64: 22 characters of the alphabet and "==".
bool valid_websocket_key(std::string_view key);

}  // namespace lingting
