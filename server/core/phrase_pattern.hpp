// The lexicon's small pattern syntax (lexicon/README.md, "Patterns"): one line says what ten
// literals said. A pattern is compiled once at lexicon load; the automaton finds its anchor
// (a literal every match contains) and match_in() verifies the whole pattern around it.
//
//   literal text       matches itself (after the usual folding: width, Latin case)
//   (a|b|c)            one of the alternatives; alternatives may hold any syntax
//   (x)?  or  x?       optional group or character
//   {m,n}              a gap of m to n characters (any, within one sentence)
//   .                  exactly one character
//   \1 .. \9           the text the n-th group matched (爱(.)不\1: 爱来不来, 爱等不等)
//   ^  $               the start / end of the whole message, emoji and symbols around it and
//                      punctuation-only or emoji-only sentences before / after it ignored
//                      (^(去吧|随便)$: a reply that is only 去吧, not 您直接去吧，在三楼)
//
// Matching runs on one sentence at a time with spaces and non-sentence punctuation removed,
// so no match, gap or not, spans ，。？！；：、 or their ASCII forms.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// The characters a text holds, by code point modulo 4096 (a superset: a test may say yes wrongly,
// never no wrongly). Built once per message, when an anchor hit is to be verified.
class char_presence {
public:
    void assign(std::string_view folded_utf8);
    bool may_hold(char32_t c) const { return bits_[c & 4095]; }

private:
    std::bitset<4096> bits_;
};

// Where a sentence sits in its message, for ^ and $: `first` if no sentence before it has a
// word in it, `last` if none after it has. A sentence matched on its own is the whole message.
struct message_edges {
    bool first = true;
    bool last = true;
};

class phrase_pattern {
public:
    // Parses src (folded like message text); on failure returns nullopt and sets error.
    static std::optional<phrase_pattern> parse(std::string_view src, std::string& error);
    // True if src uses pattern syntax; anything else is a literal phrase.
    static bool is_pattern(std::string_view src);

    // Literal strings (UTF-8, compact form) such that every match contains one of them.
    const std::vector<std::string>& anchors() const { return anchors_; }
    // The longest text a match can cover, in characters (gaps included).
    std::size_t max_chars() const { return max_chars_; }
    const std::string& source() const { return source_; }

    // First match in one sentence (code points, compact form): [begin, end) or nullopt.
    struct span {
        std::size_t begin, end;
    };
    std::optional<span> match_in(std::u32string_view sentence, message_edges edges = {}) const;
    // First match that starts at or before `begin` and ends at or after `end` (an anchor's
    // place): how an automaton hit is verified.
    std::optional<span> match_covering(std::u32string_view sentence, std::size_t begin, std::size_t end,
                                       message_edges edges = {}) const;
    // False if the text cannot hold a match: a character every match needs (a literal outside
    // optional parts, or one from each alternative of a group) is absent. Most anchor hits on
    // the relay's path end here, before the message is split into sentences for match_covering.
    bool may_occur_in(const char_presence& text) const;
    // Whole text: split into sentences, compacted, each tried.
    bool matches(std::string_view text) const;

    // Takes in another spelling of the same pattern (a traditional-script form: same groups and
    // gaps, other characters), so one pattern is verified where there were several; its
    // anchors are added to anchors(). Returns false, changing nothing, if the shapes differ.
    // A merged pattern also matches text that mixes the two spellings.
    bool absorb(const phrase_pattern& other);

    struct node;

private:
    // False if no match can begin with c (see first_chars in the .cpp).
    bool may_start_with(char32_t c) const;

    std::string source_;
    std::shared_ptr<const std::vector<node>> seq_;  // shared: patterns are copied with lexicons
    std::vector<std::string> anchors_;
    std::size_t max_chars_ = 0;
    int groups_ = 0;
    std::u32string first_chars_;  // sorted; used when !first_any_
    std::vector<std::u32string> required_;  // every match holds a character of each (may_occur_in)
    bool first_any_ = true;
};

// Splits text into sentences at ，。？！；：、 (and ASCII , . ? ! ; :) and returns each sentence
// folded with other separators removed. A single separator between two single Latin letters
// (T.M.D) does not split: it is how such words are disguised.
std::vector<std::u32string> compact_sentences(std::string_view text, bool split_on_space = false);
// The same keeping, per character, its code point index in the original text.
struct compact_sentence {
    std::u32string text;
    std::vector<std::uint32_t> origin;
};
std::vector<compact_sentence> split_sentences(std::string_view text, bool split_on_space = false);
// The same into `out`, reusing its sentences' buffers (no allocation once warm).
void split_sentences(std::string_view text, std::vector<compact_sentence>& out, bool split_on_space = false);
// The edges of sentence i among a message's sentences (see message_edges).
message_edges edges_of(const std::vector<std::u32string>& sentences, std::size_t i);
message_edges edges_of(const std::vector<compact_sentence>& sentences, std::size_t i);
// Emoji, pictographs and other symbols that ^ and $ look past (a reply 去吧😊 is only 去吧).
bool is_edge_trim(char32_t cp);
// True if the text holds a sentence break (a literal match that spans one is no match).
bool crosses_sentence(std::string_view span);

// True for the punctuation that ends a sentence or clause (after folding).
bool is_sentence_punct(char32_t cp);

}  // namespace lingting
