// Leave-a-message leads over the API: a visitor posts one (no log-in: rate limited per client
// address, every field checked as hostile input), consultants of the department and supervisors
// list the open ones and close them.
#include "core/json_writer.hpp"
#include "core/lead.hpp"
#include "auth/login_throttle.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"

#include <algorithm>
#include <charconv>

namespace lingting {
namespace {

constexpr std::size_t max_lead_body = 8 * 1024;
constexpr int open_shown = 200;

api_response json_ok(int status, std::string body) { return {status, "application/json; charset=utf-8", std::move(body), {}}; }

void write_lead(json_writer& w, const lead& l) {
    w.begin_object()
        .field("id", l.id)
        .field("name", l.name)
        .field("phone", l.phone)
        .field("message", l.message)
        .field("department", l.department)
        .field("created", iso8601(l.created));
    w.key("closed");
    l.closed_at ? w.value(iso8601(*l.closed_at)) : w.null();
    w.key("closed_by");
    l.closed_at ? w.value(l.closed_by) : w.null();
    w.end_object();
}

// A consultant sees the leads of its departments (all, if it has none) and of the default
// department, which everyone serves; supervisors see all.
bool may_see(const staff_identity& who, const lead& l, const std::string& default_department) {
    if (who.r == role::supervisor) return true;
    if (who.r != role::consultant) return false;
    if (who.departments.empty() || l.department == default_department) return true;
    return std::find(who.departments.begin(), who.departments.end(), l.department) != who.departments.end();
}

api_response post_lead(const api_request& req, api_context& ctx) {
    if (req.body.size() > max_lead_body) return json_error(413, "too_large", "留言太长了。");
    auto parsed = parse_lead_form(req.body);
    if (auto* e = std::get_if<lead_form_error>(&parsed)) {
        json_writer w;
        w.begin_object().field("error", "bad_request").field("message", e->message).field("field", e->field).end_object();
        return json_ok(400, w.str());
    }
    auto l = std::get<lead>(std::move(parsed));
    if (ctx.lead_limit) {
        auto wait = ctx.lead_limit->take(req.peer, ctx.clk.now());
        if (wait > milliseconds{0}) {
            auto after = std::to_string(retry_after_seconds(wait));
            ctx.log.warn("lead_throttled", {{"peer", req.peer}});
            api_response r = json_error(429, "too_many", "您的留言已收到，请勿重复提交，我们会尽快与您联系。");
            r.headers.push_back({"Retry-After", after});
            return r;
        }
    }
    l.department = ctx.chat.rules().department_or_default(l.department);
    l.address = req.peer;
    l.created = ctx.clk.now();
    l.id = ctx.store.leads.add_lead(l);
    ctx.log.info("lead_added", {{"lead", std::to_string(l.id)}, {"department", l.department}});
    json_writer w;
    w.begin_object().field("id", l.id).field("department", l.department).end_object();
    return json_ok(201, w.str());
}

api_response list_leads(const api_request& req, const staff_identity& who, api_context& ctx) {
    auto q = req.target.find('?');
    bool with_closed = q != std::string::npos &&
                       query_param(std::string_view(req.target).substr(q + 1), "closed").value_or("") == "1";
    auto rules = ctx.chat.rules();
    json_writer w;
    w.begin_object().key("leads").begin_array();
    std::size_t open = 0;
    for (auto& l : ctx.store.leads.leads(open_shown, with_closed ? 50 : 0)) {
        if (!may_see(who, l, rules.default_department)) continue;
        if (!l.closed_at) ++open;
        write_lead(w, l);
    }
    w.end_array().field("open", open).end_object();
    return json_ok(200, w.str());
}

api_response close_lead(std::string_view id_text, const staff_identity& who, api_context& ctx) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    auto rules = ctx.chat.rules();
    std::optional<lead> l;
    if (ec == std::errc{} && p == id_text.data() + id_text.size()) l = ctx.store.leads.lead_by_id(id);
    // Not theirs reads as absent, so ids cannot be probed.
    if (!l || !may_see(who, *l, rules.default_department)) return json_error(404, "not_found", "留言不存在。");
    if (l->closed_at || !ctx.store.leads.close_lead(id, who.name, ctx.clk.now()))
        return json_error(409, "already_closed", "这条留言已被处理。");
    ctx.log.info("lead_closed", {{"lead", std::to_string(id)}, {"user", who.name}});
    auto now_closed = ctx.store.leads.lead_by_id(id);
    json_writer w;
    write_lead(w, now_closed ? *now_closed : *l);
    return json_ok(200, w.str());
}

}  // namespace

std::optional<api_response> handle_visitor_lead_api(const api_request& req, std::string_view path, api_context& ctx) {
    if (path != "/api/leads" || req.method != "POST") return std::nullopt;
    return post_lead(req, ctx);
}

std::optional<api_response> handle_staff_lead_api(const api_request& req, std::string_view path,
                                                  const staff_identity& who, api_context& ctx) {
    constexpr std::string_view prefix = "/api/leads/";
    constexpr std::string_view suffix = "/close";
    bool list = path == "/api/leads";
    bool close = path.starts_with(prefix) && path.ends_with(suffix) && path.size() > prefix.size() + suffix.size();
    if (!list && !close) return std::nullopt;
    if (who.r != role::consultant && who.r != role::supervisor)
        return json_error(403, "forbidden", "只有咨询师和主管可以查看留言。");
    if (list) {
        if (req.method != "GET") return json_error(405, "method_not_allowed", "请使用 GET。");
        return list_leads(req, who, ctx);
    }
    if (req.method != "POST") return json_error(405, "method_not_allowed", "请使用 POST。");
    return close_lead(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()), who, ctx);
}

}  // namespace lingting
