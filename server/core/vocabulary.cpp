#include "core/vocabulary.hpp"

#include <rapidjson/document.h>

namespace lingting {

std::optional<vocabulary> vocabulary::parse(std::string_view json) {
    rapidjson::Document d;
    d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
    if (d.HasParseError() || !d.IsObject()) return std::nullopt;
    vocabulary v;
    for (auto& g : d.GetObject()) {
        if (!g.value.IsObject()) return std::nullopt;
        auto& entries = v.groups_.emplace_back(g.name.GetString(), std::vector<std::pair<std::string, std::string>>{}).second;
        for (auto& e : g.value.GetObject()) {
            if (!e.value.IsString()) return std::nullopt;
            entries.emplace_back(e.name.GetString(), std::string(e.value.GetString(), e.value.GetStringLength()));
        }
    }
    return v;
}

const std::vector<std::pair<std::string, std::string>>& vocabulary::group(std::string_view name) const {
    static const std::vector<std::pair<std::string, std::string>> none;
    for (auto& [g, entries] : groups_)
        if (g == name) return entries;
    return none;
}

std::string_view vocabulary::label(std::string_view group_name, std::string_view key) const {
    for (auto& [k, text] : group(group_name))
        if (k == key) return text;
    return key;
}

}  // namespace lingting
