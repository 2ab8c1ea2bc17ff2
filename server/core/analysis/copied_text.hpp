// What the consultant copied from the visitor is not the consultant's IME slip. A consultant
// confirming a booking writes the child's name as the parent spelled it (沈欣怡); the IME model may
// read such a name as a homophone (欣怡 -> 心意), but nothing the consultant typed is wrong there.
// A clinic word the visitor misspelt is another matter: echoed back (福建炎 for 附件炎) it is
// still wrong in front of the patient, and stays flagged.
#pragma once

#include "core/analysis/finding.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lingting {

// A copied stretch must be this long (in characters) to count: two characters the visitor also
// wrote (一生, 药盒) are as likely the consultant's own slip as a copy.
constexpr std::size_t min_copied_chars = 3;
// How much of what the visitor wrote before a message is kept for the comparison.
constexpr std::size_t copied_from_bytes = 4096;

// Removes the findings of the IME model (rule `ime_model`; begin/end count characters of `text`) about what the
// visitor wrote: those whose correction makes no clinic word and whose span lies inside a stretch of at least
// min_copied_chars characters of `text` that occurs in `visitor_text`, and those, whatever their correction makes,
// whose span the visitor never wrote and whose correction rewrites two characters or more of such a stretch.
void drop_copied_from_visitor(std::vector<finding>& found, std::string_view text, std::string_view visitor_text);

// What the visitor has written in one conversation, kept as it is written, for the IME check of
// the consultant's messages. It is the conversation's running copy, so that a consultant message
// reads it without walking the conversation's messages (on the relay's path, under the hub's lock).
class visitor_transcript {
public:
    // Bytes kept in all: twice what one check reads, so that a check that arrives late (the IME
    // worker's, within a second) still finds what the visitor wrote before its message.
    static constexpr std::size_t kept_bytes = 2 * copied_from_bytes;

    // A visitor message; `seq` larger than any added before.
    void add(std::uint64_t seq, std::string_view text);
    // What the visitor wrote before message `seq`: the latest whole messages, each followed by
    // '\n', at most copied_from_bytes bytes (none if the latest alone is longer). For a `seq`
    // whose messages before it are no longer all kept, what is. Valid until the next add().
    std::string_view before(std::uint64_t seq) const;
    bool empty() const { return pieces_.empty(); }

private:
    struct piece {
        std::uint64_t seq;
        std::size_t begin;  // in text_
    };
    std::string text_;
    std::vector<piece> pieces_;  // in seq order (a vector: an empty one costs no allocation)
};

// What the visitors of the last few ended conversations wrote, for the IME worker's findings that
// arrive after their conversation ended (it ended within the worker's delay: a booking confirmed,
// then the visitor left). Bounded: the oldest conversation is forgotten first.
class ended_visitor_texts {
public:
    static constexpr std::size_t kept_conversations = 256;

    void remember(const std::string& conversation, visitor_transcript said);
    // What the visitor wrote before `seq` in a remembered conversation; nullopt if not remembered.
    std::optional<std::string_view> before(const std::string& conversation, std::uint64_t seq) const;

private:
    std::unordered_map<std::string, visitor_transcript> texts_;
    std::deque<std::string> order_;  // oldest first
};

}  // namespace lingting
