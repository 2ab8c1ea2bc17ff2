// Canned replies (快捷回复) over the API: the list a staff member may use, and changes with role
// checks (a department's replies: supervisors; one's own: its owner). Rules in core/canned_replies.
#include "core/json_object.hpp"
#include "core/canned_replies.hpp"
#include "core/json_writer.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <charconv>

namespace lingting {
namespace {

api_response ok(int status, std::string body) { return {status, "application/json; charset=utf-8", std::move(body), {}}; }

void write_reply(json_writer& w, const canned_reply& r, const staff_identity& who) {
    w.begin_object()
        .field("id", r.id)
        .field("scope", r.personal() ? "personal" : "department")
        .field("department", r.department)
        .field("title", r.title)
        .field("text", r.text)
        .field("updated_by", r.updated_by)
        .field("updated_at", iso8601(r.updated_at))
        .field("editable", canned::may_edit(r, who.name, who.r))
        .end_object();
}

std::string one(const canned_reply& r, const staff_identity& who) {
    json_writer w;
    write_reply(w, r, who);
    return w.str();
}

std::optional<std::int64_t> id_of(std::string_view s) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc() || p != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

api_response list(const staff_identity& who, api_context& ctx) {
    // A consultant's department replies are its departments' (every department if it serves all).
    std::vector<std::string> departments = who.r == role::consultant ? who.departments : std::vector<std::string>{};
    json_writer w;
    w.begin_object().key("replies").begin_array();
    for (auto& r : ctx.store.desk.canned_replies(departments, who.name))
        if (canned::may_see(r, who.name, who.r, who.departments)) write_reply(w, r, who);
    w.end_array().key("departments").begin_array();
    for (auto& d : ctx.chat.rules().departments) w.value(d);
    w.end_array().end_object();
    return ok(200, w.str());
}

api_response create(const api_request& req, const staff_identity& who, api_context& ctx) {
    auto body = parse_json_object(req.body);
    if (!body) return json_error(400, "bad_request", body.problem);
    const rapidjson::Document& doc = body.doc;
    auto scope = string_member(doc, "scope").value_or("personal");
    auto title = string_member(doc, "title"), text = string_member(doc, "text");
    if (!title || !text) return json_error(400, "bad_request", "需要标题（title）和内容（text）。");
    if (auto why = canned::invalid(*title, *text); !why.empty()) return json_error(422, "invalid", why);
    canned_reply r;
    r.title = *title;
    r.text = *text;
    r.updated_by = who.name;
    r.updated_at = ctx.clk.now();
    if (scope == "department") {
        if (who.r != role::supervisor) return json_error(403, "forbidden", "只有主管可以管理科室快捷回复。");
        auto department = string_member(doc, "department").value_or("");
        auto known = ctx.chat.rules().departments;
        if (std::find(known.begin(), known.end(), department) == known.end())
            return json_error(422, "invalid", "请选择一个本院的科室。");
        r.department = department;
    } else if (scope == "personal") {
        if (who.r != role::consultant && who.r != role::supervisor)
            return json_error(403, "forbidden", "您的身份不能创建快捷回复。");
        r.owner = who.name;
    } else {
        return json_error(400, "bad_request", "scope 只能是 department 或 personal。");
    }
    if (ctx.store.desk.count_canned_replies(r.department, r.owner) >= static_cast<int>(canned::max_per_list))
        return json_error(422, "too_many", "快捷回复已达上限（" + std::to_string(canned::max_per_list) + " 条），请先删除不用的。");
    r.id = ctx.store.desk.add_canned_reply(r);
    ctx.log.info("canned_reply_added", {{"user", who.name}, {"scope", scope}});
    return ok(201, one(r, who));
}

api_response change(const api_request& req, std::int64_t id, const staff_identity& who, api_context& ctx) {
    auto r = ctx.store.desk.canned_reply_by_id(id);
    // Someone else's personal reply is as absent as a missing one: ids cannot be probed.
    if (!r || (r->personal() && r->owner != who.name)) return json_error(404, "not_found", "快捷回复不存在。");
    if (!canned::may_edit(*r, who.name, who.r)) return json_error(403, "forbidden", "只有主管可以修改科室快捷回复。");
    if (req.method == "DELETE") {
        ctx.store.desk.delete_canned_reply(id);
        return {204, "application/json; charset=utf-8", "", {}};
    }
    auto body = parse_json_object(req.body);
    if (!body) return json_error(400, "bad_request", body.problem);
    const rapidjson::Document& doc = body.doc;
    auto title = string_member(doc, "title").value_or(r->title), text = string_member(doc, "text").value_or(r->text);
    if (auto why = canned::invalid(title, text); !why.empty()) return json_error(422, "invalid", why);
    r->title = title;
    r->text = text;
    r->updated_by = who.name;
    r->updated_at = ctx.clk.now();
    if (!ctx.store.desk.update_canned_reply(id, title, text, who.name, r->updated_at))
        return json_error(404, "not_found", "快捷回复不存在。");
    return ok(200, one(*r, who));
}

}  // namespace

std::optional<api_response> handle_canned_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx) {
    constexpr std::string_view base = "/api/canned";
    if (path != base && !path.starts_with("/api/canned/")) return std::nullopt;
    if (who.r == role::qa) return json_error(403, "forbidden", "质检账号不使用快捷回复。");
    if (path == base) {
        if (req.method == "GET") return list(who, ctx);
        if (req.method == "POST") return create(req, who, ctx);
        return json_error(405, "method_not_allowed", "请使用 GET 或 POST。");
    }
    auto id = id_of(path.substr(base.size() + 1));
    if (!id) return json_error(404, "not_found", "快捷回复不存在。");
    if (req.method != "PUT" && req.method != "DELETE") return json_error(405, "method_not_allowed", "请使用 PUT 或 DELETE。");
    return change(req, *id, who, ctx);
}

}  // namespace lingting
