// What the consultant copied from the visitor is not the consultant's IME slip. A consultant
// confirming a booking writes the child's name as the parent spelled it (沈欣怡); the IME model may
// read such a name as a homophone (欣怡 -> 心意), but nothing the consultant typed is wrong there.
// A clinic word the visitor misspelt is another matter: echoed back (福建炎 for 附件炎) it is
// still wrong in front of the patient, and stays flagged.
#pragma once

#include "core/analysis/finding.hpp"
#include "core/message.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lingting {

// A copied stretch must be this long (in characters) to count: two characters the visitor also
// wrote (一生, 药盒) are as likely the consultant's own slip as a copy.
constexpr std::size_t min_copied_chars = 3;
// How much of what the visitor wrote before a message is kept for the comparison.
constexpr std::size_t copied_from_bytes = 4096;

// Removes the findings of the IME model (rule `ime_model`; begin/end count characters of `text`)
// whose correction makes no clinic word and whose span lies inside a stretch of at least min_copied_chars characters of `text` that occurs
// in `visitor_text`.
void drop_copied_from_visitor(std::vector<finding>& found, std::string_view text, std::string_view visitor_text);

// Collects what the visitor wrote before the consultant's message `seq`: add the conversation's
// messages (any order, any sender), then read text(). Keeps the last copied_from_bytes bytes.
class visitor_text_before {
public:
    explicit visitor_text_before(std::uint64_t seq) : seq_(seq) {}
    void add(const message& m);
    void add_visitor(std::uint64_t seq, const std::string& text);  // a visitor's message kept elsewhere
    const std::string& text();

private:
    struct piece {
        std::uint64_t seq;
        const std::string* text;
    };
    std::uint64_t seq_;
    std::vector<piece> pieces_;
    std::string joined_;
};

// What the visitors of the last few ended conversations wrote, for the IME worker's findings that
// arrive after their conversation ended (it ended within the worker's delay: a booking confirmed,
// then the visitor left). Bounded: the oldest conversation is forgotten first.
class ended_visitor_texts {
public:
    static constexpr std::size_t kept_conversations = 256;

    // The conversation's visitor messages, the last copied_from_bytes of them.
    void remember(const std::string& conversation, const std::vector<message>& messages);
    // What the visitor wrote before `seq` in a remembered conversation; nullopt if not remembered.
    std::optional<std::string> before(const std::string& conversation, std::uint64_t seq) const;

private:
    std::unordered_map<std::string, std::vector<std::pair<std::uint64_t, std::string>>> texts_;
    std::deque<std::string> order_;  // oldest first
};

}  // namespace lingting
