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

std::size_t vocabulary::add_tsv_group(const std::string& name, std::string_view tsv) {
    std::vector<std::pair<std::string, std::string>> entries;
    while (!tsv.empty()) {
        auto eol = tsv.find('\n');
        auto line = tsv.substr(0, eol);
        tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto tab = line.find('\t');
        if (line.empty() || line.front() == '#' || tab == std::string_view::npos || tab == 0) continue;
        entries.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    auto n = entries.size();
    for (auto& [g, old] : groups_)
        if (g == name) {
            old = std::move(entries);
            return n;
        }
    groups_.emplace_back(name, std::move(entries));
    return n;
}

std::string_view vocabulary::label(std::string_view group_name, std::string_view key) const {
    for (auto& [k, text] : group(group_name))
        if (k == key) return text;
    return key;
}

}  // namespace lingting
