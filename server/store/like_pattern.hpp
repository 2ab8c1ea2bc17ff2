// A LIKE pattern for text containing `text` literally: %, _ and \ escaped with \ (the query says
// ESCAPE '\'). Shared by both backends' QA search.
#pragma once

#include <string>
#include <string_view>

namespace lingting {

inline std::string like_containing(std::string_view text) {
    std::string out = "%";
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + '%';
}

}  // namespace lingting
