// A stored finding read back from a row, in both SQL dialects: the columns every reader selects
// (LINGTING_FINDING_SELECT, the findings table aliased `f`) and the one function that reads them.
// Before, the conversation view and the board's recent alerts each read the same fifteen columns by
// hand, once per dialect (four copies to keep in step when a column is added).
#pragma once

#include "core/analysis/finding.hpp"
#include "core/types.hpp"

#include <cstdint>

// 15 columns; a query selects them first and its own columns after them.
#define LINGTING_FINDING_SELECT                                                                      \
    "f.id, f.seq, f.kind, f.rule, f.category, f.severity, f.matched, f.span_begin, f.span_end, "     \
    "f.suggestion, f.at, f.duration_ms, f.cost, f.detail, f.consultant"

namespace lingting {

constexpr int finding_select_columns = 15;

// `row` reads column k with text(k), integer(k) and real(k): a sqlite::stmt, or a pg::row_view.
template <class Row>
finding read_finding(const Row& row) {
    finding f;
    f.id = row.integer(0);
    f.seq = static_cast<std::uint64_t>(row.integer(1));
    f.kind = row.text(2);
    f.rule = row.text(3);
    f.category = row.text(4);
    f.level = parse_severity(row.text(5)).value_or(severity::info);
    f.matched = row.text(6);
    f.begin = static_cast<std::uint32_t>(row.integer(7));
    f.end = static_cast<std::uint32_t>(row.integer(8));
    f.suggestion = row.text(9);
    f.at = from_epoch_ms(row.integer(10));
    f.duration_ms = row.integer(11);
    f.cost = row.real(12);
    f.detail = row.text(13);
    f.consultant = row.text(14);
    return f;
}

}  // namespace lingting
