#include "net/qa_csv.hpp"

#include "core/clinic_time.hpp"

#include <cmath>

namespace lingting {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view severities[] = {"info", "warning", "critical"};

std::string number(long long n) { return std::to_string(n); }

}  // namespace

std::string csv_cell(std::string_view v) {
    std::string cell;
    if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos) cell = "'";
    cell += v;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string handed(const std::vector<std::string>& names) {
    std::string out;
    for (auto& n : names) out += (out.empty() ? "" : "→") + n;
    return out;
}

api_response conversations_csv(const qa_filter& f, qa_reports& store, const vocabulary& words, int utc_offset_minutes) {
    std::string out(bom);
    std::string zone = "(" + utc_offset_name(utc_offset_minutes) + ")";
    out += "会话,咨询师,科室,开始时间" + zone + ",结束时间" + zone + ",时长(秒),结束方式,访客消息,咨询师消息";
    for (auto s : severities) out.append(",").append(csv_cell(words.label("severity", s)));
    // 经手咨询师: everyone who wrote a reply, in order ("li→wang" after a transfer); with a consultant
    // filter the finding counts are that consultant's own.
    out += ",满意度,评价留言,浪费成本,质检结论,经手咨询师\r\n";
    std::string cursor;
    for (int pages = 0; pages < 1000; ++pages) {  // at most 100,000 rows
        auto page = store.list_ended(f, cursor, 100);
        for (auto& r : page.rows) {
            std::string_view rating = r.satisfied ? words.label("ratings", *r.satisfied ? "satisfied" : "unsatisfied") : "";
            out += csv_cell(r.id) + "," + csv_cell(r.consultant) + "," + csv_cell(r.department) + "," +
                   clinic_time(r.started, utc_offset_minutes) + "," + clinic_time(r.ended, utc_offset_minutes) + "," +
                   number(std::chrono::duration_cast<seconds>(r.ended - r.started).count()) + "," +
                   csv_cell(words.label("endings", r.how)) + "," + number(r.visitor_messages) + "," +
                   number(r.consultant_messages) + "," + number(r.info) + "," + number(r.warning) + "," +
                   number(r.critical) + "," + csv_cell(rating) + "," + csv_cell(r.rating_comment) + "," + number(static_cast<long long>(r.wasted_cost)) +
                   "," + csv_cell(r.verdict.empty() ? std::string_view() : words.label("verdicts", r.verdict)) + "," +
                   csv_cell(handed(r.handled_by)) + "\r\n";
        }
        if (page.next_cursor.empty()) break;
        cursor = page.next_cursor;
    }
    return {200, "text/csv; charset=utf-8", std::move(out),
            {{"Content-Disposition", "attachment; filename=\"lingting-conversations.csv\""}}};
}

api_response scorecards_csv(const std::vector<scorecard>& cards, const vocabulary& words) {
    std::string out(bom);
    out += "对象,会话数";
    // Cells are appended after their comma, never "," + cell: GCC 12's -Wrestrict misreads that
    // inlined insert (its bug 105329) and warned in the Release build server/start.sh makes.
    for (auto e : {"greeting", "visitor", "consultant", "system"}) out.append(",").append(csv_cell(words.label("endings", e)));
    out += ",首次响应中位数(秒),首次响应P90(秒),每百会话等待过久";
    const auto& kinds = words.group("kinds");
    for (auto& [kind, label] : kinds) out.append(",").append(csv_cell(label + "(每百条咨询师消息)"));
    out += ",确认严重问题,一票否决,满意,不满意,有意向,意向流失,流失成本\r\n";
    auto whole = [](std::optional<double> v) { return v ? number(std::lround(*v)) : std::string(); };
    auto per100 = [](int n, int of) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", of ? 100.0 * n / of : 0.0);
        return std::string(buf);
    };
    for (auto& c : cards) {
        auto e = [&](const char* k) { auto it = c.endings.find(k); return number(it == c.endings.end() ? 0 : it->second); };
        out += csv_cell(c.key) + "," + number(c.conversations) + "," + e("greeting") + "," + e("visitor") + "," +
               e("consultant") + "," + e("system") + "," + whole(c.first_response_median_s) + "," +
               whole(c.first_response_p90_s) + "," + number(c.conversations ? 100 * c.idle_gaps / c.conversations : 0);
        for (auto& [kind, label] : kinds) {
            auto it = c.findings.find(kind);
            out.append(",").append(per100(it == c.findings.end() ? 0 : it->second, c.consultant_messages));
        }
        out.append(",");
        out += number(c.confirmed_criticals) + "," + (c.confirmed_criticals ? "是" : "否") + "," +
               number(c.satisfied) + "," + number(c.unsatisfied) + "," + number(c.with_intent) + "," + number(c.wasted) +
               "," + number(static_cast<long long>(c.wasted_cost)) + "\r\n";
    }
    return {200, "text/csv; charset=utf-8", std::move(out),
            {{"Content-Disposition", "attachment; filename=\"lingting-scorecards.csv\""}}};
}

}  // namespace lingting
