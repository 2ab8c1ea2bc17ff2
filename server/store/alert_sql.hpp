// The supervisor board's recent alerts (qa_reports::recent_alerts) as SQL both dialects take:
// warnings and criticals of conversations still open or ended since `since`, newest first. The
// columns are read back in this order by sqlite_alerts.cpp and pg_alerts.cpp.
#pragma once

// SINCE and LIMIT are the dialect's placeholders. The read starts from the open conversations
// and the recently ended ones (both indexed), never from the whole findings table.
#define LINGTING_RECENT_ALERTS_SQL(SINCE, LIMIT)                                                          \
    "SELECT f.id, f.conversation, c.consultant, c.department, c.ended_at, f.seq, f.kind, f.rule, "       \
    "f.category, f.severity, f.matched, f.span_begin, f.span_end, f.suggestion, f.at, f.duration_ms, "   \
    "f.cost, f.detail, f.consultant FROM (SELECT id, consultant, department, ended_at FROM conversations " \
    "WHERE ended_at IS NULL UNION ALL SELECT id, consultant, department, ended_at FROM conversations "   \
    "WHERE ended_at >= " SINCE ") c JOIN findings f ON f.conversation = c.id "                           \
    "WHERE f.severity IN ('warning', 'critical') AND f.at >= " SINCE " "                                \
    "ORDER BY f.at DESC, f.id DESC LIMIT " LIMIT
