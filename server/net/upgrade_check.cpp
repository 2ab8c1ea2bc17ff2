#include "net/upgrade_check.hpp"

namespace lingting {
namespace {

bool base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

ws_refusal bad(std::string message) { return {400, "bad_request", std::move(message)}; }

}  // namespace

bool valid_websocket_key(std::string_view key) {
    // Leading and trailing spaces are the field's, not the key's (RFC 9110 5.5).
    while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    if (key.size() != 24 || key.substr(22) != "==") return false;
    for (char c : key.substr(0, 22))
        if (!base64_char(c)) return false;
    return true;  // the unused low bits of the last character are not checked: be liberal
}

std::optional<ws_refusal> check_ws_request(const ws_request_fields& r) {
    if (r.asks_upgrade && r.method != "GET") {
        ws_refusal x{405, "method_not_allowed", "不支持的请求方法：WebSocket 握手只用 GET。"};
        x.allow_get = true;
        return x;
    }
    if (!r.asks_upgrade) {
        if (r.method == "GET" || r.method == "HEAD") {
            ws_refusal x{426, "upgrade_required", "此地址只接受 WebSocket 连接（版本 13）。"};
            x.offer_version = x.offer_upgrade = true;
            return x;
        }
        ws_refusal x{405, "method_not_allowed", "不支持的请求方法：WebSocket 握手只用 GET。"};
        x.allow_get = true;
        return x;
    }
    if (r.version < 11) return bad("WebSocket 握手需要 HTTP/1.1。");
    if (!r.has_host) return bad("WebSocket 握手缺少 Host 头。");
    if (!r.ws_version) return bad("WebSocket 握手缺少 Sec-WebSocket-Version 头（应为 13）。");
    std::string_view v = *r.ws_version;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v != "13") {
        ws_refusal x{426, "upgrade_required", "不支持的 WebSocket 版本，本服务只支持版本 13。"};
        x.offer_version = true;
        return x;
    }
    if (!r.key || !valid_websocket_key(*r.key))
        return bad("WebSocket 握手的 Sec-WebSocket-Key 缺失或无效（应为 16 字节的 Base64）。");
    return std::nullopt;
}

}  // namespace lingting
