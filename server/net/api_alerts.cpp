// GET /api/alerts: the supervisor board's recent alerts, read back from the stored findings, so a
// reload or a server restart does not empty the board. The same alerts the hub sends live
// (warnings and criticals, none of a quiet rule), in the live `alert` frame's shape.
#include "core/frames.hpp"
#include "core/json_writer.hpp"
#include "core/rule_precision.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"
#include "net/query_string.hpp"

#include <set>

namespace lingting {
namespace {

constexpr auto default_window = std::chrono::hours{12};
constexpr auto longest_window = std::chrono::hours{24};  // a board is for today, not for the archive
constexpr int default_limit = 200, most = 500;

}  // namespace

std::optional<api_response> handle_alerts_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx) {
    if (path != "/api/alerts" || req.method != "GET") return std::nullopt;
    if (who.r != role::supervisor) return json_error(403, "forbidden", "只有主管可以查看告警。");
    auto q = req.target.find('?');
    auto query = q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
    auto now = ctx.clk.now();
    auto since = now - default_window;
    if (auto s = query_param(query, "since"); s && !s->empty()) {
        auto t = parse_iso8601(*s);
        if (!t) return json_error(400, "bad_request", "since 应为带时区的 ISO 8601 时间。");
        since = *t;
    }
    since = std::max(since, now - longest_window);
    int limit = default_limit;
    if (auto l = query_param(query, "limit"))
        if (!whole_number(*l, limit) || limit < 1 || limit > most)
            return json_error(400, "bad_request", "limit 应在 1 到 500 之间。");
    auto rows = ctx.store.qa.recent_alerts(to_epoch_ms(since), limit);
    auto quiet = quiet_rules(ctx.store.verdicts.rule_standings(0), ctx.chat.thresholds());
    json_writer w;
    w.begin_object().field("now", iso8601(now)).field("since", iso8601(since)).key("alerts").begin_array();
    std::set<std::string> ended_written;
    for (auto& a : rows) {
        if (quiet.count(rule_key(a.what.kind, a.what.rule))) continue;  // never alerted live either
        w.raw(*frames::alert(a.conversation, a.consultant, a.department, a.what));
    }
    w.end_array().key("ended").begin_object();
    for (auto& a : rows)
        if (a.ended && ended_written.insert(a.conversation).second) w.field(a.conversation, iso8601(*a.ended));
    w.end_object().end_object();
    return api_response{200, "application/json; charset=utf-8", w.str(), {}};
}

}  // namespace lingting
