// One CSV text cell, safe against spreadsheet formula injection (OWASP "CSV injection") and
// quoted per RFC 4180. The same rule as api_qa.cpp's csv(), shared here for new exports.
#pragma once

#include <string>
#include <string_view>

namespace lingting {

inline std::string csv_cell(std::string_view v) {
    std::string cell;
    if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos) cell = "'";
    cell += v;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

}  // namespace lingting
