// The findings table's columns in the order every store inserts and binds them, in both SQL
// dialects: a column added to the schema is added to every insert here, once.
#pragma once

#define LINGTING_FINDING_COLUMNS \
    "conversation, seq, kind, rule, category, severity, matched, span_begin, span_end, suggestion, at, " \
    "duration_ms, cost, detail"
