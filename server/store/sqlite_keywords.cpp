// Visits, the keyword report and imported ad spend (issue 13) on SQLite.
#include "store/sqlite_keywords.hpp"

#include "store/sqlite_store.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lingting {

const char* const visit_insert_sql =
    "INSERT INTO conversation_visits(conversation, source_kind, source, keyword, campaign, referrer, landing, "
    "landing_title, page, pages, device, browser, cost) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";

sqlite::stmt& bind_visit(sqlite::stmt& q, const std::string& id, const visit_record& v) {
    return q.bind(1, id)
        .bind(2, to_string(v.source.kind))
        .bind(3, v.source.source)
        .bind(4, v.source.keyword)
        .bind(5, v.source.campaign)
        .bind(6, v.capture.referrer)
        .bind(7, v.capture.landing)
        .bind(8, v.capture.landing_title)
        .bind(9, v.capture.page)
        .bind(10, std::int64_t{v.capture.pages})
        .bind(11, v.device)
        .bind(12, v.capture.browser_id)
        .bind(13, v.cost);
}

std::optional<visit_record> load_visit(const sqlite::db& d, const std::string& id) {
    sqlite::stmt q(d, "SELECT source_kind, source, keyword, campaign, referrer, landing, landing_title, page, pages, "
                      "device, browser, cost FROM conversation_visits WHERE conversation=?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    visit_record v;
    auto kind = q.text(0);
    v.source.kind = kind == "search" ? source_kind::search : kind == "campaign" ? source_kind::campaign
                  : kind == "referral" ? source_kind::referral : source_kind::direct;
    v.source.source = q.text(1);
    v.source.keyword = q.text(2);
    v.source.campaign = q.text(3);
    v.capture.referrer = q.text(4);
    v.capture.landing = q.text(5);
    v.capture.landing_title = q.text(6);
    v.capture.page = q.text(7);
    v.capture.pages = static_cast<std::uint32_t>(q.integer(8));
    v.device = q.text(9);
    v.capture.browser_id = q.text(10);
    v.cost = q.real(11);
    return v;
}

std::vector<past_conversation> sqlite_store::browser_history(const std::string& browser, const std::string& except,
                                                             int limit) {
    if (browser.empty()) return {};
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT c.id, c.department, c.consultant, COALESCE(c.ending, ''), w.keyword, c.started_at "
                        "FROM conversation_visits w JOIN conversations c ON c.id = w.conversation "
                        "WHERE w.browser = ? AND c.id <> ? ORDER BY c.started_at DESC LIMIT ?");
    q.bind(1, browser).bind(2, except).bind(3, std::int64_t{limit});
    std::vector<past_conversation> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), from_epoch_ms(q.integer(5))});
    return out;
}

std::vector<keyword_report_row> sqlite_store::keyword_report(const keyword_report_query& rq) {
    auto [lock, rdb] = read();
    // One pass over the period's ended conversations, aggregated here: endings and consultants
    // per group are sets, which GROUP BY would need string concatenation for.
    // The wasted findings are gathered once and joined, rather than looked up twice per
    // conversation: bench/keyword_report_bench.cpp, 100,000 conversations, first view 0.4 s
    // instead of 0.8 s (and the old figure was taken on the quieter machine).
    sqlite::stmt q(rdb, R"sql(
WITH wasted AS (SELECT conversation, COUNT(*) AS n, SUM(cost) AS cost FROM findings
                WHERE kind = 'wasted_intent' GROUP BY conversation)
SELECT COALESCE(w.keyword, ''), COALESCE(w.source, ''), COALESCE(w.campaign, ''), COALESCE(w.source_kind, 'direct'),
  c.consultant, c.ending, c.had_intent, c.converted, COALESCE(x.n, 0), COALESCE(x.cost, 0)
FROM conversations c LEFT JOIN conversation_visits w ON w.conversation = c.id
  LEFT JOIN wasted x ON x.conversation = c.id
WHERE c.ended_at IS NOT NULL AND (?1 IS NULL OR c.ended_at >= ?1) AND (?2 IS NULL OR c.ended_at < ?2))sql");
    if (rq.from_ms) q.bind(1, rq.from_ms); else q.bind_null(1);
    if (rq.to_ms) q.bind(2, rq.to_ms); else q.bind_null(2);
    struct acc {
        keyword_report_row row;
        std::set<std::string> consultants;
        std::map<std::string, int> sources;
    };
    std::unordered_map<std::string, acc> groups;
    while (q.step()) {
        auto source = q.text(1);
        if (source.empty()) source = q.text(3);  // direct
        std::string key = rq.group == keyword_group::keyword ? q.text(0)
                        : rq.group == keyword_group::campaign ? q.text(2) : source;
        auto& a = groups[key];
        a.row.key = key;
        ++a.row.conversations;
        ++a.sources[source];
        if (auto who = q.text(4); !who.empty()) a.consultants.insert(who);
        if (!q.is_null(5)) ++a.row.endings[q.text(5)];
        a.row.with_intent += q.integer(6) != 0;
        a.row.converted += q.integer(7) != 0;
        a.row.wasted += q.integer(8) > 0;
        a.row.wasted_cost += q.real(9);
    }
    std::vector<keyword_report_row> out;
    out.reserve(groups.size());
    for (auto& [key, a] : groups) {
        a.row.consultants.assign(a.consultants.begin(), a.consultants.end());
        a.row.source = std::max_element(a.sources.begin(), a.sources.end(), [](auto& x, auto& y) {
                           return x.second < y.second;
                       })->first;
        out.push_back(std::move(a.row));
    }
    if (rq.group == keyword_group::keyword) {
        // Spend over the same days (the period's ends as local dates of the clinic).
        sqlite::stmt s(rdb, "SELECT keyword, SUM(clicks), SUM(cost) FROM keyword_spend "
                            "WHERE (?1 IS NULL OR day >= date(?1 / 1000, 'unixepoch', ?3)) "
                            "AND (?2 IS NULL OR day < date((?2 + 86399999) / 1000, 'unixepoch', ?3)) GROUP BY keyword");
        if (rq.from_ms) s.bind(1, rq.from_ms); else s.bind_null(1);
        if (rq.to_ms) s.bind(2, rq.to_ms); else s.bind_null(2);
        s.bind(3, std::to_string(rq.tz_minutes) + " minutes");
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < out.size(); ++i) index[out[i].key] = i;
        while (s.step()) {
            auto it = index.find(s.text(0));
            if (it == index.end()) {
                keyword_report_row r;
                r.key = s.text(0);
                index[r.key] = out.size();
                out.push_back(std::move(r));
                it = index.find(s.text(0));
            }
            out[it->second].clicks = s.integer(1);
            out[it->second].spend = s.real(2);
        }
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) {
        return std::tie(b.wasted_cost, b.conversations, a.key) < std::tie(a.wasted_cost, a.conversations, b.key);
    });
    return out;
}

std::size_t sqlite_store::import_keyword_spend(const std::vector<keyword_spend_row>& rows) {
    std::size_t n = 0;
    write_and_wait("import_keyword_spend", [&](const sqlite::db& d) {
        n = 0;
        sqlite::stmt q(d, "INSERT INTO keyword_spend(keyword, day, clicks, cost) VALUES(?,?,?,?) "
                          "ON CONFLICT(keyword, day) DO UPDATE SET clicks=excluded.clicks, cost=excluded.cost");
        for (auto& r : rows) {
            q.bind(1, r.keyword).bind(2, r.day).bind(3, r.clicks).bind(4, r.cost).run();
            ++n;
        }
    });
    return n;
}

}  // namespace lingting
