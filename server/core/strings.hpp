// Small string helpers shared by the store and the CLI.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// "a,,b" -> {"a", "b"}: empty parts dropped.
inline std::vector<std::string> split_list(std::string_view s, char sep = ',') {
    std::vector<std::string> out;
    while (!s.empty()) {
        auto at = s.find(sep);
        auto part = s.substr(0, at);
        if (!part.empty()) out.emplace_back(part);
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return out;
}

inline std::string join_list(const std::vector<std::string>& v, char sep = ',') {
    std::string out;
    for (auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

}  // namespace lingting
