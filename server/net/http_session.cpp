#include "net/http_session.hpp"

#include "core/utf8.hpp"
#include "net/client_address.hpp"
#include "net/static_files.hpp"
#include "net/upgrade_check.hpp"
#include "net/visitor_query.hpp"

#include <algorithm>
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

// A request the parser refused for its form (not for a dropped connection): the client sent
// something, and gets told what was wrong instead of a bare close.
bool malformed_request(const beast::error_code& ec) {
    using e = http::error;
    for (e x : {e::bad_line_ending, e::bad_method, e::bad_target, e::bad_version, e::bad_field, e::bad_value,
                e::bad_content_length, e::bad_transfer_encoding, e::bad_chunk, e::bad_chunk_extension,
                e::bad_obs_fold, e::multiple_content_length, e::unexpected_body})
        if (ec == x) return true;
    return false;
}

// `head`: the answer to a HEAD request, which gets GET's headers (its Content-Length too) and no
// body (RFC 9110 9.3.2: every general-purpose server supports GET and HEAD).
http::response<http::string_body> from_api(api_response r, unsigned version, bool keep_alive, bool head) {
    std::size_t length = r.body.size();
    if (head) r.body.clear();
    auto res = plain(version, static_cast<http::status>(r.status), std::move(r.body), r.content_type);
    res.set(http::field::cache_control, "no-store");
    for (auto& [k, v] : r.headers) res.set(k, v);
    if (head) res.content_length(length);
    res.keep_alive(keep_alive);
    return res;
}

}  // namespace

http_session::http_session(tcp::socket&& socket, http_context& ctx, connection_limits::ticket admitted)
    : stream_(std::move(socket)), ctx_(ctx), admitted_(std::move(admitted)) {}

void http_session::run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(ctx_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&http_session::on_header, shared_from_this()));
}

void http_session::on_header(beast::error_code ec, std::size_t n) {
    if (ec || parser_->is_done()) return on_read(ec, n);
    // The body has a deadline of its own, much shorter than the header wait: a Content-Length
    // larger than the body sent (or a body trickled byte by byte) is answered 408 in time.
    stream_.expires_never();
    body_late_ = false;
    body_timer_.expires_after(ctx_.body_timeout);
    body_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (e) return;  // the body arrived first
        self->body_late_ = true;
        self->stream_.cancel();
    });
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_body, shared_from_this()));
}

void http_session::on_body(beast::error_code ec, std::size_t n) {
    body_timer_.cancel();
    if (body_late_) {
        stream_.expires_after(std::chrono::seconds(30));  // for the answer's write
        auto res = plain(11, http::status::request_timeout,
                         json_error(408, "timeout", "请求体未在规定时间内发送完毕。").body);
        res.keep_alive(false);
        return respond(std::move(res));
    }
    on_read(ec, n);
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
    if (ec == http::error::header_limit) {
        auto res = plain(11, http::status::request_header_fields_too_large,
                         json_error(431, "too_large", "请求头太大。").body);
        res.keep_alive(false);
        return respond(std::move(res));
    }
    if (malformed_request(ec)) {
        auto res = plain(11, http::status::bad_request, json_error(400, "bad_request", "请求格式错误。").body);
        res.keep_alive(false);
        return respond(std::move(res));
    }
    if (ec) return;  // the connection dropped or timed out: nobody to answer
    auto req = parser_->release();
    if (auto refusal = ws_path_refusal(req)) return respond(std::move(*refusal));
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
    // /healthz, /readyz and /metrics stay inline: cheap, and a probe must not queue behind a flood.
    if (ctx_.api_pool && path.starts_with("/api/")) return handle_in_pool(req);
    respond(handle(req), path == "/" || path == "/index.html");
}

std::optional<http::response<http::string_body>> http_session::ws_path_refusal(
    const http::request<http::string_body>& req) {
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    if (path != "/ws/visitor" && path != "/ws/staff") return std::nullopt;
    ws_request_fields f;
    f.method = req.method_string();
    f.version = req.version();
    // As websocket::is_upgrade reads it, but whatever the HTTP version and method, so that an
    // HTTP/1.0 or POST handshake is told what is wrong with it.
    f.asks_upgrade = http::token_list{req[http::field::connection]}.exists("upgrade") &&
                     http::token_list{req[http::field::upgrade]}.exists("websocket");
    f.has_host = req.count(http::field::host) > 0;
    if (auto it = req.find(http::field::sec_websocket_key); it != req.end()) f.key = it->value();
    if (auto it = req.find(http::field::sec_websocket_version); it != req.end()) f.ws_version = it->value();
    auto r = check_ws_request(f);
    if (!r) return std::nullopt;
    auto body = json_error(r->status, r->code, r->message).body;
    std::size_t length = body.size();
    bool head = req.method() == http::verb::head;
    auto res = plain(req.version(), static_cast<http::status>(r->status), head ? std::string() : std::move(body));
    if (head) res.content_length(length);
    if (r->offer_version) res.set(http::field::sec_websocket_version, "13");
    if (r->offer_upgrade) {
        res.set(http::field::upgrade, "websocket");
        res.set(http::field::connection, "Upgrade");
    }
    if (r->allow_get) res.set(http::field::allow, "GET");
    res.keep_alive(false);
    return res;
}

void http_session::refuse(unsigned version, http::status status, std::string_view code, std::string_view message) {
    auto res = plain(version, status, json_error(static_cast<int>(status), code, message).body);
    res.keep_alive(false);
    respond(std::move(res));
}

std::string http_session::client(const http::request<http::string_body>& req) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (ec) return {};
    // Several X-Forwarded-For lines mean one comma-separated list (RFC 9110 5.3).
    std::string forwarded;
    for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
        if (!forwarded.empty()) forwarded += ',';
        forwarded += it->value();
    }
    return client_address(ep.address().to_string(), forwarded, ctx_.trusted_proxies);
}

api_request http_session::to_api_request(const http::request<http::string_body>& req) {
    // HEAD is answered as GET (from_api drops the body).
    std::string method = req.method() == http::verb::head ? "GET" : std::string(req.method_string());
    api_request a{std::move(method), std::string(req.target()),
                  std::string(req[http::field::authorization]), req.body(), {}};
    a.peer = client(req);
    return a;
}

void http_session::handle_in_pool(const http::request<http::string_body>& req) {
    unsigned version = req.version();
    bool keep_alive = req.keep_alive();
    bool head = req.method() == http::verb::head;
    std::function<void()> job = [self = shared_from_this(), a = to_api_request(req), version, keep_alive, head] {
        api_response r;
        try {
            r = handle_api(a, self->ctx_.api);
        } catch (const std::exception& e) {
            // An escaped store error must cost this request, not the pool thread.
            self->ctx_.api.log.error("api_failed", {{"path", a.target.substr(0, a.target.find('?'))}, {"reason", e.what()}});
            r = json_error(503, "unavailable", "服务暂时不可用，请稍后再试。");
        }
        net::post(self->stream_.get_executor(), [self, r = std::move(r), version, keep_alive, head]() mutable {
            self->stream_.expires_after(std::chrono::seconds(30));
            self->respond(from_api(std::move(r), version, keep_alive, head));
        });
    };
    if (ctx_.api_pool->try_post(job)) return;
    ctx_.api.log.warn("api_busy", {{"queued", std::to_string(ctx_.api_pool->queued())}});
    auto r = json_error(503, "busy", "服务器繁忙，请稍后再试。");
    r.headers.push_back({"Retry-After", "1"});
    respond(from_api(std::move(r), version, keep_alive, head));
}

void http_session::upgrade(http::request<http::string_body> req) {
    std::string_view target = req.target();
    auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    if (path == "/ws/visitor") return upgrade_visitor(std::move(req), query);
    if (path == "/ws/staff") return upgrade_staff(std::move(req), query);
    refuse(req.version(), http::status::not_found, "not_found", "没有这个地址。");
}

void http_session::upgrade_visitor(http::request<http::string_body> req, std::string_view query) {
    auto parsed = parse_visitor_query(query);
    if (auto* e = std::get_if<visitor_query_error>(&parsed)) {
        ctx_.api.log.warn("visitor_query_refused", {{"reason", e->reason}});
        return refuse(req.version(), http::status::bad_request, "bad_request", "链接参数无效。");
    }
    auto vq = std::get<visitor_query>(std::move(parsed));
    std::string address = client(req);
    // Read by the core for a coarse device label only; capped and made UTF-8 like any input.
    std::string user_agent(utf8_prefix(to_valid_utf8(req[http::field::user_agent]), 512));
    connection_limits::ticket visitor_place;
    if (ctx_.admission) {
        visitor_place = ctx_.admission->admit_visitor(address, ctx_.api.clk.now());
        if (!visitor_place) {
            ctx_.api.log.warn("visitor_connect_refused", {{"address", address}});
            return refuse(req.version(), http::status::too_many_requests, "too_many", "您的网络连接过于频繁，请稍后再试。");
        }
    }
    hub& h = ctx_.api.chat;
    stream_.expires_never();
    auto session = std::make_shared<ws_session>(stream_.release_socket(), h, ctx_.limits, ctx_.api.log);
    session->hold(std::move(admitted_));
    session->hold(std::move(visitor_place));
    session->run(std::move(req), [&h, vq = std::move(vq), address, user_agent](const std::shared_ptr<ws_session>& s, session_id sid) {
        // Where the visit came from rides on the browsing socket too: its first message opens
        // the conversation, which keeps it (the consultant's visitor panel, the keyword report).
        auto visit = visit_capture{vq.referrer, vq.landing, vq.landing_title, vq.page, vq.pages, vq.browser_id, user_agent};
        if (vq.browse) {
            h.visitor_browse(s, sid, visitor_arrival{vq.department, address, {}, std::move(visit)});
            return true;
        }
        if (vq.resume.empty()) {
            h.visitor_join(s, sid, visitor_arrival{vq.department, address, vq.invitation, std::move(visit)});
            return true;
        }
        h.visitor_resume(s, sid, vq.resume, vq.after);  // answers itself, from the store if need be
        return true;
    });
}

void http_session::upgrade_staff(http::request<http::string_body> req, std::string_view query) {
    // A browser always sends Origin: a page of another site must not ride a staff member's token
    // (cross-site WebSocket hijacking). Non-browser clients send none and still need the token.
    auto origin = req[http::field::origin];
    if (!origin.empty()) {
        bool allowed = std::find(ctx_.public_origins.begin(), ctx_.public_origins.end(), origin) !=
                       ctx_.public_origins.end();
        if (!allowed && ctx_.public_origins.empty()) {
            // No list configured: only a page served by this server (same host).
            auto host = req[http::field::host];
            allowed = origin == "http://" + std::string(host) || origin == "https://" + std::string(host);
        }
        if (!allowed) {
            ctx_.api.log.warn("staff_origin_refused", {{"origin", std::string(utf8_prefix(to_valid_utf8(origin), 200))}});
            return refuse(req.version(), http::status::forbidden, "forbidden", "不允许从此网站连接。");
        }
    }
    auto token = query_param(query, "token").value_or("");
    auto who = ctx_.api.auth.authenticate_session(token, ctx_.api.clk.now());
    if (!who)  // refused before the upgrade: the client sees HTTP 401, never a socket
        return refuse(req.version(), http::status::unauthorized, "unauthorized", "登录已失效，请重新登录。");
    hub& h = ctx_.api.chat;
    stream_.expires_never();
    auto session = std::make_shared<ws_session>(stream_.release_socket(), h, ctx_.limits, ctx_.api.log);
    session->hold(std::move(admitted_));
    session->run(std::move(req), [&h, who = std::move(*who), token](const std::shared_ptr<ws_session>& s, session_id sid) {
        return h.staff_join(s, sid, who.first, token, who.second);
    });
}

http::response<http::string_body> http_session::handle(const http::request<http::string_body>& req) {
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    if (is_api_target(path)) {
        return from_api(handle_api(to_api_request(req), ctx_.api), req.version(), req.keep_alive(),
                        req.method() == http::verb::head);
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
    // HEAD answers the headers GET would: the length of the page, without the page.
    if (req.method() == http::verb::head) res.content_length(body.str().size());
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(req.keep_alive());
    return res;
}

void http_session::respond(http::response<http::string_body> res, bool frameable) {
    security_headers(res, frameable);
    if (!res.has_content_length()) res.prepare_payload();  // set already: a HEAD answer's
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
