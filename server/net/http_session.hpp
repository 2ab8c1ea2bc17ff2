// One HTTP connection: serves web/ files and the JSON API, and hands WebSocket upgrades on
// /ws/visitor and /ws/staff to a ws_session.
#pragma once

#include "net/api.hpp"
#include "net/beast.hpp"
#include "net/connection_limits.hpp"
#include "net/work_pool.hpp"
#include "net/ws_session.hpp"

#include <memory>
#include <optional>

namespace lingting {

struct http_context {
    api_context api;
    std::string web_root;
    ws_limits limits;
    std::size_t max_body_bytes = 64 * 1024;
    connection_limits* admission = nullptr;     // null: no limits (some tests)
    // Runs /api/ requests off the network threads; null: they run inline (api-threads=0).
    work_pool* api_pool = nullptr;
    // Peers whose X-Forwarded-For names the client (client_address.hpp).
    std::vector<std::string> trusted_proxies;
    std::vector<std::string> public_origins;    // allowed Origins of staff sockets
    // A request's body must arrive within this once its headers have (a Content-Length larger
    // than what is sent must not hold the connection for the 30 s of the header wait).
    std::chrono::milliseconds body_timeout{10'000};
};

class http_session : public std::enable_shared_from_this<http_session> {
public:
    // `admitted` holds this connection's place under the connection limits while it lives.
    http_session(tcp::socket&& socket, http_context& ctx, connection_limits::ticket admitted = nullptr);
    void run();

private:
    void do_read();
    void on_header(beast::error_code ec, std::size_t);
    void on_body(beast::error_code ec, std::size_t);
    void on_read(beast::error_code ec, std::size_t);
    void upgrade(http::request<http::string_body> req);
    void upgrade_visitor(http::request<http::string_body> req, std::string_view query);
    void upgrade_staff(http::request<http::string_body> req, std::string_view query);
    // The answer to a request on a WebSocket path that is no handshake the server can accept
    // (net/upgrade_check.hpp), or nullopt.
    std::optional<http::response<http::string_body>> ws_path_refusal(const http::request<http::string_body>& req);
    void refuse(unsigned version, http::status status, std::string_view code, std::string_view message);
    // The client's address: X-Forwarded-For is believed only from a trusted proxy.
    std::string client(const http::request<http::string_body>& req);
    void respond(http::response<http::string_body> res, bool frameable = false);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t);
    http::response<http::string_body> handle(const http::request<http::string_body>& req);
    // Hands an /api/ request to the pool; its answer is written back on this session's strand.
    void handle_in_pool(const http::request<http::string_body>& req);
    api_request to_api_request(const http::request<http::string_body>& req);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http_context& ctx_;
    std::optional<http::request_parser<http::string_body>> parser_;
    // The body's own deadline (http_context::body_timeout): a timer of its own, not the stream's
    // expiry, because the stream closes the socket on expiry and the client gets no 408.
    net::steady_timer body_timer_{stream_.get_executor()};
    bool body_late_ = false;
    connection_limits::ticket admitted_;
};

}  // namespace lingting
