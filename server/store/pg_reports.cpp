// Scorecards, re-analysis support and retention for pg_store.
#include "core/analysis/finding_steps.hpp"
#include "store/consultant_hands.hpp"
#include "store/finding_columns.hpp"
#include "store/pg_reading.hpp"

#include <algorithm>
#include <cmath>

namespace lingting {
namespace {

// The group key as SQL over conversations `c`. Fixed strings only: nothing from a request.
std::string key_sql(report_group g, int tz_minutes) {
    switch (g) {
    case report_group::consultant: return "c.hand";
    case report_group::department: return "c.department";
    case report_group::day:
        // The local date of the ending (as SQLite's date(unixepoch) of the shifted seconds).
        return "to_char(to_timestamp(c.ended_at / 1000 + " + std::to_string(tz_minutes * 60) +
               ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    }
    return "c.consultant";
}

std::optional<double> percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];  // nearest-rank
}

}  // namespace

std::vector<scorecard> pg_store::scorecards(report_group g, std::int64_t from, std::int64_t to, int tz_minutes) {
    std::string key = key_sql(g, tz_minutes);
    std::string range = " c.ended_at >= $1 AND c.ended_at < $2 ";
    // A transferred conversation counts for everyone who handled it, each for their own part.
    const bool by_hand = g == report_group::consultant;
    const std::string pg_c = " COLLATE \"C\"";  // author and consultant columns differ in collation
    std::string conv = by_hand ? consultant_hands::per_hand("$1", "$2", pg_c) : consultant_hands::whole();
    std::string own_message = by_hand ? consultant_hands::own_message(pg_c) : "";
    std::string own_finding = by_hand ? consultant_hands::own_finding(pg_c) : "";
    std::string last = std::string(consultant_hands::last_holder) + " AND ";
    auto period = pg::params().add(from).add(to);
    return read([&](const pg::connection& db) {
        std::map<std::string, scorecard> cards;
        auto base = db.query("SELECT " + key + ", COUNT(*), COUNT(*) FILTER (WHERE " + last + "c.ending='greeting'), "
                             "COUNT(*) FILTER (WHERE " + last + "c.ending='visitor'), COUNT(*) FILTER (WHERE " + last +
                             "c.ending='consultant'), COUNT(*) FILTER (WHERE " + last + "c.ending='system'), "
                             "COUNT(*) FILTER (WHERE " + last + "c.satisfied), COUNT(*) FILTER (WHERE " + last +
                             "NOT c.satisfied), COUNT(*) FILTER (WHERE " + last + "c.had_intent) "
                             "FROM " + conv + " c WHERE" + range + "GROUP BY 1",
                             period);
        for (int i = 0; i < base.rows(); ++i) {
            auto& s = cards[base.text(i, 0)];
            s.key = base.text(i, 0);
            s.conversations = static_cast<int>(base.integer(i, 1));
            s.endings = {{"greeting", static_cast<int>(base.integer(i, 2))},
                         {"visitor", static_cast<int>(base.integer(i, 3))},
                         {"consultant", static_cast<int>(base.integer(i, 4))},
                         {"system", static_cast<int>(base.integer(i, 5))}};
            s.satisfied = static_cast<int>(base.integer(i, 6));
            s.unsatisfied = static_cast<int>(base.integer(i, 7));
            s.with_intent = static_cast<int>(base.integer(i, 8));
        }
        auto msgs = db.query("SELECT " + key + ", COUNT(*) FROM messages m JOIN " + conv + " c ON c.id = m.conversation "
                             "WHERE m.sender = 'consultant' AND" + range + own_message + "GROUP BY 1",
                             period);
        for (int i = 0; i < msgs.rows(); ++i) cards[msgs.text(i, 0)].consultant_messages = static_cast<int>(msgs.integer(i, 1));

        // Dismissed findings do not count anywhere in a scorecard.
        auto fs = db.query("SELECT " + key + ", f.kind, f.rule, f.severity, COUNT(*), COALESCE(SUM(f.cost), 0), "
                           "COUNT(*) FILTER (WHERE lv.verdict = 'confirmed') "
                           "FROM findings f JOIN " + conv + " c ON c.id = f.conversation "
                           "LEFT JOIN LATERAL (SELECT v.verdict FROM finding_verdicts v WHERE v.finding = f.id "
                           "ORDER BY v.id DESC LIMIT 1) lv ON TRUE WHERE" + range + own_finding +
                           "AND COALESCE(lv.verdict, '') <> 'dismissed' GROUP BY 1, 2, 3, 4",
                           period);
        for (int i = 0; i < fs.rows(); ++i) {
            auto& s = cards[fs.text(i, 0)];
            std::string kind = fs.text(i, 1), rule = fs.text(i, 2), sev = fs.text(i, 3);
            int n = static_cast<int>(fs.integer(i, 4));
            if (rule == "gap_closed") continue;  // the length record of a gap, not a second gap
            s.findings[kind] += n;
            if (kind == "idle_gap") s.idle_gaps += n;  // one row per wait, whatever step it reached
            if (kind == "wasted_intent") {
                s.wasted += n;
                s.wasted_cost += fs.real(i, 5);
            }
            if (sev == "critical") s.confirmed_criticals += static_cast<int>(fs.integer(i, 6));
        }

        // First response: the first consultant message at or after the visitor's first message, in
        // the scorecard of whoever wrote it (by consultant).
        auto fr = db.query("SELECT " + key + ", c.fv, (SELECT MIN(m.at) FROM messages m WHERE m.conversation = c.id "
                           "AND m.sender = 'consultant' AND m.at >= c.fv), (SELECT COALESCE(NULLIF(m.author, ''), "
                           "c.consultant) FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant' AND "
                           "m.at >= c.fv ORDER BY m.at, m.seq LIMIT 1), c.hand FROM (SELECT c.*, (SELECT MIN(at) FROM "
                           "messages WHERE conversation = c.id AND sender = 'visitor') AS fv FROM " + conv + " c WHERE" +
                           range + ") AS c WHERE c.fv IS NOT NULL",
                           period);
        std::map<std::string, std::vector<double>> first;
        for (int i = 0; i < fr.rows(); ++i)
            if (!fr.is_null(i, 2) && (!by_hand || fr.text(i, 3) == fr.text(i, 4)))
                first[fr.text(i, 0)].push_back(static_cast<double>(fr.integer(i, 2) - fr.integer(i, 1)) / 1000.0);
        for (auto& [k, v] : first) {
            cards[k].first_response_median_s = percentile(v, 0.5);
            cards[k].first_response_p90_s = percentile(v, 0.9);
        }
        std::vector<scorecard> out;
        for (auto& [k, s] : cards) {
            s.key = k;
            out.push_back(std::move(s));
        }
        return out;
    });
}

std::vector<stored_for_reanalysis> pg_store::ended_for_reanalysis(std::int64_t from, std::int64_t to,
                                                                  const std::string& after, int limit) {
    return read([&](const pg::connection& db) {
        // The visit's referrer and landing page too: the search keyword counts toward intent again.
        auto q = db.query("SELECT c.id, c.department, c.closed_by, c.ended_at, COALESCE(w.referrer, ''), "
                          "COALESCE(w.landing, '') FROM conversations c LEFT JOIN conversation_visits w "
                          "ON w.conversation = c.id WHERE c.ended_at >= $1 AND c.ended_at < $2 AND NOT c.purged "
                          "AND c.id > $3 ORDER BY c.id LIMIT $4",
                          pg::params().add(from).add(to).add(after).add(limit));
        std::vector<stored_for_reanalysis> out;
        for (int i = 0; i < q.rows(); ++i)
            out.push_back({q.text(i, 0), q.text(i, 1), parse_close_trigger(q.text(i, 2)).value_or(close_trigger::system),
                           from_epoch_ms(q.integer(i, 3)), {}, q.text(i, 4), q.text(i, 5)});
        for (auto& c : out) {
            auto m = db.query("SELECT seq, sender, author, text, at FROM messages WHERE conversation = $1 ORDER BY seq",
                              pg::params().add(c.id));
            for (int i = 0; i < m.rows(); ++i)
                c.messages.push_back({static_cast<std::uint64_t>(m.integer(i, 0)), parse_sender(m.text(i, 1)),
                                      m.text(i, 2), m.text(i, 3), from_epoch_ms(m.integer(i, 4)), {}});
        }
        return out;
    });
}

int pg_store::replace_findings(const std::string& conversation, const std::vector<finding>& fresh, ending how) {
    // A rule stored before rules named their entry ("phrase", now "phrase:不好意思") is the same rule.
    auto same_rule = [](const std::string& stored, const std::string& now) {
        return stored == now || (stored.find(':') == std::string::npos && now.starts_with(stored + ":"));
    };
    auto same = [&](const finding& a, const finding& b) {
        return a.kind == b.kind && same_rule(a.rule, b.rule) && a.seq == b.seq && a.begin == b.begin && a.end == b.end &&
               a.matched == b.matched;
    };
    int kept = 0;
    auto events = one_per_event(fresh);  // as the live store keeps them: one row per event
    // One write (one savepoint on the writer): the old findings go and the new come together.
    write_and_wait("replace_findings", [&](const pg::connection& d) {
        kept = 0;
        std::vector<finding> old;
        auto q = d.query("SELECT id, kind, rule, seq, span_begin, span_end, matched FROM findings WHERE conversation = $1",
                         pg::params().add(conversation));
        for (int i = 0; i < q.rows(); ++i) {
            finding f;
            f.id = q.integer(i, 0);
            f.kind = q.text(i, 1);
            f.rule = q.text(i, 2);
            f.seq = static_cast<std::uint64_t>(q.integer(i, 3));
            f.begin = static_cast<std::uint32_t>(q.integer(i, 4));
            f.end = static_cast<std::uint32_t>(q.integer(i, 5));
            f.matched = q.text(i, 6);
            old.push_back(std::move(f));
        }
        std::vector<bool> still(old.size(), false);
        for (auto& f : events) {
            auto it = std::find_if(old.begin(), old.end(), [&](const finding& o) { return same(o, f); });
            if (it != old.end() && !still[it - old.begin()]) {
                still[it - old.begin()] = true;
                ++kept;
                d.query("UPDATE findings SET category=$1, severity=$2, suggestion=$3, cost=$4, duration_ms=$5, rule=$6, "
                        "detail=$7 WHERE id=$8",
                        pg::params().add(f.category).add(to_string(f.level)).add(f.suggestion).add(f.cost)
                            .add(f.duration_ms).add(f.rule).add(f.detail).add(it->id));
                continue;
            }
            d.query("INSERT INTO findings(" LINGTING_FINDING_COLUMNS ") "
                    "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)",
                    pg::params().add(conversation).add(static_cast<std::int64_t>(f.seq)).add(f.kind).add(f.rule)
                        .add(f.category).add(to_string(f.level)).add(f.matched).add(std::int64_t{f.begin})
                        .add(std::int64_t{f.end}).add(f.suggestion).add(to_epoch_ms(f.at)).add(f.duration_ms)
                        .add(f.cost).add(f.detail));
        }
        for (std::size_t i = 0; i < old.size(); ++i)
            if (!still[i]) {
                d.query("DELETE FROM finding_verdicts WHERE finding = $1", pg::params().add(old[i].id));
                d.query("DELETE FROM findings WHERE id = $1", pg::params().add(old[i].id));
            }
        d.query("UPDATE conversations SET ending = $1 WHERE id = $2", pg::params().add(to_string(how)).add(conversation));
    });
    return kept;
}

int pg_store::purge_text(std::int64_t before) {
    int purged = 0;
    write_and_wait("purge_text", [&](const pg::connection& d) {
        d.query("UPDATE messages SET text = '' WHERE conversation IN "
                "(SELECT id FROM conversations WHERE ended_at < $1 AND NOT purged)",
                pg::params().add(before));
        // The rating comment and the visit's URLs too; the source and keyword stay (as SQLite).
        d.query("UPDATE conversation_visits SET referrer = '', landing = '', landing_title = '', page = '' "
                "WHERE conversation IN (SELECT id FROM conversations WHERE ended_at < $1 AND NOT purged)",
                pg::params().add(before));
        d.query("UPDATE conversations SET rating_comment = '' WHERE ended_at < $1 AND NOT purged",
                pg::params().add(before));
        purged = d.query("UPDATE conversations SET purged = TRUE WHERE ended_at < $1 AND NOT purged",
                         pg::params().add(before))
                     .affected();
    });
    return purged;
}

}  // namespace lingting
