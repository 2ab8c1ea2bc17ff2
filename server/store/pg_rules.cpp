// Precision per rule for pg_store: each rule's latest verdicts since its last review, its
// dismissed examples, and the reviews themselves.
#include "store/pg_reading.hpp"

#include <map>

namespace lingting {

std::vector<rule_standing> pg_store::rule_standings(int examples) {
    return read([&](const pg::connection& db) {
        std::map<std::pair<std::string, std::string>, rule_standing> rules;
        auto at = [&](const std::string& kind, const std::string& rule) -> rule_standing& {
            auto& r = rules[{kind, rule}];
            r.kind = kind;
            r.rule = rule;
            return r;
        };
        // The newest verdict of each finding counts, if it was given after the rule's last review.
        auto q = db.query(R"sql(
WITH latest AS (
  SELECT DISTINCT ON (v.finding) v.id, v.finding, v.verdict, v.note, v.at FROM finding_verdicts v
  ORDER BY v.finding, v.id DESC)
SELECT f.kind, f.rule, l.verdict, l.id, f.id, f.conversation, f.matched, l.note, l.at,
  COALESCE((SELECT m.text FROM messages m WHERE m.conversation = f.conversation AND m.seq = f.seq), '')
FROM latest l JOIN findings f ON f.id = l.finding
LEFT JOIN rule_reviews r ON r.kind = f.kind AND r.rule = f.rule
WHERE l.id > COALESCE(r.after_verdict, 0)
ORDER BY l.id DESC)sql");
        for (int i = 0; i < q.rows(); ++i) {
            auto& r = at(q.text(i, 0), q.text(i, 1));
            ++r.judged;
            if (q.text(i, 2) == "confirmed") {
                ++r.confirmed;
            } else if (static_cast<int>(r.dismissed.size()) < examples) {
                r.dismissed.push_back({q.integer(i, 4), q.text(i, 5), q.text(i, 6), q.text(i, 7), q.text(i, 9),
                                       from_epoch_ms(q.integer(i, 8))});
            }
        }
        auto rv = db.query("SELECT kind, rule, \"by\", at FROM rule_reviews");
        for (int i = 0; i < rv.rows(); ++i) {
            auto& r = at(rv.text(i, 0), rv.text(i, 1));
            r.reviewed_by = rv.text(i, 2);
            r.reviewed_at = from_epoch_ms(rv.integer(i, 3));
        }
        std::vector<rule_standing> out;
        out.reserve(rules.size());
        for (auto& [k, r] : rules) out.push_back(std::move(r));
        return out;
    });
}

void pg_store::review_rule(const std::string& kind, const std::string& rule, const std::string& by, time_point at) {
    write_and_wait("review_rule", [&](const pg::connection& d) {
        d.query("INSERT INTO rule_reviews(kind, rule, after_verdict, \"by\", at) "
                "VALUES($1, $2, (SELECT COALESCE(MAX(id), 0) FROM finding_verdicts), $3, $4) "
                "ON CONFLICT (kind, rule) DO UPDATE SET after_verdict = excluded.after_verdict, "
                "\"by\" = excluded.\"by\", at = excluded.at",
                pg::params().add(kind).add(rule).add(by).add(to_epoch_ms(at)));
    });
}

}  // namespace lingting
