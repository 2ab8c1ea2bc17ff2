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
        std::uint32_t s = 0;
        for (std::uint32_t i = 0; i < text.size(); ++i) {
            s = next_[static_cast<std::size_t>(s & state_mask) * 256 + static_cast<unsigned char>(text[i])];
            if (s & has_output)  // most bytes reach a state with no output: no second lookup
                for (std::int32_t o = out_head_[s & state_mask]; o >= 0; o = out_next_[o])
                    on_hit(hit{out_pattern_[o], i + 1});
        }
    }

    std::size_t pattern_length(std::uint32_t p) const { return lengths_[p]; }
    std::size_t size() const { return lengths_.size(); }
    std::size_t states() const { return out_head_.size(); }
    std::size_t table_bytes() const { return next_.size() * sizeof(next_[0]); }

private:
    static constexpr std::uint32_t has_output = 0x80000000u;  // flag in next_: the state has outputs
    static constexpr std::uint32_t state_mask = 0x7FFFFFFFu;

    std::vector<std::array<std::int32_t, 256>> trie_;  // build-time goto (-1 = none)
    // compiled: state*256+byte -> state (| has_output). Tens of megabytes, read at random: on
    // huge pages where the kernel allows (see huge_page_allocator), the scan's TLB misses go.
    std::vector<std::uint32_t, huge_page_allocator<std::uint32_t>> next_;
    std::vector<std::int32_t> out_head_;               // per state: first output, or -1
    std::vector<std::int32_t> out_next_;               // output list links (shared suffixes)
    std::vector<std::uint32_t> out_pattern_;
    std::vector<std::uint32_t> lengths_;
    std::vector<std::vector<std::uint32_t>> terminal_;  // build-time: patterns ending at state
};

}  // namespace lingting
