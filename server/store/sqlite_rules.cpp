// Precision per rule for sqlite_store: each rule's latest verdicts since its last review, its
// dismissed examples, and the reviews themselves.
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <map>

namespace lingting {

std::vector<rule_standing> sqlite_store::rule_standings(int examples) {
    auto [lock, rdb] = read();
    std::map<std::pair<std::string, std::string>, rule_standing> rules;
    auto at = [&](const std::string& kind, const std::string& rule) -> rule_standing& {
        auto& r = rules[{kind, rule}];
        r.kind = kind;
        r.rule = rule;
        return r;
    };
    // The newest verdict of each finding counts, if it was given after the rule's last review.
    static constexpr std::string_view window = R"sql(
WITH latest AS (
  SELECT v.id, v.finding, v.verdict, v.note, v.at FROM finding_verdicts v
  WHERE v.id = (SELECT MAX(w.id) FROM finding_verdicts w WHERE w.finding = v.finding))
SELECT f.kind, f.rule, l.verdict, l.id, f.id, f.conversation, f.matched, l.note, l.at,
  COALESCE((SELECT m.text FROM messages m WHERE m.conversation = f.conversation AND m.seq = f.seq), '')
FROM latest l JOIN findings f ON f.id = l.finding
LEFT JOIN rule_reviews r ON r.kind = f.kind AND r.rule = f.rule
WHERE l.id > COALESCE(r.after_verdict, 0)
ORDER BY l.id DESC)sql";
    sqlite::stmt q(rdb, window);
    while (q.step()) {
        auto& r = at(q.text(0), q.text(1));
        ++r.judged;
        if (q.text(2) == "confirmed") {
            ++r.confirmed;
        } else if (static_cast<int>(r.dismissed.size()) < examples) {
            r.dismissed.push_back({q.integer(4), q.text(5), q.text(6), q.text(7), q.text(9), from_epoch_ms(q.integer(8))});
        }
    }
    sqlite::stmt rv(rdb, "SELECT kind, rule, by, at FROM rule_reviews");
    while (rv.step()) {
        auto& r = at(rv.text(0), rv.text(1));
        r.reviewed_by = rv.text(2);
        r.reviewed_at = from_epoch_ms(rv.integer(3));
    }
    std::vector<rule_standing> out;
    out.reserve(rules.size());
    for (auto& [k, r] : rules) out.push_back(std::move(r));
    return out;
}

void sqlite_store::review_rule(const std::string& kind, const std::string& rule, const std::string& by, time_point at) {
    write_and_wait("review_rule", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "INSERT OR REPLACE INTO rule_reviews(kind, rule, after_verdict, by, at) "
                          "VALUES(?, ?, (SELECT COALESCE(MAX(id), 0) FROM finding_verdicts), ?, ?)");
        q.bind(1, kind).bind(2, rule).bind(3, by).bind(4, to_epoch_ms(at)).run();
    });
}

}  // namespace lingting
