// The CSV exports, for clinics opening them in a spreadsheet: UTF-8 with a BOM (Excel reads
// UTF-8 right only with one), CRLF lines, RFC 4180 quoting, formula cells neutralised, times in
// the clinic's time zone, and every label from the one vocabulary the pages use
// (web/js/labels.json).
#pragma once

#include "core/qa_reports.hpp"
#include "core/vocabulary.hpp"
#include "net/api.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// One text cell: a leading = + - @, tab or carriage return gets a ' (OWASP "CSV injection"),
// then quoted when it holds a comma, quote or line break.
std::string csv_cell(std::string_view v);

// GET /api/qa/conversations.csv: the filtered list, at most 100,000 rows.
api_response conversations_csv(const qa_filter& f, qa_reports& store, const vocabulary& words, int utc_offset_minutes);
// GET /api/reports/scorecards?format=csv
api_response scorecards_csv(const std::vector<scorecard>& cards, const vocabulary& words);

}  // namespace lingting
