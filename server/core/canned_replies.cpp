#include "core/canned_replies.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace lingting::canned {
namespace {

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// Control characters other than a line break have no place in a reply (and a NUL would cut it).
bool has_control(std::string_view s, bool newlines_ok) {
    return std::any_of(s.begin(), s.end(), [&](char c) {
        auto u = static_cast<unsigned char>(c);
        if (newlines_ok && (c == '\n')) return false;
        return u < 0x20 || u == 0x7F;
    });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string invalid(std::string_view title, std::string_view text) {
    if (!valid_utf8(title) || !valid_utf8(text)) return "标题或内容含有无效字符。";
    if (blank(title)) return "请填写标题。";
    if (blank(text)) return "请填写回复内容。";
    if (code_points(title) > max_title_chars) return "标题最多 " + std::to_string(max_title_chars) + " 个字。";
    if (code_points(text) > max_text_chars) return "回复内容最多 " + std::to_string(max_text_chars) + " 个字。";
    if (has_control(title, false)) return "标题不能包含换行或控制字符。";
    if (has_control(text, true)) return "回复内容不能包含控制字符。";
    return {};
}

bool may_see(const canned_reply& r, const std::string& name, role who, const std::vector<std::string>& departments) {
    if (r.personal()) return r.owner == name;
    if (who == role::supervisor) return true;
    if (who != role::consultant) return false;
    return departments.empty() || std::find(departments.begin(), departments.end(), r.department) != departments.end();
}

bool may_edit(const canned_reply& r, const std::string& name, role who) {
    if (r.personal()) return r.owner == name;
    return who == role::supervisor;
}

std::vector<canned_reply> parse_defaults(std::string_view file, const std::vector<std::string>& departments,
                                         std::vector<std::string>* errors) {
    std::vector<canned_reply> out;
    int line_no = 0;
    auto fail = [&](const std::string& why) {
        if (errors) errors->push_back("line " + std::to_string(line_no) + ": " + why);
    };
    while (!file.empty()) {
        auto nl = file.find('\n');
        std::string_view line = file.substr(0, nl);
        file = nl == std::string_view::npos ? std::string_view() : file.substr(nl + 1);
        ++line_no;
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        auto t1 = line.find('\t');
        auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string_view::npos) {
            fail("need department<TAB>title<TAB>text");
            continue;
        }
        auto department = trim(line.substr(0, t1)), title = trim(line.substr(t1 + 1, t2 - t1 - 1)),
             text = trim(line.substr(t2 + 1));
        if (auto why = invalid(title, text); !why.empty()) {
            fail(why);
            continue;
        }
        std::vector<std::string> targets;
        if (department == "*") targets = departments;
        else if (std::find(departments.begin(), departments.end(), department) != departments.end())
            targets.emplace_back(department);
        else {
            fail("unknown department '" + std::string(department) + "'");
            continue;
        }
        for (auto& d : targets) {
            canned_reply r;
            r.department = d;
            r.title = std::string(title);
            r.text = std::string(text);
            out.push_back(std::move(r));
        }
    }
    return out;
}

}  // namespace lingting::canned
