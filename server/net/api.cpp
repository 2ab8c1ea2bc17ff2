#include "net/api.hpp"

#include "core/json_object.hpp"

#include "core/frames.hpp"
#include "core/json_writer.hpp"
#include "core/visit_json.hpp"
#include "net/hub.hpp"

#include <rapidjson/document.h>

#include <cctype>

namespace lingting {
namespace {

}  // namespace

api_response json_error(int status, std::string_view code, std::string_view message) {
    json_writer w;
    w.begin_object().field("error", code).field("message", message).end_object();
    return {status, "application/json; charset=utf-8", w.str(), {}};
}

namespace {

// `Authorization: Bearer TOKEN`. The scheme is case-insensitive (RFC 9110 11.1: `bearer` and
// `BEARER` are the same scheme) and is followed by one or more spaces.
std::string bearer(const std::string& header) {
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return {};
    auto token = header.find_first_not_of(' ', scheme.size());
    if (token == scheme.size() || token == std::string::npos) return {};
    return header.substr(token);
}

api_response login(const api_request& req, api_context& ctx) {
    // A NUL is refused with the body: "qa\u0000xyz" is not the account "qa".
    auto body = parse_json_object(req.body);
    if (!body) return json_error(400, "bad_request", body.problem);
    auto username = string_member(body.doc, "username"), secret = string_member(body.doc, "password");
    if (!username || !secret) return json_error(400, "bad_request", "请求格式错误：需要 username 和 password。");
    const std::string &name = *username, &password = *secret;
    if (ctx.throttle) {
        auto v = ctx.throttle->check(name, req.peer, ctx.clk.now());
        if (v.wait > milliseconds{0}) {
            // Refused before the password is hashed: a throttled guess costs us next to nothing.
            auto after = std::to_string(retry_after_seconds(v.wait));
            ctx.log.warn("login_throttled", {{"peer", req.peer}, {"reason", std::string(v.reason)}, {"retry_after", after}});
            json_writer w;
            w.begin_object()
                .field("error", "too_many_attempts")
                .field("message", "登录失败次数过多，请 " + after + " 秒后再试。")
                .field("retry_after", retry_after_seconds(v.wait))
                .end_object();
            return {429, "application/json; charset=utf-8", w.str(), {{"Retry-After", after}}};
        }
    }
    auto r = ctx.auth.login(name, password, ctx.clk.now());
    if (!r) {
        // The time after the hash: the back-off runs from when the failure became known.
        if (ctx.throttle) ctx.throttle->failed(name, req.peer, ctx.clk.now());
        ctx.log.info("login_failed", {{"peer", req.peer}});
        return json_error(401, "bad_credentials", "用户名或密码错误。");
    }
    if (ctx.throttle) ctx.throttle->succeeded(name, req.peer);
    ctx.log.info("login", {{"user", name}, {"role", to_string(r->r)}});
    json_writer w;
    w.begin_object()
        .field("token", r->token)
        .field("role", to_string(r->r))
        .field("username", name)
        .field("expires", iso8601(r->expires))
        .end_object();
    return {200, "application/json; charset=utf-8", w.str(), {}};
}

api_response conversation(const std::string& id, const staff_identity& who, api_context& ctx) {
    auto c = ctx.store.conversations.conversation(id);
    if (!c) return json_error(404, "not_found", "会话不存在。");
    if (who.r == role::consultant) {
        // The live assignment wins over the stored one, which may lag by a commit.
        auto live = ctx.chat.consultant_of(id);
        if ((live ? *live : c->consultant) != who.name)
            return json_error(403, "forbidden", "您无权查看此会话。");
    }
    json_writer w;
    w.begin_object()
        .field("id", c->id)
        .field("department", c->department)
        .field("consultant", c->consultant)
        .field("started", iso8601(c->started));
    w.key("ended");
    c->ended_at ? w.value(iso8601(*c->ended_at)) : w.null();
    w.key("ending");
    c->how ? w.value(to_string(*c->how)) : w.null();
    w.field("verdict", c->verdict).field("verdict_note", c->verdict_note).field("verdict_by", c->verdict_by);
    w.key("rating");
    if (c->satisfied)
        w.begin_object().field("satisfied", *c->satisfied).field("comment", c->rating_comment).end_object();
    else
        w.null();
    w.key("visit");
    if (c->visit) {
        w.begin_object();
        write_visit_fields(w, *c->visit);
        w.end_object();
    } else {
        w.null();
    }
    w.key("messages").begin_array();
    for (auto& m : c->messages) w.raw(frames::message_json(c->id, m));
    w.end_array();
    w.key("findings").begin_array();
    for (auto& f : c->findings) w.raw(frames::finding_json(f));
    w.end_array().end_object();
    return {200, "application/json; charset=utf-8", w.str(), {}};
}

}  // namespace

bool is_api_target(std::string_view path) {
    return path.starts_with("/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

namespace {

api_response dispatch(const api_request& req, api_context& ctx) {
    std::string_view path = req.target;
    path = path.substr(0, path.find('?'));
    if (path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n", {}};
    if (path == "/readyz") {
        if (!ctx.store.live.healthy()) return {503, "text/plain; charset=utf-8", "store not writable\n", {}};
        return {200, "text/plain; charset=utf-8", "ready\n", {}};
    }
    if (path == "/metrics" && ctx.metrics) {
        // Counts only, no patient data: open to the scraper on the listen address.
        auto st = ctx.chat.stats();
        server_metrics::gauges g;
        g.connections = {{"visitor", st.visitor_sessions}, {"consultant", st.consultant_sessions},
                         {"supervisor", st.supervisor_sessions}, {"qa", st.qa_sessions}};
        g.open_conversations = st.open_conversations;
        g.queue_length = st.queued;
        g.store_queue_depth = ctx.store.live.queue_depth();
        g.store_healthy = ctx.store.live.healthy();
        g.commit_latency = ctx.store.live.commit_histogram();
        if (const auto* ime = ctx.chat.ime()) {
            g.ime = true;
            g.ime_queue_depth = ime->depth();
            g.ime_checked = ime->checked();
            g.ime_skipped = ime->skipped();
            g.ime_cost = &ime->cost();
        }
        return {200, "text/plain; version=0.0.4; charset=utf-8", ctx.metrics->render(g), {}};
    }
    if (path == "/api/login") {
        if (req.method != "POST") return json_error(405, "method_not_allowed", "请使用 POST。");
        return login(req, ctx);
    }
    if (auto r = handle_visitor_lead_api(req, path, ctx)) return std::move(*r);
    auto who = ctx.auth.authenticate(bearer(req.authorization), ctx.clk.now());
    if (!who) return json_error(401, "unauthorized", "请先登录。");
    if (path == "/api/logout" && req.method == "POST") {
        ctx.auth.logout(bearer(req.authorization));
        ctx.chat.revoke_token(bearer(req.authorization));  // its open sockets close now, not at expiry
        return {204, "application/json; charset=utf-8", "", {}};
    }
    if (path == "/api/me" && req.method == "GET") {
        json_writer w;
        w.begin_object().field("username", who->name).field("role", to_string(who->r)).key("departments").begin_array();
        for (auto& d : who->departments) w.value(d);
        w.end_array().end_object();
        return {200, "application/json; charset=utf-8", w.str(), {}};
    }
    if (path == "/api/lexicon/reload") {
        if (req.method != "POST") return json_error(405, "method_not_allowed", "请使用 POST。");
        if (who->r != role::supervisor) return json_error(403, "forbidden", "只有主管可以重新加载规则。");
        if (!ctx.reload_lexicon) return json_error(503, "unavailable", "此服务器未配置规则目录。");
        auto errors = ctx.reload_lexicon();
        if (!errors.empty()) {
            json_writer w;
            w.begin_object().field("error", "lexicon_invalid").field("message", "规则文件有错误，仍使用原有规则。")
                .field("detail", errors).end_object();
            return {422, "application/json; charset=utf-8", w.str(), {}};
        }
        ctx.log.info("lexicon_reloaded", {{"user", who->name}});
        return {200, "application/json; charset=utf-8", R"({"reloaded":true})", {}};
    }
    if (auto r = handle_keywords_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_staff_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_staff_lead_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_canned_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_roster_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_rules_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_alerts_api(req, path, *who, ctx)) return std::move(*r);
    if (auto r = handle_labels_api(req, path, ctx)) return std::move(*r);
    constexpr std::string_view conv_prefix = "/api/conversations/";
    if (path.starts_with(conv_prefix) && req.method == "GET") {
        auto id = url_decode(path.substr(conv_prefix.size()));
        if (!id || id->empty()) return json_error(404, "not_found", "会话不存在。");
        return conversation(*id, *who, ctx);
    }
    return json_error(404, "not_found", "没有这个接口。");
}

}  // namespace

// The one place where a store failure under any API call (login, logout, verdicts, reports...)
// becomes an answer: 503 `unavailable`, never an exception out of a network handler.
api_response handle_api(const api_request& req, api_context& ctx) {
    try {
        return dispatch(req, ctx);
    } catch (const store_error& e) {
        // The cause names the store call and SQLite's reason; the request's bytes are not logged.
        ctx.log.error("store_unavailable", {{"cause", e.what()}});
        return store_unavailable();
    }
}

api_response store_unavailable() {
    api_response r = json_error(503, "unavailable", "服务器暂时无法读写数据，请稍后重试。");
    r.headers.push_back({"Retry-After", "5"});
    return r;
}

}  // namespace lingting
