// Scorecards, re-analysis support and retention for sqlite_store.
#include "core/analysis/finding_steps.hpp"
#include "store/consultant_hands.hpp"
#include "store/finding_columns.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

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
        return "date(c.ended_at / 1000 + " + std::to_string(tz_minutes * 60) + ", 'unixepoch')";
    }
    return "c.consultant";
}

constexpr std::string_view latest_verdict =
    "(SELECT v.verdict FROM finding_verdicts v WHERE v.finding = f.id ORDER BY v.id DESC LIMIT 1)";

std::optional<double> percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) ;
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];  // nearest-rank
}

}  // namespace

std::vector<scorecard> sqlite_store::scorecards(report_group g, std::int64_t from, std::int64_t to, int tz_minutes) {
    auto [lock, rdb] = read();
    std::string key = key_sql(g, tz_minutes);
    std::string range = " c.ended_at >= ?1 AND c.ended_at < ?2 ";
    // A transferred conversation counts for everyone who handled it, each for their own part.
    const bool by_hand = g == report_group::consultant;
    std::string conv = by_hand ? consultant_hands::per_hand("?1", "?2") : consultant_hands::whole();
    std::string own_message = by_hand ? consultant_hands::own_message() : "";
    std::string own_finding = by_hand ? consultant_hands::own_finding() : "";
    std::string last = consultant_hands::last_holder;
    std::map<std::string, scorecard> cards;

    sqlite::stmt base(rdb, "SELECT " + key + ", COUNT(*), SUM(" + last + " AND c.ending='greeting'), SUM(" + last +
                           " AND c.ending='visitor'), SUM(" + last + " AND c.ending='consultant'), SUM(" + last +
                           " AND c.ending='system'), SUM(" + last + " AND c.satisfied=1), SUM(" + last +
                           " AND c.satisfied=0), SUM(" + last + " AND c.had_intent) FROM " + conv + " c WHERE" + range +
                           "GROUP BY 1");
    base.bind(1, from).bind(2, to);
    while (base.step()) {
        auto& s = cards[base.text(0)];
        s.key = base.text(0);
        s.conversations = static_cast<int>(base.integer(1));
        s.endings = {{"greeting", static_cast<int>(base.integer(2))}, {"visitor", static_cast<int>(base.integer(3))},
                     {"consultant", static_cast<int>(base.integer(4))}, {"system", static_cast<int>(base.integer(5))}};
        s.satisfied = static_cast<int>(base.integer(6));
        s.unsatisfied = static_cast<int>(base.integer(7));
        s.with_intent = static_cast<int>(base.integer(8));
    }
    sqlite::stmt msgs(rdb, "SELECT " + key + ", COUNT(*) FROM messages m JOIN " + conv + " c ON c.id = m.conversation "
                           "WHERE m.sender = 'consultant' AND" + range + own_message + "GROUP BY 1");
    msgs.bind(1, from).bind(2, to);
    while (msgs.step()) cards[msgs.text(0)].consultant_messages = static_cast<int>(msgs.integer(1));

    // Dismissed findings do not count anywhere in a scorecard.
    sqlite::stmt fs(rdb, "SELECT " + key + ", f.kind, f.rule, f.severity, COUNT(*), SUM(f.cost), SUM(" +
                             std::string(latest_verdict) + " = 'confirmed') "
                             "FROM findings f JOIN " + conv + " c ON c.id = f.conversation WHERE" + range + own_finding +
                             "AND COALESCE(" + std::string(latest_verdict) + ", '') <> 'dismissed' GROUP BY 1, 2, 3, 4");
    fs.bind(1, from).bind(2, to);
    while (fs.step()) {
        auto& s = cards[fs.text(0)];
        std::string kind = fs.text(1), rule = fs.text(2), sev = fs.text(3);
        int n = static_cast<int>(fs.integer(4));
        if (rule == "gap_closed") continue;  // the length record of a gap, not a second gap
        s.findings[kind] += n;
        if (kind == "idle_gap") s.idle_gaps += n;  // one row per wait, whatever step it reached
        if (kind == "wasted_intent") {
            s.wasted += n;
            s.wasted_cost += fs.real(5);
        }
        if (sev == "critical") s.confirmed_criticals += static_cast<int>(fs.integer(6));
    }

    // First response: the first consultant message at or after the visitor's first message, in the
    // scorecard of whoever wrote it (by consultant).
    sqlite::stmt fr(rdb, "SELECT " + key + ", c.fv, (SELECT MIN(m.at) FROM messages m WHERE m.conversation = c.id "
                         "AND m.sender = 'consultant' AND m.at >= c.fv), (SELECT COALESCE(NULLIF(m.author, ''), "
                         "c.consultant) FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant' AND "
                         "m.at >= c.fv ORDER BY m.at, m.seq LIMIT 1), c.hand FROM (SELECT c.*, (SELECT MIN(at) FROM "
                         "messages WHERE conversation = c.id AND sender = 'visitor') AS fv FROM " + conv + " c WHERE" +
                         range + ") AS c WHERE c.fv IS NOT NULL");
    fr.bind(1, from).bind(2, to);
    std::map<std::string, std::vector<double>> first;
    while (fr.step())
        if (!fr.is_null(2) && (!by_hand || fr.text(3) == fr.text(4)))
            first[fr.text(0)].push_back(static_cast<double>(fr.integer(2) - fr.integer(1)) / 1000.0);
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
}

std::vector<stored_for_reanalysis> sqlite_store::ended_for_reanalysis(std::int64_t from, std::int64_t to,
                                                                      const std::string& after, int limit) {
    auto [lock, rdb] = read();
    // The visit's referrer and landing page too: the search keyword counts toward intent again.
    sqlite::stmt q(rdb, "SELECT c.id, c.department, c.closed_by, c.ended_at, COALESCE(w.referrer, ''), "
                        "COALESCE(w.landing, '') FROM conversations c LEFT JOIN conversation_visits w "
                        "ON w.conversation = c.id WHERE c.ended_at >= ? AND "
                        "c.ended_at < ? AND c.purged = 0 AND c.id > ? ORDER BY c.id LIMIT ?");
    q.bind(1, from).bind(2, to).bind(3, after).bind(4, std::int64_t{limit});
    std::vector<stored_for_reanalysis> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), parse_close_trigger(q.text(2)).value_or(close_trigger::system),
                       from_epoch_ms(q.integer(3)), {}, q.text(4), q.text(5)});
    sqlite::stmt m(rdb, "SELECT seq, sender, author, text, at FROM messages WHERE conversation = ? ORDER BY seq");
    for (auto& c : out) {
        m.bind(1, c.id);
        while (m.step()) {
            auto s = m.text(1);
            c.messages.push_back({static_cast<std::uint64_t>(m.integer(0)),
                                  s == "visitor" ? sender::visitor : s == "consultant" ? sender::consultant : sender::system,
                                  m.text(2), m.text(3), from_epoch_ms(m.integer(4)), {}});
        }
        m.reset();
    }
    return out;
}

int sqlite_store::replace_findings(const std::string& conversation, const std::vector<finding>& fresh, ending how) {
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
    write_and_wait("replace_findings", [&](const sqlite::db& d) {
        kept = 0;
        std::vector<finding> old;
        sqlite::stmt q(d, "SELECT id, kind, rule, seq, span_begin, span_end, matched FROM findings WHERE conversation = ?");
        q.bind(1, conversation);
        while (q.step()) {
            finding f;
            f.id = q.integer(0);
            f.kind = q.text(1);
            f.rule = q.text(2);
            f.seq = static_cast<std::uint64_t>(q.integer(3));
            f.begin = static_cast<std::uint32_t>(q.integer(4));
            f.end = static_cast<std::uint32_t>(q.integer(5));
            f.matched = q.text(6);
            old.push_back(std::move(f));
        }
        std::vector<bool> still(old.size(), false);
        sqlite::stmt ins(d, "INSERT INTO findings(" LINGTING_FINDING_COLUMNS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        sqlite::stmt upd(d, "UPDATE findings SET category=?, severity=?, suggestion=?, cost=?, duration_ms=?, rule=?, "
                            "detail=? WHERE id=?");
        for (auto& f : events) {
            auto it = std::find_if(old.begin(), old.end(), [&](const finding& o) { return same(o, f); });
            if (it != old.end() && !still[it - old.begin()]) {
                still[it - old.begin()] = true;
                ++kept;
                upd.bind(1, f.category).bind(2, to_string(f.level)).bind(3, f.suggestion).bind(4, f.cost)
                    .bind(5, f.duration_ms).bind(6, f.rule).bind(7, f.detail).bind(8, it->id).run();
                continue;
            }
            ins.bind(1, conversation).bind(2, static_cast<std::int64_t>(f.seq)).bind(3, f.kind).bind(4, f.rule)
                .bind(5, f.category).bind(6, to_string(f.level)).bind(7, f.matched).bind(8, std::int64_t{f.begin})
                .bind(9, std::int64_t{f.end}).bind(10, f.suggestion)
                .bind(11, to_epoch_ms(f.at))
                .bind(12, f.duration_ms).bind(13, f.cost).bind(14, f.detail).run();
        }
        sqlite::stmt del_v(d, "DELETE FROM finding_verdicts WHERE finding = ?");
        sqlite::stmt del_f(d, "DELETE FROM findings WHERE id = ?");
        for (std::size_t i = 0; i < old.size(); ++i)
            if (!still[i]) {
                del_v.bind(1, old[i].id).run();
                del_f.bind(1, old[i].id).run();
            }
        sqlite::stmt e(d, "UPDATE conversations SET ending = ? WHERE id = ?");
        e.bind(1, to_string(how)).bind(2, conversation).run();
    });
    return kept;
}

int sqlite_store::purge_text(std::int64_t before) {
    int purged = 0;
    write_and_wait("purge_text", [&](const sqlite::db& d) {
        sqlite::stmt m(d, "UPDATE messages SET text = '' WHERE conversation IN "
                          "(SELECT id FROM conversations WHERE ended_at < ? AND purged = 0)");
        m.bind(1, before).run();
        // QA's search index holds a copy of the text (schema 11): it goes too, in one pass.
        sqlite::stmt s(d, "DELETE FROM messages_search WHERE conversation IN "
                          "(SELECT id FROM conversations WHERE ended_at < ? AND purged = 0)");
        s.bind(1, before).run();
        // What else a person wrote or could be found by: the visitor's rating comment and the
        // visit's URLs (a landing page may carry a phone or a name in its query). The source and
        // search keyword stay: the keyword report counts them.
        sqlite::stmt v(d, "UPDATE conversation_visits SET referrer = '', landing = '', landing_title = '', page = '' "
                          "WHERE conversation IN (SELECT id FROM conversations WHERE ended_at < ? AND purged = 0)");
        v.bind(1, before).run();
        sqlite::stmt r(d, "UPDATE conversations SET rating_comment = '' WHERE ended_at < ? AND purged = 0");
        r.bind(1, before).run();
        sqlite::stmt c(d, "UPDATE conversations SET purged = 1 WHERE ended_at < ? AND purged = 0");
        c.bind(1, before).run();
        purged = sqlite3_changes(d.handle());
    });
    return purged;
}

}  // namespace lingting
