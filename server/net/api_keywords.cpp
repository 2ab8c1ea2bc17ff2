// Staff API of issue 13: the keyword report (JSON and CSV), the import of daily ad spend per
// keyword, and a browser's earlier conversations for the consultant's visitor panel.
#include "core/json_object.hpp"
#include "core/json_writer.hpp"
#include "core/utf8.hpp"
#include "net/api.hpp"
#include "net/qa_csv.hpp"  // csv_cell: the one CSV cell rule
#include "net/keyword_report_csv.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <variant>

namespace lingting {
namespace {

constexpr std::size_t max_spend_rows = 5000;
constexpr std::size_t max_spend_keyword_bytes = 200;

api_response ok_json(std::string body) { return {200, "application/json; charset=utf-8", std::move(body), {}}; }

std::string_view query_of(const api_request& req) {
    auto q = req.target.find('?');
    return q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
}

double rate(int n, int of) { return of ? static_cast<double>(n) / of : 0.0; }

// Sorts by a column the page offers; unknown names keep the store's order (wasted cost first).
void sort_rows(std::vector<keyword_report_row>& rows, std::string_view by, bool ascending) {
    auto value = [&](const keyword_report_row& r) -> double {
        if (by == "conversations") return r.conversations;
        if (by == "with_intent") return r.with_intent;
        if (by == "converted") return r.converted;
        if (by == "conversion_rate") return rate(r.converted, r.conversations);
        if (by == "wasted") return r.wasted;
        if (by == "spend") return r.spend;
        return r.wasted_cost;
    };
    if (by == "key") {
        std::stable_sort(rows.begin(), rows.end(), [&](auto& a, auto& b) { return ascending ? a.key < b.key : b.key < a.key; });
        return;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [&](auto& a, auto& b) { return ascending ? value(a) < value(b) : value(b) < value(a); });
}

std::string_view ending_name(std::string_view e) {
    if (e == "greeting") return "问候结束";
    if (e == "visitor") return "客户结束";
    if (e == "consultant") return "主动结束";
    if (e == "system") return "系统结束";
    return e;
}

}  // namespace

std::string keyword_report_csv(const std::vector<keyword_report_row>& rows, std::string_view group) {
    std::string out = "\xEF\xBB\xBF";  // BOM: spreadsheet programs then read the Chinese right
    out += group == "source" ? "来源" : group == "campaign" ? "推广计划" : "关键词";
    out += ",主要来源,会话数,有意向,留联/预约,转化率,意向流失,流失成本,问候结束,客户结束,主动结束,系统结束,涉及咨询师,点击,花费\r\n";
    for (auto& r : rows) {
        auto e = [&](const char* k) { auto it = r.endings.find(k); return std::to_string(it == r.endings.end() ? 0 : it->second); };
        std::string who;
        for (auto& c : r.consultants) who += (who.empty() ? "" : "、") + c;
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.1f%%", 100 * rate(r.converted, r.conversations));
        out += csv_cell(r.key) + "," + csv_cell(r.source) + "," + std::to_string(r.conversations) + "," +
               std::to_string(r.with_intent) + "," + std::to_string(r.converted) + "," + pct + "," +
               std::to_string(r.wasted) + "," + std::to_string(std::llround(r.wasted_cost)) + "," + e("greeting") + "," +
               e("visitor") + "," + e("consultant") + "," + e("system") + "," + csv_cell(who) + "," +
               std::to_string(r.clicks) + "," + std::to_string(std::llround(r.spend)) + "\r\n";
    }
    return out;
}

namespace {

api_response report_csv(const std::vector<keyword_report_row>& rows, std::string_view group) {
    return {200, "text/csv; charset=utf-8", keyword_report_csv(rows, group),
            {{"Content-Disposition", "attachment; filename=\"lingting-keywords.csv\""}}};
}

api_response keyword_report(std::string_view query, api_context& ctx) {
    keyword_report_query q;
    for (auto [key, out] : {std::pair{"from", &q.from_ms}, {"to", &q.to_ms}}) {
        auto v = query_param(query, key);
        if (!v || v->empty()) continue;
        auto t = parse_iso8601(*v);
        if (!t) return json_error(400, "bad_request", std::string(key) + " 应为带时区的 ISO 8601 时间。");
        *out = to_epoch_ms(*t);
    }
    auto group = query_param(query, "group").value_or("keyword");
    if (group == "keyword") q.group = keyword_group::keyword;
    else if (group == "source") q.group = keyword_group::source;
    else if (group == "campaign") q.group = keyword_group::campaign;
    else return json_error(400, "bad_request", "group 应为 keyword、source 或 campaign。");
    if (auto t = query_param(query, "tz"))
        if (!whole_number(*t, q.tz_minutes) || q.tz_minutes < -720 || q.tz_minutes > 840)
            return json_error(400, "bad_request", "tz 是相对 UTC 的分钟数。");
    auto rows = ctx.store.qa.keyword_report(q);
    auto sort = query_param(query, "sort").value_or("");
    if (!sort.empty()) sort_rows(rows, sort, query_param(query, "order").value_or("desc") == "asc");
    if (query_param(query, "format").value_or("") == "csv") return report_csv(rows, group);
    json_writer w;
    w.begin_object().field("group", group).key("rows").begin_array();
    for (auto& r : rows) {
        w.begin_object()
            .field("key", r.key)
            .field("source", r.source)
            .field("conversations", r.conversations)
            .field("with_intent", r.with_intent)
            .field("converted", r.converted)
            .field("conversion_rate", rate(r.converted, r.conversations))
            .field("wasted", r.wasted)
            .field("wasted_cost", r.wasted_cost)
            .key("endings")
            .begin_object();
        for (auto e : {"greeting", "visitor", "consultant", "system"}) {
            auto it = r.endings.find(e);
            w.field(e, it == r.endings.end() ? 0 : it->second);
        }
        w.end_object().key("consultants").begin_array();
        for (auto& c : r.consultants) w.value(c);
        w.end_array().field("clicks", r.clicks).field("spend", r.spend).end_object();
    }
    w.end_array().end_object();
    return ok_json(w.str());
}

bool valid_day(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

// "keyword,date,clicks,cost" lines (a header line is skipped; a keyword may be quoted).
// Returns the error of the first bad line ("第 N 行：..."), or the rows.
std::variant<std::vector<keyword_spend_row>, std::string> parse_spend_csv(std::string_view body) {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    if (!valid_utf8(body)) return std::string("文件不是 UTF-8 编码。");
    std::vector<keyword_spend_row> rows;
    int line_no = 0;
    while (!body.empty()) {
        auto nl = body.find('\n');
        auto line = body.substr(0, nl);
        body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" ,") == std::string_view::npos) continue;
        auto bad = [&](const char* why) { return "第 " + std::to_string(line_no) + " 行：" + why; };
        std::vector<std::string> f;
        for (std::size_t i = 0; i <= line.size();) {
            std::string cell;
            if (i < line.size() && line[i] == '"') {
                ++i;
                for (; i < line.size(); ++i) {
                    if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
                    else if (line[i] == '"') break;
                    else cell += line[i];
                }
                if (i >= line.size()) return bad("引号未闭合。");
                ++i;
                if (i < line.size() && line[i] != ',') return bad("引号后应为逗号。");
            } else {
                auto comma = line.find(',', i);
                cell = std::string(line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
            }
            while (!cell.empty() && cell.back() == ' ') cell.pop_back();
            while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
            f.push_back(std::move(cell));
            auto comma = line.find(',', i);
            if (comma == std::string_view::npos) break;
            i = comma + 1;
        }
        if (line_no == 1 && f.size() == 4 && (f[0] == "keyword" || f[0] == "关键词")) continue;
        if (f.size() != 4) return bad("应为 关键词,日期,点击,花费 四列。");
        if (f[0].empty() || f[0].size() > max_spend_keyword_bytes) return bad("关键词为空或过长。");
        if (std::any_of(f[0].begin(), f[0].end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
            return bad("关键词含有控制字符。");
        if (!valid_day(f[1])) return bad("日期应为 YYYY-MM-DD。");
        keyword_spend_row r{f[0], f[1], 0, 0};
        auto [p, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), r.clicks);
        if (ec != std::errc{} || p != f[2].data() + f[2].size() || r.clicks < 0 || r.clicks > 100'000'000)
            return bad("点击应为非负整数。");
        auto [p2, ec2] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), r.cost);
        if (ec2 != std::errc{} || p2 != f[3].data() + f[3].size() || !(r.cost >= 0) || r.cost > 1e9)
            return bad("花费应为非负数。");
        if (rows.size() == max_spend_rows) return bad("行数过多（每次最多 5000 行）。");
        rows.push_back(std::move(r));
    }
    if (rows.empty()) return std::string("文件中没有数据行。");
    return rows;
}

}  // namespace

std::optional<api_response> handle_keywords_api(const api_request& req, std::string_view path,
                                                const staff_identity& who, api_context& ctx) {
    auto query = query_of(req);
    bool reader = who.r == role::qa || who.r == role::supervisor;
    if (path == "/api/reports/keywords" && req.method == "GET") {
        if (!reader) return json_error(403, "forbidden", "只有质检和主管可以查看报表。");
        return keyword_report(query, ctx);
    }
    if (path == "/api/keywords/spend") {
        if (req.method != "POST") return json_error(405, "method_not_allowed", "请使用 POST。");
        if (who.r != role::supervisor) return json_error(403, "forbidden", "只有主管可以导入推广花费。");
        // The CSV as the body, or as {"csv": TEXT} (what the QA page sends).
        std::string_view csv_text = req.body;
        std::optional<std::string> csv_field;
        if (!req.body.empty() && req.body.front() == '{') {
            auto body = parse_json_object(req.body);
            if (!body) return json_error(400, "bad_request", body.problem);
            csv_field = string_member(body.doc, "csv");
            if (!csv_field) return json_error(400, "bad_request", "需要 CSV 文本或 {\"csv\": 文本}。");
            csv_text = *csv_field;
        }
        auto parsed = parse_spend_csv(csv_text);
        if (auto* e = std::get_if<std::string>(&parsed)) return json_error(400, "bad_request", *e);
        auto n = ctx.store.qa.import_keyword_spend(std::get<std::vector<keyword_spend_row>>(parsed));
        ctx.log.info("keyword_spend_imported", {{"user", who.name}, {"rows", std::to_string(n)}});
        json_writer w;
        w.begin_object().field("imported", static_cast<std::uint64_t>(n)).end_object();
        return ok_json(w.str());
    }
    // GET /api/browsers/BID/conversations?except=ID: the visitor panel's earlier visits.
    constexpr std::string_view browsers = "/api/browsers/";
    if (path.starts_with(browsers) && path.ends_with("/conversations") && req.method == "GET") {
        auto bid = path.substr(browsers.size(), path.size() - browsers.size() - std::string_view("/conversations").size());
        bool shaped = !bid.empty() && bid.size() <= 64 && std::all_of(bid.begin(), bid.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
        if (!shaped) return json_error(404, "not_found", "不存在。");
        auto past = ctx.store.desk.browser_history(std::string(bid), query_param(query, "except").value_or(""), 20);
        json_writer w;
        w.begin_object().key("conversations").begin_array();
        for (auto& p : past)
            w.begin_object()
                .field("id", p.id)
                .field("department", p.department)
                .field("consultant", p.consultant)
                .field("ending", p.ending)
                .field("ending_name", ending_name(p.ending))
                .field("keyword", p.keyword)
                .field("started", iso8601(p.started))
                .end_object();
        w.end_array().end_object();
        return ok_json(w.str());
    }
    return std::nullopt;
}

}  // namespace lingting
