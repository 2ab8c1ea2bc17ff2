// A byte-level Aho-Corasick automaton compiled to a full transition table, so a scan is one
// table lookup per byte with no branches on the pattern set. Built once per lexicon load;
// scanning is const and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

class aho_corasick {
public:
    struct hit {
        std::uint32_t pattern;  // index in the order add() was called
        std::uint32_t end;      // byte offset one past the match
    };

    // Returns the pattern's index. Empty patterns are ignored (never match).
    std::uint32_t add(std::string_view pattern);
    void compile();

    // Calls on_hit(hit) for every occurrence of every pattern, overlapping ones included.
    template <class F>
    void scan(std::string_view text, F&& on_hit) const {
        std::int32_t s = 0;
        for (std::uint32_t i = 0; i < text.size(); ++i) {
            s = next_[static_cast<std::size_t>(s) * 256 + static_cast<unsigned char>(text[i])];
            for (std::int32_t o = out_head_[s]; o >= 0; o = out_next_[o])
                on_hit(hit{out_pattern_[o], i + 1});
        }
    }

    std::size_t pattern_length(std::uint32_t p) const { return lengths_[p]; }
    std::size_t size() const { return lengths_.size(); }
    std::size_t states() const { return out_head_.size(); }
    std::size_t table_bytes() const { return next_.size() * sizeof(next_[0]); }

private:
    std::vector<std::array<std::int32_t, 256>> trie_;  // build-time goto (-1 = none)
    std::vector<std::int32_t> next_;                   // compiled: state*256+byte -> state
    std::vector<std::int32_t> out_head_;               // per state: first output, or -1
    std::vector<std::int32_t> out_next_;               // output list links (shared suffixes)
    std::vector<std::uint32_t> out_pattern_;
    std::vector<std::uint32_t> lengths_;
    std::vector<std::vector<std::uint32_t>> terminal_;  // build-time: patterns ending at state
};

}  // namespace lingting
