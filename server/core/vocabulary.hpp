// The labels people read (endings, severities, finding kinds, verdicts ...), defined once in
// web/js/labels.json: the pages import that file, and the server reads the same file for what it
// writes for people outside the pages (the CSV exports). Never spelled again in C++.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lingting {

class vocabulary {
public:
    // {"group": {"key": "label", ...}, ...}; nullopt if it is not that shape.
    static std::optional<vocabulary> parse(std::string_view json);

    // The label, or the key itself when the group or the key is unknown (a file missing or older
    // than the server still gives a readable export).
    std::string_view label(std::string_view group, std::string_view key) const;
    // A group's keys and labels in the file's order (e.g. every finding kind, for CSV columns).
    const std::vector<std::pair<std::string, std::string>>& group(std::string_view name) const;
    // Adds (or replaces) a group from "key<TAB>label" lines, '#' starting a comment line: the
    // lexicon's labels (lexicon/cue_labels.tsv) beside the pages' own. Returns how many.
    std::size_t add_tsv_group(const std::string& name, std::string_view tsv);
    // Every group in the order read (GET /api/labels).
    const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& groups() const {
        return groups_;
    }

private:
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> groups_;
};

}  // namespace lingting
