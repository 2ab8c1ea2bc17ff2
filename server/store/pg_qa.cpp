// The QA side of pg_store: the filtered list, day figures and verdicts.
#include "store/consultant_hands.hpp"
#include "store/like_pattern.hpp"
#include "store/pg_reading.hpp"

#include <charconv>

namespace lingting {

qa_page pg_store::list_ended(const qa_filter& f, const std::string& cursor, int limit) {
    // With a consultant filter, a transferred conversation is listed for everyone who handled it,
    // and its finding counts are that consultant's own (findings.consultant), not the whole chat's.
    // Keyset pagination on (ended_at, id), the cursor "ended_ms:id" as the SQLite store's: a
    // page costs the same wherever it is, and rows ending while QA pages never shift what
    // comes next.
    static const std::string sql = R"sql(
SELECT c.id, c.department, c.consultant, c.started_at, c.ended_at, c.ending, c.satisfied,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id AND m.sender = 'visitor'),
  (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant'),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'info'
     AND ($2::text IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = $2::text)),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'warning'
     AND ($2::text IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = $2::text)),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'critical'
     AND ($2::text IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = $2::text)),
  (SELECT COALESCE(SUM(x.cost), 0) FROM findings x WHERE x.conversation = c.id AND x.kind = 'wasted_intent'
     AND ($2::text IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = $2::text)),
  COALESCE((SELECT v.verdict FROM conversation_verdicts v WHERE v.conversation = c.id ORDER BY v.id DESC LIMIT 1), ''),
  c.rating_comment,
  COALESCE(w.source, ''), COALESCE(w.keyword, ''),
  COALESCE((SELECT string_agg(a.author, ',' ORDER BY a.first) FROM (SELECT m.author, MIN(m.seq) AS first
     FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant' AND m.author <> ''
     GROUP BY m.author) a), '')
FROM conversations c LEFT JOIN conversation_visits w ON w.conversation = c.id
WHERE c.ended_at IS NOT NULL
  AND ($1::text IS NULL OR c.ending = $1::text)
  AND ($2::text IS NULL OR c.consultant = $2::text
       OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant' AND m.author = $2::text)
       OR EXISTS (SELECT 1 FROM findings x WHERE x.conversation = c.id AND x.consultant = $2::text))
  AND ($3::text IS NULL OR c.department = $3::text)
  AND ($4::bigint IS NULL OR c.ended_at >= $4::bigint)
  AND ($5::bigint IS NULL OR c.ended_at < $5::bigint)
  AND ($6::text IS NULL AND $7::text IS NULL AND $8::text IS NULL OR EXISTS (
        SELECT 1 FROM findings x WHERE x.conversation = c.id
          AND ($6::text IS NULL OR x.kind = $6::text) AND ($7::text IS NULL OR x.severity = $7::text)
          AND ($8::text IS NULL OR x.category = $8::text)
          AND ($2::text IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = $2::text)))
  AND ($9::boolean IS NULL OR c.satisfied = $9::boolean)
  AND ($10::bigint IS NULL OR (c.ended_at, c.id) < ($10::bigint, $11::text))
  AND ($13::text IS NULL OR w.source = $13::text OR w.source_kind = $13::text)
  AND ($14::text IS NULL OR strpos(w.keyword, $14::text) > 0)
  AND ($15::text IS NULL OR c.id IN (SELECT m.conversation FROM messages m WHERE m.text ILIKE $15::text))
ORDER BY c.ended_at DESC, c.id DESC
LIMIT $12::bigint)sql";
    pg::params p;
    p.add_or_null(f.ending).add_or_null(f.consultant).add_or_null(f.department);
    if (f.from_ms) p.add(f.from_ms); else p.add_null();
    if (f.to_ms) p.add(f.to_ms); else p.add_null();
    p.add_or_null(f.kind).add_or_null(f.severity).add_or_null(f.category);
    if (f.satisfied) p.add(*f.satisfied); else p.add_null();
    auto colon = cursor.find(':');
    std::int64_t cursor_at = 0;
    if (colon != std::string::npos &&
        std::from_chars(cursor.data(), cursor.data() + colon, cursor_at).ec == std::errc{}) {
        p.add(cursor_at).add(std::string_view(cursor).substr(colon + 1));
    } else {
        p.add_null().add_null();
    }
    p.add(std::int64_t{limit}).add_or_null(f.source).add_or_null(f.keyword);
    // Text searched: a substring, as an ILIKE pattern with its own % _ \ taken literally (pg_trgm's
    // index serves it from three characters on, when installed).
    if (f.text.empty()) p.add_null();
    else p.add(like_containing(f.text));
    return read([&](const pg::connection& db) {
        auto q = db.query(sql, p);
        qa_page page;
        for (int i = 0; i < q.rows(); ++i) {
            qa_row r;
            r.id = q.text(i, 0);
            r.department = q.text(i, 1);
            r.consultant = q.text(i, 2);
            r.started = from_epoch_ms(q.integer(i, 3));
            r.ended = from_epoch_ms(q.integer(i, 4));
            r.how = q.text(i, 5);
            if (!q.is_null(i, 6)) r.satisfied = q.boolean(i, 6);
            r.visitor_messages = static_cast<int>(q.integer(i, 7));
            r.consultant_messages = static_cast<int>(q.integer(i, 8));
            r.info = static_cast<int>(q.integer(i, 9));
            r.warning = static_cast<int>(q.integer(i, 10));
            r.critical = static_cast<int>(q.integer(i, 11));
            r.wasted_cost = q.real(i, 12);
            r.verdict = q.text(i, 13);
            r.rating_comment = q.text(i, 14);
            r.source = q.text(i, 15);
            r.keyword = q.text(i, 16);
            r.handled_by = consultant_hands::split_names(q.text(i, 17));
            page.rows.push_back(std::move(r));
        }
        if (static_cast<int>(page.rows.size()) == limit && limit > 0)
            page.next_cursor = std::to_string(to_epoch_ms(page.rows.back().ended)) + ":" + page.rows.back().id;
        return page;
    });
}

day_stats pg_store::stats(std::int64_t from, std::int64_t to) {
    return read([&](const pg::connection& db) {
        day_stats s;
        auto e = db.query("SELECT ending, COUNT(*) FROM conversations WHERE ended_at >= $1 AND ended_at < $2 "
                          "GROUP BY ending",
                          pg::params().add(from).add(to));
        for (int i = 0; i < e.rows(); ++i) s.endings[e.text(i, 0)] = static_cast<int>(e.integer(i, 1));
        auto k = db.query("SELECT kind, COUNT(*) FROM findings WHERE at >= $1 AND at < $2 GROUP BY kind",
                          pg::params().add(from).add(to));
        for (int i = 0; i < k.rows(); ++i) s.findings[k.text(i, 0)] = static_cast<int>(k.integer(i, 1));
        return s;
    });
}

// The existence check runs inside the write, on the writer's connection, so it and the insert
// see the same state.
bool pg_store::add_finding_verdict(std::int64_t finding, const std::string& verdict, const std::string& note,
                                   const std::string& by, time_point at) {
    bool stored = false;
    write_and_wait("finding_verdict", [&](const pg::connection& d) {
        stored = d.query("INSERT INTO finding_verdicts(finding, verdict, note, \"by\", at) "
                         "SELECT id, $2::text, $3::text, $4::text, $5::bigint FROM findings WHERE id = $1",
                         pg::params().add(finding).add(verdict).add(note).add(by).add(to_epoch_ms(at)))
                     .affected() == 1;
    });
    return stored;
}

bool pg_store::add_conversation_verdict(const std::string& conversation, const std::string& verdict,
                                        const std::string& note, const std::string& by, time_point at) {
    bool stored = false;
    write_and_wait("conversation_verdict", [&](const pg::connection& d) {
        stored = d.query("INSERT INTO conversation_verdicts(conversation, verdict, note, \"by\", at) "
                         "SELECT id, $2::text, $3::text, $4::text, $5::bigint FROM conversations "
                         "WHERE id = $1 AND ended_at IS NOT NULL",
                         pg::params().add(conversation).add(verdict).add(note).add(by).add(to_epoch_ms(at)))
                     .affected() == 1;
    });
    return stored;
}

}  // namespace lingting
