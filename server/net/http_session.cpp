#include "net/http_session.hpp"

#include "net/static_files.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace lingting {
namespace {

// The visitor page may be framed by clinic sites (web/widget.js embeds it); staff pages never.
void security_headers(http::response<http::string_body>& res, bool frameable) {
    res.set(http::field::server, "lingting");
    res.set("X-Content-Type-Options", "nosniff");
    if (!frameable) res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Content-Security-Policy",
            std::string("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors ") +
                (frameable ? "*" : "'none'"));
}

http::response<http::string_body> plain(unsigned version, http::status s, std::string body,
                                        std::string type = "application/json; charset=utf-8") {
    http::response<http::string_body> res{s, version};
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
    return res;
}

}  // namespace

http_session::http_session(tcp::socket&& socket, http_context& ctx)
    : stream_(std::move(socket)), ctx_(ctx) {}

void http_session::run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(ctx_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec == http::error::body_limit) {
        auto res = plain(11, http::status::payload_too_large, json_error(413, "too_large", "请求体太大。").body);
        res.keep_alive(false);
        return respond(std::move(res));
    }
    if (ec) return;
    auto req = parser_->release();
    if (websocket::is_upgrade(req)) {
        auto version = req.version();
        // The staff socket's token is checked against the store before the upgrade: a store
        // failure there is answered 503 here, never thrown out of this handler.
        try {
            return upgrade(std::move(req));
        } catch (const store_error& e) {
            ctx_.api.log.error("store_unavailable", {{"cause", e.what()}});
            if (!stream_.socket().is_open()) return;  // already handed to a WebSocket session
            auto res = plain(version, http::status::service_unavailable, store_unavailable().body);
            res.set(http::field::retry_after, "5");
            res.keep_alive(false);
            return respond(std::move(res));
        }
    }
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    respond(handle(req), path == "/" || path == "/index.html");
}

void http_session::upgrade(http::request<http::string_body> req) {
    std::string_view target = req.target();
    auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    hub& h = ctx_.api.chat;
    stream_.expires_never();

    if (path == "/ws/visitor") {
        std::string department = query_param(query, "department").value_or("");
        std::string invited_by = query_param(query, "invited_by").value_or("");
        bool browse = query_param(query, "browse").value_or("") == "1";
        auto resume = query_param(query, "resume");
        std::uint64_t after = 0;
        if (auto a = query_param(query, "after")) std::from_chars(a->data(), a->data() + a->size(), after);
        auto session = std::make_shared<ws_session>(stream_.release_socket(), h, ctx_.limits, ctx_.api.log);
        session->run(std::move(req), [&h, department, invited_by, browse, resume, after](
                                         const std::shared_ptr<ws_session>& s, session_id sid) {
            if (browse) {
                h.visitor_browse(s, sid, department);
                return true;
            }
            if (!resume || resume->empty()) {
                h.visitor_join(s, sid, department, invited_by);
                return true;
            }
            if (h.visitor_resume(s, sid, *resume, after)) return true;
            s->send(frames::error(proto::error_code::not_found, "unknown resume token"));
            s->close(4404, "unknown resume token");
            return false;
        });
        return;
    }
    if (path == "/ws/staff") {
        auto token = query_param(query, "token").value_or("");
        auto who = ctx_.api.auth.authenticate(token, ctx_.api.clk.now());
        if (!who) {
            // Refused before the upgrade: the client sees HTTP 401, never a socket.
            auto res = plain(req.version(), http::status::unauthorized, json_error(401, "unauthorized", "登录已失效，请重新登录。").body);
            res.keep_alive(false);
            return respond(std::move(res));
        }
        auto session = std::make_shared<ws_session>(stream_.release_socket(), h, ctx_.limits, ctx_.api.log);
        session->run(std::move(req), [&h, who = *who](const std::shared_ptr<ws_session>& s, session_id sid) {
            h.staff_join(s, sid, who);
            return true;
        });
        return;
    }
    auto res = plain(req.version(), http::status::not_found, json_error(404, "not_found", "没有这个地址。").body);
    res.keep_alive(false);
    respond(std::move(res));
}

http::response<http::string_body> http_session::handle(const http::request<http::string_body>& req) {
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    if (is_api_target(path)) {
        api_request a{std::string(req.method_string()), std::string(target),
                      std::string(req[http::field::authorization]), req.body(), {}};
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) a.peer = ep.address().to_string();
        auto r = handle_api(a, ctx_.api);
        auto res = plain(req.version(), static_cast<http::status>(r.status), std::move(r.body), r.content_type);
        res.set(http::field::cache_control, "no-store");
        for (auto& [k, v] : r.headers) res.set(k, v);
        res.keep_alive(req.keep_alive());
        return res;
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res = plain(req.version(), http::status::method_not_allowed, json_error(405, "method_not_allowed", "不支持的请求方法。").body);
        res.keep_alive(req.keep_alive());
        return res;
    }
    auto file = resolve_static(ctx_.web_root, path);
    if (!file) {
        auto res = plain(req.version(), http::status::not_found, "页面不存在。", "text/plain; charset=utf-8");
        res.keep_alive(req.keep_alive());
        return res;
    }
    std::ifstream in(file->path, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    auto res = plain(req.version(), http::status::ok, req.method() == http::verb::head ? "" : body.str(), file->content_type);
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(req.keep_alive());
    return res;
}

void http_session::respond(http::response<http::string_body> res, bool frameable) {
    security_headers(res, frameable);
    res.prepare_payload();
    bool keep_alive = res.keep_alive();
    auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
    http::async_write(stream_, *sp, [self = shared_from_this(), sp, keep_alive](beast::error_code ec, std::size_t n) {
        self->on_write(keep_alive, ec, n);
    });
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!keep_alive) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace lingting
