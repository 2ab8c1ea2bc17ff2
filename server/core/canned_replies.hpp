// Canned replies (快捷回复): a department's, kept by supervisors, and a consultant's own. The
// rules of who sees and who edits which, what a valid one is, and the defaults a clinic starts
// with (lexicon/canned_replies.tsv). Pure; stored by the store, served by net/api_canned.cpp.
#pragma once

#include "core/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

struct canned_reply {
    std::int64_t id = 0;
    std::string department;  // a department's reply (owner empty)
    std::string owner;       // a consultant's own reply (department empty)
    std::string title, text, updated_by;
    time_point updated_at{};
    bool personal() const { return !owner.empty(); }
};

namespace canned {

// Caps: a title fits a list line, a text one chat message; the lists stay a pick, not a library.
constexpr std::size_t max_title_chars = 40;
constexpr std::size_t max_text_chars = 500;
constexpr std::size_t max_per_list = 200;  // per consultant, per department

// Empty if title and text are acceptable, else why not (zh-CN, for the page).
std::string invalid(std::string_view title, std::string_view text);

// Who sees it: a department's reply its department's consultants (all of them for a consultant
// serving every department) and every supervisor; a personal one only its owner.
bool may_see(const canned_reply& r, const std::string& name, role who, const std::vector<std::string>& departments);
// Who changes it: a department's reply only supervisors; a personal one only its owner.
bool may_edit(const canned_reply& r, const std::string& name, role who);

// The defaults file: one reply per line, `department<TAB>title<TAB>text`; `*` for every
// department in `departments`; `#` comments and blank lines skipped. A bad line is reported
// ("line N: reason") and skipped.
std::vector<canned_reply> parse_defaults(std::string_view file, const std::vector<std::string>& departments,
                                         std::vector<std::string>* errors = nullptr);

}  // namespace canned
}  // namespace lingting
