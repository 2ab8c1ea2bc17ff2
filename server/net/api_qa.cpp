// Staff API beyond log-in: thresholds for the pages, the supervisor board, day figures, the
// QA list (JSON and CSV) and verdicts. Role checks are at the top of each route.
#include "core/json_object.hpp"
#include "core/analysis/finding_steps.hpp"
#include "core/frames.hpp"
#include "core/json_writer.hpp"
#include "core/utf8.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"
#include "net/qa_csv.hpp"

#include <rapidjson/document.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace lingting {
namespace {

constexpr auto short_search_window = std::chrono::hours{24 * 92};

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}

api_response ok_json(std::string body) { return {200, "application/json; charset=utf-8", std::move(body), {}}; }

// A page's `next_cursor` is "END_MS:ID" (the last row's end time and id). Anything else used to
// be read as no cursor at all, and a client with a damaged cursor silently got page 1 again.
bool valid_cursor(std::string_view cursor) {
    auto colon = cursor.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == cursor.size() || cursor.size() > 200) return false;
    std::int64_t at = 0;
    auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + colon, at);
    if (ec != std::errc{} || end != cursor.data() + colon || at < 0) return false;
    for (char ch : cursor.substr(colon + 1))
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') return false;
    return true;
}

std::string_view query_of(const api_request& req) {
    auto q = req.target.find('?');
    return q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
}


// from/to as ISO 8601; a bad one is an error rather than silently "any".
std::optional<std::string> read_range(std::string_view query, std::int64_t& from, std::int64_t& to) {
    for (auto [key, out] : {std::pair{"from", &from}, {"to", &to}}) {
        auto v = query_param(query, key);
        if (!v || v->empty()) continue;
        auto t = parse_iso8601(*v);
        if (!t) return std::string(key) + " 应为带时区的 ISO 8601 时间。";
        *out = to_epoch_ms(*t);
    }
    return std::nullopt;
}

std::optional<std::string> read_filter(std::string_view query, qa_filter& f) {
    auto get = [&](const char* k) { return query_param(query, k).value_or(""); };
    f.ending = get("ending");
    f.kind = get("kind");
    f.category = get("category");
    f.severity = get("severity");
    f.consultant = get("consultant");
    f.department = get("department");
    f.source = get("source");
    f.keyword = get("keyword");
    f.text = get("q");
    if (f.source.size() > 100 || f.keyword.size() > 200 || !valid_utf8(f.source) || !valid_utf8(f.keyword))
        return "source 或 keyword 太长，或不是 UTF-8。";
    if (f.text.size() > 200 || !valid_utf8(f.text)) return "q 太长，或不是 UTF-8。";
    if (!f.ending.empty() && !parse_ending(f.ending)) return "ending 应为 greeting、visitor、consultant 或 system。";
    if (!f.severity.empty() && !parse_severity(f.severity)) return "severity 应为 info、warning 或 critical。";
    auto rating = get("rating");
    if (rating == "satisfied") f.satisfied = true;
    else if (rating == "unsatisfied") f.satisfied = false;
    else if (!rating.empty()) return "rating 应为 satisfied 或 unsatisfied。";
    return read_range(query, f.from_ms, f.to_ms);
}

void write_row(json_writer& w, const qa_row& r) {
    w.begin_object()
        .field("id", r.id)
        .field("consultant", r.consultant)
        .field("department", r.department)
        .field("started", iso8601(r.started))
        .field("ended", iso8601(r.ended))
        .field("duration_s", static_cast<std::int64_t>(std::chrono::duration_cast<seconds>(r.ended - r.started).count()))
        .field("ending", r.how)
        .field("visitor_messages", r.visitor_messages)
        .field("consultant_messages", r.consultant_messages)
        .key("findings").begin_object().field("info", r.info).field("warning", r.warning).field("critical", r.critical).end_object();
    w.key("satisfied");
    r.satisfied ? w.value(*r.satisfied) : w.null();
    w.field("rating_comment", r.rating_comment).field("wasted_cost", r.wasted_cost).field("verdict", r.verdict);
    w.field("source", r.source).field("keyword", r.keyword).key("handled_by").begin_array();
    for (auto& n : r.handled_by) w.value(n);
    w.end_array().end_object();
}

void write_scorecard(json_writer& w, const scorecard& c) {
    auto per100 = [](int n, int of) { return of ? 100.0 * n / of : 0.0; };
    w.begin_object().field("key", c.key).field("conversations", c.conversations).key("endings").begin_object();
    for (auto& [k, n] : c.endings) w.field(k, n);
    w.end_object().field("consultant_messages", c.consultant_messages);
    w.key("first_response_median_s");
    c.first_response_median_s ? w.value(*c.first_response_median_s) : w.null();
    w.key("first_response_p90_s");
    c.first_response_p90_s ? w.value(*c.first_response_p90_s) : w.null();
    w.field("idle_gaps_per_100_conversations", per100(c.idle_gaps, c.conversations));
    w.key("findings_per_100_messages").begin_object();
    for (auto& [k, n] : c.findings) w.field(k, per100(n, c.consultant_messages));
    w.end_object()
        .field("confirmed_criticals", c.confirmed_criticals)
        .field("hundred_minus_one", c.confirmed_criticals > 0)
        .field("satisfied", c.satisfied)
        .field("unsatisfied", c.unsatisfied)
        .field("with_intent", c.with_intent)
        .field("wasted", c.wasted)
        .field("wasted_cost", c.wasted_cost)
        .end_object();
}

}  // namespace

std::optional<api_response> handle_staff_api(const api_request& req, std::string_view path,
                                             const staff_identity& who, api_context& ctx) {
    auto query = query_of(req);
    bool reader = who.r == role::qa || who.r == role::supervisor;

    if (path == "/api/config" && req.method == "GET") {
        auto r = ctx.chat.rules();
        json_writer w;
        w.begin_object()
            .field("idle_warning_seconds", static_cast<std::int64_t>(r.idle_warning.count() / 1000))
            .field("idle_critical_seconds", static_cast<std::int64_t>(r.idle_critical.count() / 1000))
            .field("first_response_seconds", static_cast<std::int64_t>(r.first_response.count() / 1000))
            .end_object();
        return ok_json(w.str());
    }
    if (path == "/api/board" && req.method == "GET") {
        if (who.r != role::supervisor) return json_error(403, "forbidden", "只有主管可以查看会话看板。");
        json_writer w;
        w.begin_object().field("now", iso8601(ctx.clk.now())).key("conversations").begin_array();
        for (auto& b : ctx.chat.board()) {
            w.begin_object()
                .field("id", b.id)
                .field("department", b.department)
                .field("consultant", b.consultant)
                .field("started", iso8601(b.started))
                .field("messages", static_cast<std::uint64_t>(b.messages))
                .field("findings", static_cast<std::uint64_t>(b.findings))
                .field("keyword", b.keyword);
            w.key("waiting_since");
            b.waiting_since ? w.value(iso8601(*b.waiting_since)) : w.null();
            w.end_object();
        }
        w.end_array().end_object();
        return ok_json(w.str());
    }
    if (path == "/api/stats" && req.method == "GET") {
        if (!reader) return json_error(403, "forbidden", "您无权查看统计。");
        std::int64_t from = 0, to = to_epoch_ms(ctx.clk.now()) + 1;
        if (auto err = read_range(query, from, to)) return json_error(400, "bad_request", *err);
        auto s = ctx.store.qa.stats(from, to);
        json_writer w;
        w.begin_object().key("endings").begin_object();
        for (auto e : {"greeting", "visitor", "consultant", "system"}) w.field(e, s.endings.count(e) ? s.endings[e] : 0);
        w.end_object().key("findings").begin_object();
        for (auto& [k, n] : s.findings) w.field(k, n);
        w.end_object().end_object();
        return ok_json(w.str());
    }
    if ((path == "/api/qa/conversations" || path == "/api/qa/conversations.csv") && req.method == "GET") {
        if (!reader) return json_error(403, "forbidden", "只有质检和主管可以查看已结束会话。");
        qa_filter f;
        if (auto err = read_filter(query, f)) return json_error(400, "bad_request", *err);
        // One or two characters are no index's business (trigrams need three): they scan the
        // messages, so without `from` only those of the last 92 days (PROTOCOL.md).
        if (!f.text.empty() && utf8_length(f.text) < 3 && !f.from_ms)
            f.from_ms = to_epoch_ms(ctx.clk.now() - short_search_window);
        if (path.ends_with(".csv")) return conversations_csv(f, ctx.store.qa, ctx.words(), ctx.clinic_utc_offset_minutes);
        int limit = 20;
        if (auto l = query_param(query, "limit")) {
            if (!whole_number(*l, limit) || limit < 1 || limit > 200)
                return json_error(400, "bad_request", "limit 应在 1 到 200 之间。");
        }
        auto cursor = query_param(query, "cursor").value_or("");
        if (!cursor.empty() && !valid_cursor(cursor))
            return json_error(400, "bad_request", "cursor 无效：请使用上一页返回的 next_cursor，或从第一页开始。");
        auto page = ctx.store.qa.list_ended(f, cursor, limit);
        json_writer w;
        w.begin_object().key("conversations").begin_array();
        for (auto& r : page.rows) write_row(w, r);
        w.end_array().field("next_cursor", page.next_cursor).end_object();
        return ok_json(w.str());
    }
    if (path == "/api/reports/scorecards" && req.method == "GET") {
        if (!reader) return json_error(403, "forbidden", "只有质检和主管可以查看报表。");
        std::int64_t from = 0, to = to_epoch_ms(ctx.clk.now()) + 1;
        if (auto err = read_range(query, from, to)) return json_error(400, "bad_request", *err);
        auto group_name = query_param(query, "group").value_or("consultant");
        report_group g = group_name == "department" ? report_group::department
                         : group_name == "day"      ? report_group::day
                                                    : report_group::consultant;
        if (group_name != "consultant" && group_name != "department" && group_name != "day")
            return json_error(400, "bad_request", "group 应为 consultant、department 或 day。");
        int tz = ctx.clinic_utc_offset_minutes;  // where the clinic's day starts, unless asked
        if (auto t = query_param(query, "tz"))
            if (!whole_number(*t, tz) || tz < -720 || tz > 840)
                return json_error(400, "bad_request", "tz 是相对 UTC 的分钟数。");
        auto cards = ctx.store.qa.scorecards(g, from, to, tz);
        if (query_param(query, "format").value_or("") == "csv") return scorecards_csv(cards, ctx.words());
        json_writer w;
        w.begin_object().field("group", group_name).key("scorecards").begin_array();
        for (auto& c : cards) write_scorecard(w, c);
        w.end_array().end_object();
        return ok_json(w.str());
    }
    if (path == "/api/reanalyze" && req.method == "POST") {
        if (!reader) return json_error(403, "forbidden", "只有质检和主管可以重新分析。");
        auto body = parse_json_object(req.body);
        std::int64_t from = 0, to = 0;
        auto iso = [&](const char* k, std::int64_t& out) {
            auto text = body ? string_member(body.doc, k) : std::nullopt;
            if (!text) return false;
            auto t = parse_iso8601(*text);
            if (t) out = to_epoch_ms(*t);
            return t.has_value();
        };
        if (!iso("from", from) || !iso("to", to) || to <= from)
            return json_error(400, "bad_request", "需要 from 和 to（ISO 8601 时间，from 早于 to）。");
        int conversations = 0, kept = 0, now_total = 0;
        std::string after;
        for (;;) {
            auto batch = ctx.store.history.ended_for_reanalysis(from, to, after, 100);
            if (batch.empty()) break;
            for (auto& c : batch) {
                transcript t{c.department, std::move(c.messages), c.trigger, c.ended, c.referrer, c.landing};
                auto r = ctx.chat.audit(t);
                auto events = one_per_event(std::move(r.findings));  // one per wait, as stored
                kept += ctx.store.history.replace_findings(c.id, events, r.how);
                now_total += static_cast<int>(events.size());
                ++conversations;
            }
            after = batch.back().id;
        }
        ctx.chat.refresh_quiet_rules();  // findings (and their verdicts) may have gone
        ctx.log.info("reanalyzed", {{"user", who.name}, {"conversations", std::to_string(conversations)}});
        json_writer w;
        w.begin_object().field("conversations", conversations).field("findings", now_total).field("kept", kept).end_object();
        return ok_json(w.str());
    }
    // POST /api/findings/ID/verdict and POST /api/conversations/ID/verdict
    if (req.method == "POST" && path.ends_with("/verdict")) {
        bool finding_verdict = path.starts_with("/api/findings/");
        bool conversation_verdict = path.starts_with("/api/conversations/");
        if (!finding_verdict && !conversation_verdict) return std::nullopt;
        if (who.r != role::qa) return json_error(403, "forbidden", "只有质检人员可以给出结论。");
        auto body = parse_json_object(req.body);
        if (!body) return json_error(400, "bad_request", body.problem);
        auto verdict_field = string_member(body.doc, "verdict");
        if (!verdict_field) return json_error(400, "bad_request", "需要 verdict 字段。");
        std::string verdict = std::move(*verdict_field);
        std::string note = string_member(body.doc, "note").value_or("");
        auto prefix = finding_verdict ? std::string_view("/api/findings/") : std::string_view("/api/conversations/");
        auto id = url_decode(path.substr(prefix.size(), path.size() - prefix.size() - 8));
        if (!id || id->empty()) return json_error(404, "not_found", "不存在。");
        bool stored = false;
        if (finding_verdict) {
            if (verdict != "confirmed" && verdict != "dismissed")
                return json_error(400, "bad_request", "verdict 应为 confirmed 或 dismissed。");
            std::int64_t fid = 0;
            if (std::from_chars(id->data(), id->data() + id->size(), fid).ec != std::errc{})
                return json_error(404, "not_found", "发现项不存在。");
            stored = ctx.store.verdicts.add_finding_verdict(fid, verdict, note, who.name, ctx.clk.now());
        } else {
            if (verdict != "pass" && verdict != "fail") return json_error(400, "bad_request", "verdict 应为 pass 或 fail。");
            stored = ctx.store.verdicts.add_conversation_verdict(*id, verdict, note, who.name, ctx.clk.now());
        }
        if (!stored) return json_error(404, "not_found", "不存在或会话尚未结束。");
        if (finding_verdict) ctx.chat.refresh_quiet_rules();  // a rule's precision may have moved
        ctx.log.info("verdict", {{"user", who.name}, {"target", *id}, {"verdict", verdict}});
        return ok_json(R"({"stored":true})");
    }
    return std::nullopt;
}

}  // namespace lingting
