// The keyword report as CSV (UTF-8 with BOM, Chinese headers, injection-safe cells): what
// GET /api/reports/keywords?format=csv answers, and what bench/ times.
#pragma once

#include "core/keyword_report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// `group`: "keyword", "source" or "campaign" (names the first column).
std::string keyword_report_csv(const std::vector<keyword_report_row>& rows, std::string_view group);

}  // namespace lingting
