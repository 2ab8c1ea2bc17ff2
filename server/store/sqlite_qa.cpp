// The QA side of sqlite_store: the filtered list, day figures and verdicts.
#include "store/consultant_hands.hpp"
#include "store/like_pattern.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <charconv>

namespace lingting {
namespace {

// Code points in UTF-8 text (the search's index needs three).
std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}

// Text as one FTS5 phrase: quoted, its quotes doubled, so nothing in it is query syntax.
std::string fts_phrase(std::string_view text) {
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

// Binds a filter value, or NULL for "any".
void bind_opt(sqlite::stmt& q, int i, const std::string& v) {
    if (v.empty()) q.bind_null(i);
    else q.bind(i, v);
}

}  // namespace

qa_page sqlite_store::list_ended(const qa_filter& f, const std::string& cursor, int limit) {
    auto [lock, rdb] = read();
    // With a consultant filter, a transferred conversation is listed for everyone who handled it,
    // and its finding counts are that consultant's own (findings.consultant), not the whole chat's.
    // Keyset pagination on (ended_at, id): a page costs the same wherever it is, and rows ending
    // while QA pages never shift what comes next.
    static constexpr std::string_view sql = R"sql(
SELECT c.id, c.department, c.consultant, c.started_at, c.ended_at, c.ending, c.satisfied,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id AND m.sender = 'visitor'),
  (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant'),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'info' AND (?2 IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = ?2)),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'warning' AND (?2 IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = ?2)),
  (SELECT COUNT(*) FROM findings x WHERE x.conversation = c.id AND x.severity = 'critical' AND (?2 IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = ?2)),
  (SELECT COALESCE(SUM(x.cost), 0) FROM findings x WHERE x.conversation = c.id AND x.kind = 'wasted_intent'
     AND (?2 IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = ?2)),
  (SELECT v.verdict FROM conversation_verdicts v WHERE v.conversation = c.id ORDER BY v.id DESC LIMIT 1),
  c.rating_comment,
  (SELECT w.source FROM conversation_visits w WHERE w.conversation = c.id),
  (SELECT w.keyword FROM conversation_visits w WHERE w.conversation = c.id),
  (SELECT group_concat(a.author, ',') FROM (SELECT m.author FROM messages m WHERE m.conversation = c.id
     AND m.sender = 'consultant' AND m.author <> '' GROUP BY m.author ORDER BY MIN(m.seq)) a)
FROM conversations c
WHERE c.ended_at IS NOT NULL
  AND (?1 IS NULL OR c.ending = ?1)
  AND (?2 IS NULL OR c.consultant = ?2
       OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation = c.id AND m.sender = 'consultant' AND m.author = ?2)
       OR EXISTS (SELECT 1 FROM findings x WHERE x.conversation = c.id AND x.consultant = ?2))
  AND (?3 IS NULL OR c.department = ?3)
  AND (?4 IS NULL OR c.ended_at >= ?4)
  AND (?5 IS NULL OR c.ended_at < ?5)
  AND (?6 IS NULL AND ?7 IS NULL AND ?8 IS NULL OR EXISTS (
        SELECT 1 FROM findings x WHERE x.conversation = c.id
          AND (?6 IS NULL OR x.kind = ?6) AND (?7 IS NULL OR x.severity = ?7) AND (?8 IS NULL OR x.category = ?8)
          AND (?2 IS NULL OR COALESCE(NULLIF(x.consultant, ''), c.consultant) = ?2)))
  AND (?9 IS NULL OR c.satisfied = ?9)
  AND (?10 IS NULL OR (c.ended_at, c.id) < (?10, ?11))
  AND (?13 IS NULL AND ?14 IS NULL OR EXISTS (
        SELECT 1 FROM conversation_visits w WHERE w.conversation = c.id
          AND (?13 IS NULL OR w.source = ?13 OR w.source_kind = ?13) AND (?14 IS NULL OR instr(w.keyword, ?14) > 0)))
  AND (?15 IS NULL OR c.id IN (SELECT conversation FROM messages_search WHERE messages_search MATCH ?15)
       OR c.id IN (SELECT p.conversation FROM search_pending p JOIN messages m ON m.conversation = p.conversation
                   WHERE m.text LIKE ?17 ESCAPE '\'))
  AND (?16 IS NULL OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation = c.id AND instr(m.text, ?16) > 0))
ORDER BY c.ended_at DESC, c.id DESC
LIMIT ?12)sql";
    sqlite::stmt q(rdb, sql);
    bind_opt(q, 1, f.ending);
    bind_opt(q, 2, f.consultant);
    bind_opt(q, 3, f.department);
    if (f.from_ms) q.bind(4, f.from_ms); else q.bind_null(4);
    if (f.to_ms) q.bind(5, f.to_ms); else q.bind_null(5);
    bind_opt(q, 6, f.kind);
    bind_opt(q, 7, f.severity);
    bind_opt(q, 8, f.category);
    if (f.satisfied) q.bind(9, std::int64_t{*f.satisfied}); else q.bind_null(9);
    auto colon = cursor.find(':');
    std::int64_t cursor_at = 0;
    if (colon != std::string::npos &&
        std::from_chars(cursor.data(), cursor.data() + colon, cursor_at).ec == std::errc{}) {
        q.bind(10, cursor_at);
        q.bind(11, std::string_view(cursor).substr(colon + 1));
    } else {
        q.bind_null(10);
        q.bind_null(11);
    }
    q.bind(12, std::int64_t{limit});
    bind_opt(q, 13, f.source);
    bind_opt(q, 14, f.keyword);
    // Text searched: 3+ characters through the trigram index as one quoted phrase (never FTS5
    // query syntax), 1-2 by a scan of the messages of the conversations the other filters leave.
    if (f.text.empty() || utf8_length(f.text) >= 3) q.bind_null(16);
    else q.bind(16, f.text);
    if (f.text.empty() || utf8_length(f.text) < 3) {
        q.bind_null(15);
        q.bind_null(17);
    } else {
        q.bind(15, fts_phrase(f.text));
        q.bind(17, like_containing(f.text));  // ended, still queued for the index (sqlite_search_index.hpp)
    }
    qa_page page;
    while (q.step()) {
        qa_row r;
        r.id = q.text(0);
        r.department = q.text(1);
        r.consultant = q.text(2);
        r.started = from_epoch_ms(q.integer(3));
        r.ended = from_epoch_ms(q.integer(4));
        r.how = q.text(5);
        if (!q.is_null(6)) r.satisfied = q.integer(6) != 0;
        r.visitor_messages = static_cast<int>(q.integer(7));
        r.consultant_messages = static_cast<int>(q.integer(8));
        r.info = static_cast<int>(q.integer(9));
        r.warning = static_cast<int>(q.integer(10));
        r.critical = static_cast<int>(q.integer(11));
        r.wasted_cost = q.real(12);
        r.verdict = q.text(13);
        r.rating_comment = q.text(14);
        r.source = q.text(15);
        r.keyword = q.text(16);
        r.handled_by = consultant_hands::split_names(q.text(17));
        page.rows.push_back(std::move(r));
    }
    if (static_cast<int>(page.rows.size()) == limit && limit > 0)
        page.next_cursor = std::to_string(to_epoch_ms(page.rows.back().ended)) + ":" + page.rows.back().id;
    return page;
}

day_stats sqlite_store::stats(std::int64_t from, std::int64_t to) {
    auto [lock, rdb] = read();
    day_stats s;
    sqlite::stmt e(rdb, "SELECT ending, COUNT(*) FROM conversations WHERE ended_at >= ? AND ended_at < ? GROUP BY ending");
    e.bind(1, from).bind(2, to);
    while (e.step()) s.endings[e.text(0)] = static_cast<int>(e.integer(1));
    sqlite::stmt k(rdb, "SELECT kind, COUNT(*) FROM findings WHERE at >= ? AND at < ? GROUP BY kind");
    k.bind(1, from).bind(2, to);
    while (k.step()) s.findings[k.text(0)] = static_cast<int>(k.integer(1));
    return s;
}

// The existence check runs inside the write, on the writer's connection, so it and the insert
// see the same state.
bool sqlite_store::add_finding_verdict(std::int64_t finding, const std::string& verdict, const std::string& note,
                                       const std::string& by, time_point at) {
    bool stored = false;
    write_and_wait("finding_verdict", [&](const sqlite::db& d) {
        sqlite::stmt exists(d, "SELECT 1 FROM findings WHERE id = ?");
        exists.bind(1, finding);
        if (!exists.step()) return;
        sqlite::stmt q(d, "INSERT INTO finding_verdicts(finding, verdict, note, by, at) VALUES(?,?,?,?,?)");
        q.bind(1, finding).bind(2, verdict).bind(3, note).bind(4, by).bind(5, to_epoch_ms(at)).run();
        stored = true;
    });
    return stored;
}

bool sqlite_store::add_conversation_verdict(const std::string& conversation, const std::string& verdict,
                                            const std::string& note, const std::string& by, time_point at) {
    bool stored = false;
    write_and_wait("conversation_verdict", [&](const sqlite::db& d) {
        sqlite::stmt exists(d, "SELECT 1 FROM conversations WHERE id = ? AND ended_at IS NOT NULL");
        exists.bind(1, conversation);
        if (!exists.step()) return;
        sqlite::stmt q(d, "INSERT INTO conversation_verdicts(conversation, verdict, note, by, at) VALUES(?,?,?,?,?)");
        q.bind(1, conversation).bind(2, verdict).bind(3, note).bind(4, by).bind(5, to_epoch_ms(at)).run();
        stored = true;
    });
    return stored;
}

}  // namespace lingting
