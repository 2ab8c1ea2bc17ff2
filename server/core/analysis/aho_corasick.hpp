// A byte-level Aho-Corasick automaton compiled to a transition table, so a scan is one table
// lookup per byte with no branches on the pattern set. Built once per lexicon load; scanning is
// const and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

namespace huge_page_block {
void* allocate(std::size_t bytes);
void deallocate(void* p, std::size_t bytes);
}  // namespace huge_page_block

// Allocates blocks of 4 MB or more 2 MB-aligned and asks the kernel to back them with huge pages
// (madvise; a no-op where transparent huge pages are off). Smaller blocks: the usual heap.
template <class T>
struct huge_page_allocator {
    using value_type = T;
    huge_page_allocator() = default;
    template <class U>
    huge_page_allocator(const huge_page_allocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(huge_page_block::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) { huge_page_block::deallocate(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const huge_page_allocator<U>&) const { return true; }
};

// The compiled table is the full automaton (every state answers every byte) with rows halved
// where UTF-8 allows: bytes are split into continuation bytes (0x80-0xBF) and the rest (ASCII and
// lead bytes), and a state whose answers for one half are the root's keeps only the other half.
// With patterns written in UTF-8, a state inside a character (after a lead byte) answers every
// non-continuation byte as the root would, and a state between characters answers every
// continuation byte as the root would, so most rows keep 64 or 192 of 256 entries (the lexicon's
// table: 23.5 MB where the full one took 53). Exact for any patterns and any bytes: a half is dropped only
// where it equals the root's, and a byte whose half its state lacks reads the root's row.
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
        std::uint32_t s = root_value;
        for (std::uint32_t i = 0; i < text.size(); ++i) {
            const std::uint32_t code = byte_code_[static_cast<unsigned char>(text[i])];
            const std::uint32_t column = code & column_mask;
            // The state's own row if it keeps this byte's half, else the root's (row 0): a
            // select, not a branch.
            const std::uint32_t at = (s & code & halves) ? (s & base_mask) + column : column;
            s = next_[at];
            if (s & has_output)  // most bytes reach a state with no output: no second lookup
                for (std::int32_t o = out_head_[row_chunk(s)]; o >= 0; o = out_next_[o])
                    on_hit(hit{out_pattern_[o], i + 1});
        }
    }

    std::size_t pattern_length(std::uint32_t p) const { return lengths_[p]; }
    std::size_t size() const { return lengths_.size(); }
    std::size_t states() const { return states_; }
    std::size_t table_bytes() const { return next_.size() * sizeof(next_[0]); }

private:
    // A state's value in next_: its row's base offset and flags. A row's columns are the bytes
    // reordered: the non-continuation bytes 0..191, the continuation bytes 192..255. A row that
    // keeps only the continuation half is stored as its last 64 columns, its base 192 before them.
    static constexpr std::uint32_t has_output = 0x80000000u;  // the state has outputs
    static constexpr std::uint32_t continuation_half = 0x40000000u;
    static constexpr std::uint32_t other_half = 0x20000000u;
    static constexpr std::uint32_t halves = continuation_half | other_half;
    static constexpr std::uint32_t base_mask = 0x1FFFFFFFu;
    static constexpr std::uint32_t column_mask = 0xFFu;
    static constexpr std::uint32_t root_value = halves;  // base 0, both halves, no output
    static constexpr std::uint32_t other_columns = 192;

    // Rows start at multiples of 64 entries; a row's first 64-entry chunk names it.
    static std::uint32_t row_chunk(std::uint32_t s) {
        return ((s & base_mask) + ((s & other_half) ? 0 : other_columns)) >> 6;
    }

    std::vector<std::array<std::int32_t, 256>> trie_;  // build-time goto (-1 = none)
    std::vector<std::vector<std::uint32_t>> terminal_;  // build-time: patterns ending at state
    // Per byte: its column | the half it belongs to.
    std::array<std::uint32_t, 256> byte_code_{};
    // compiled rows. Megabytes, read at random: on huge pages where the kernel allows (see
    // huge_page_allocator), the scan's TLB misses go.
    std::vector<std::uint32_t, huge_page_allocator<std::uint32_t>> next_;
    std::vector<std::int32_t> out_head_;               // per row chunk: first output, or -1
    std::vector<std::int32_t> out_next_;               // output list links (shared suffixes)
    std::vector<std::uint32_t> out_pattern_;
    std::vector<std::uint32_t> lengths_;
    std::size_t states_ = 0;
};

}  // namespace lingting
