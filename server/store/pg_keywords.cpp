// Visits, the keyword report and imported ad spend (issue 13) on PostgreSQL.
#include "store/pg_reading.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lingting {

std::vector<past_conversation> pg_store::browser_history(const std::string& browser, const std::string& except,
                                                         int limit) {
    if (browser.empty()) return {};
    return read([&](const pg::connection& db) {
        auto q = db.query("SELECT c.id, c.department, c.consultant, COALESCE(c.ending, ''), w.keyword, c.started_at "
                          "FROM conversation_visits w JOIN conversations c ON c.id = w.conversation "
                          "WHERE w.browser = $1 AND c.id <> $2 ORDER BY c.started_at DESC LIMIT $3",
                          pg::params().add(browser).add(except).add(limit));
        std::vector<past_conversation> out;
        for (int i = 0; i < q.rows(); ++i)
            out.push_back({q.text(i, 0), q.text(i, 1), q.text(i, 2), q.text(i, 3), q.text(i, 4),
                           from_epoch_ms(q.integer(i, 5))});
        return out;
    });
}

std::vector<keyword_report_row> pg_store::keyword_report(const keyword_report_query& rq) {
    pg::params period;
    if (rq.from_ms) period.add(rq.from_ms); else period.add_null();
    if (rq.to_ms) period.add(rq.to_ms); else period.add_null();
    auto out = read([&](const pg::connection& db) {
        // One pass over the period's ended conversations, aggregated here (as the SQLite store):
        // endings and consultants per group are sets.
        auto q = db.query(R"sql(
WITH wasted AS (SELECT conversation, COUNT(*) AS n, SUM(cost) AS cost FROM findings
                WHERE kind = 'wasted_intent' GROUP BY conversation)
SELECT COALESCE(w.keyword, ''), COALESCE(w.source, ''), COALESCE(w.campaign, ''), COALESCE(w.source_kind, 'direct'),
  c.consultant, c.ending, c.had_intent, c.converted, COALESCE(x.n, 0), COALESCE(x.cost, 0)
FROM conversations c LEFT JOIN conversation_visits w ON w.conversation = c.id
  LEFT JOIN wasted x ON x.conversation = c.id
WHERE c.ended_at IS NOT NULL AND ($1::bigint IS NULL OR c.ended_at >= $1::bigint)
  AND ($2::bigint IS NULL OR c.ended_at < $2::bigint))sql",
                          period);
        struct acc {
            keyword_report_row row;
            std::set<std::string> consultants;
            std::map<std::string, int> sources;
        };
        std::unordered_map<std::string, acc> groups;
        for (int i = 0; i < q.rows(); ++i) {
            auto source = q.text(i, 1);
            if (source.empty()) source = q.text(i, 3);  // direct
            std::string key = rq.group == keyword_group::keyword ? q.text(i, 0)
                            : rq.group == keyword_group::campaign ? q.text(i, 2) : source;
            auto& a = groups[key];
            a.row.key = key;
            ++a.row.conversations;
            ++a.sources[source];
            if (auto who = q.text(i, 4); !who.empty()) a.consultants.insert(who);
            if (!q.is_null(i, 5)) ++a.row.endings[q.text(i, 5)];
            a.row.with_intent += q.boolean(i, 6);
            a.row.converted += q.boolean(i, 7);
            a.row.wasted += q.integer(i, 8) > 0;
            a.row.wasted_cost += q.real(i, 9);
        }
        std::vector<keyword_report_row> rows;
        rows.reserve(groups.size());
        for (auto& [key, a] : groups) {
            a.row.consultants.assign(a.consultants.begin(), a.consultants.end());
            a.row.source = std::max_element(a.sources.begin(), a.sources.end(), [](auto& x, auto& y) {
                               return x.second < y.second;
                           })->first;
            rows.push_back(std::move(a.row));
        }
        if (rq.group == keyword_group::keyword) {
            // Spend over the same days (the period's ends as local dates of the clinic).
            auto spend_period = period;
            spend_period.add(rq.tz_minutes * 60);
            auto s = db.query(
                "SELECT keyword, SUM(clicks), SUM(cost) FROM keyword_spend WHERE ($1::bigint IS NULL OR day >= "
                "to_char(to_timestamp($1::bigint / 1000 + $3::int) AT TIME ZONE 'UTC', 'YYYY-MM-DD')) "
                "AND ($2::bigint IS NULL OR day < to_char(to_timestamp(($2::bigint + 86399999) / 1000 + $3::int) "
                "AT TIME ZONE 'UTC', 'YYYY-MM-DD')) GROUP BY keyword",
                spend_period);
            std::unordered_map<std::string, std::size_t> index;
            for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].key] = i;
            for (int i = 0; i < s.rows(); ++i) {
                auto it = index.find(s.text(i, 0));
                if (it == index.end()) {
                    keyword_report_row r;
                    r.key = s.text(i, 0);
                    index[r.key] = rows.size();
                    rows.push_back(std::move(r));
                    it = index.find(s.text(i, 0));
                }
                rows[it->second].clicks = s.integer(i, 1);
                rows[it->second].spend = s.real(i, 2);
            }
        }
        return rows;
    });
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) {
        return std::tie(b.wasted_cost, b.conversations, a.key) < std::tie(a.wasted_cost, a.conversations, b.key);
    });
    return out;
}

std::size_t pg_store::import_keyword_spend(const std::vector<keyword_spend_row>& rows) {
    std::size_t n = 0;
    write_and_wait("import_keyword_spend", [&](const pg::connection& d) {
        n = 0;
        for (auto& r : rows) {
            d.query("INSERT INTO keyword_spend(keyword, day, clicks, cost) VALUES($1,$2,$3,$4) "
                    "ON CONFLICT (keyword, day) DO UPDATE SET clicks = excluded.clicks, cost = excluded.cost",
                    pg::params().add(r.keyword).add(r.day).add(r.clicks).add(r.cost));
            ++n;
        }
    });
    return n;
}

}  // namespace lingting
