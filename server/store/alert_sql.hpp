// The supervisor board's recent alerts (qa_reports::recent_alerts) as SQL both dialects take:
// warnings and criticals of conversations still open or ended since `since`, newest first: the
// finding's columns (finding_row.hpp), then its conversation's id, consultant, department and end.
#pragma once

#include "store/finding_row.hpp"

// SINCE and LIMIT are the dialect's placeholders. The read starts from the open conversations
// and the recently ended ones (both indexed), never from the whole findings table.
#define LINGTING_RECENT_ALERTS_SQL(SINCE, LIMIT)                                                          \
    "SELECT " LINGTING_FINDING_SELECT ", f.conversation, c.consultant, c.department, c.ended_at "       \
    "FROM (SELECT id, consultant, department, ended_at FROM conversations "                              \
    "WHERE ended_at IS NULL UNION ALL SELECT id, consultant, department, ended_at FROM conversations "   \
    "WHERE ended_at >= " SINCE ") c JOIN findings f ON f.conversation = c.id "                           \
    "WHERE f.severity IN ('warning', 'critical') AND f.at >= " SINCE " "                                \
    "ORDER BY f.at DESC, f.id DESC LIMIT " LIMIT
