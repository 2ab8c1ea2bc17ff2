// One HTTP connection: serves web/ files and the JSON API, and hands WebSocket upgrades on
// /ws/visitor and /ws/staff to a ws_session.
#pragma once

#include "net/api.hpp"
#include "net/beast.hpp"
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
    // Runs /api/ requests off the network threads; null: they run inline (api-threads=0).
    work_pool* api_pool = nullptr;
    // Peers whose X-Forwarded-For names the client (client_address.hpp).
    std::vector<std::string> trusted_proxies;
};

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, http_context& ctx);
    void run();

private:
    void do_read();
    void on_read(beast::error_code ec, std::size_t);
    void upgrade(http::request<http::string_body> req);
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
};

}  // namespace lingting
