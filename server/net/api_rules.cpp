// Precision per rule (core/rule_precision.hpp) over HTTP: the list QA and supervisors read, and
// a supervisor's review that lets a quiet rule alert again.
#include "core/json_object.hpp"
#include "core/json_writer.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"

#include <rapidjson/document.h>

#include <algorithm>

namespace lingting {
namespace {

constexpr int examples_per_rule = 5;

void write_rule(json_writer& w, const rule_standing& r, const rule_thresholds& t) {
    w.begin_object()
        .field("kind", r.kind)
        .field("rule", r.rule)
        .field("judged", r.judged)
        .field("confirmed", r.confirmed);
    w.key("precision");
    if (auto p = r.precision()) w.value(*p);
    else w.null();
    w.field("quiet", is_quiet(r, t));
    w.key("reviewed_at");
    if (r.reviewed_at) w.value(iso8601(*r.reviewed_at));
    else w.null();
    w.field("reviewed_by", r.reviewed_by).key("dismissed").begin_array();
    for (auto& e : r.dismissed)
        w.begin_object()
            .field("finding", e.finding)
            .field("conversation", e.conversation)
            .field("matched", e.matched)
            .field("text", e.text)
            .field("note", e.note)
            .field("at", iso8601(e.at))
            .end_object();
    w.end_array().end_object();
}

// Least precise first (the ones to fix); rules without verdicts since their review last.
void sort_for_review(std::vector<rule_standing>& rules) {
    std::stable_sort(rules.begin(), rules.end(), [](const rule_standing& a, const rule_standing& b) {
        auto pa = a.precision(), pb = b.precision();
        if (pa.has_value() != pb.has_value()) return pa.has_value();
        if (pa && *pa != *pb) return *pa < *pb;
        return a.judged > b.judged;
    });
}

}  // namespace

std::optional<api_response> handle_rules_api(const api_request& req, std::string_view path, const staff_identity& who,
                                             api_context& ctx) {
    if (path == "/api/qa/rules" && req.method == "GET") {
        if (who.r != role::qa && who.r != role::supervisor)
            return json_error(403, "forbidden", "只有质检和主管可以查看规则准确率。");
        auto rules = ctx.store.verdicts.rule_standings(examples_per_rule);
        sort_for_review(rules);
        auto& t = ctx.chat.thresholds();
        json_writer w;
        w.begin_object().field("min_precision", t.min_precision).field("min_judged", t.min_judged).key("rules").begin_array();
        for (auto& r : rules) write_rule(w, r, t);
        w.end_array().end_object();
        return api_response{200, "application/json; charset=utf-8", w.str(), {}};
    }
    if (path == "/api/qa/rules/review" && req.method == "POST") {
        if (who.r != role::supervisor) return json_error(403, "forbidden", "只有主管可以标记规则已复核。");
        auto body = parse_json_object(req.body);
        if (!body) return json_error(400, "bad_request", body.problem);
        auto kind_field = string_member(body.doc, "kind"), rule_field = string_member(body.doc, "rule");
        if (!kind_field || !rule_field || kind_field->empty() || rule_field->empty())
            return json_error(400, "bad_request", "需要 kind 和 rule 字段。");
        const std::string &kind = *kind_field, &rule = *rule_field;
        auto rules = ctx.store.verdicts.rule_standings(0);
        bool known = std::any_of(rules.begin(), rules.end(),
                                 [&](const rule_standing& r) { return r.kind == kind && r.rule == rule; });
        if (!known) return json_error(404, "not_found", "该规则还没有质检结论。");
        ctx.store.verdicts.review_rule(kind, rule, who.name, ctx.clk.now());
        ctx.chat.refresh_quiet_rules();
        ctx.log.info("rule_reviewed", {{"user", who.name}, {"kind", kind}});
        return api_response{200, "application/json; charset=utf-8", R"({"reviewed":true})", {}};
    }
    return std::nullopt;
}

}  // namespace lingting
