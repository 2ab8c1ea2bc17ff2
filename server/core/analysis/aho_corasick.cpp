#include "core/analysis/aho_corasick.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <queue>
#include <stdexcept>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace lingting {

namespace huge_page_block {

namespace {
constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t threshold = std::size_t{4} << 20;
}  // namespace

void* allocate(std::size_t bytes) {
    if (bytes < threshold) return ::operator new(bytes);
    std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    void* p = std::aligned_alloc(huge_page, rounded);
    if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without huge pages the table still works
#endif
    return p;
}

void deallocate(void* p, std::size_t bytes) {
    if (bytes < threshold) ::operator delete(p);
    else std::free(p);
}

}  // namespace huge_page_block

std::uint32_t aho_corasick::add(std::string_view pattern) {
    if (trie_.empty()) {
        trie_.emplace_back();
        trie_.back().fill(-1);
        terminal_.emplace_back();
    }
    auto id = static_cast<std::uint32_t>(lengths_.size());
    lengths_.push_back(static_cast<std::uint32_t>(pattern.size()));
    if (pattern.empty()) return id;
    std::int32_t s = 0;
    for (unsigned char c : pattern) {
        if (trie_[s][c] < 0) {
            trie_[s][c] = static_cast<std::int32_t>(trie_.size());
            trie_.emplace_back();
            trie_.back().fill(-1);
            terminal_.emplace_back();
        }
        s = trie_[s][c];
    }
    terminal_[s].push_back(id);
    return id;
}

namespace {
constexpr bool is_continuation(int byte) { return byte >= 0x80 && byte < 0xC0; }
}  // namespace

void aho_corasick::compile() {
    if (trie_.empty()) {
        trie_.emplace_back();
        trie_.back().fill(-1);
        terminal_.emplace_back();
    }
    const std::size_t n = trie_.size();
    if (n > base_mask) throw std::length_error("aho_corasick: too many states");
    states_ = n;
    for (int c = 0; c < 256; ++c) {
        std::uint32_t column = is_continuation(c) ? other_columns + static_cast<std::uint32_t>(c - 0x80)
                                                  : static_cast<std::uint32_t>(c < 0x80 ? c : c - 0x40);
        byte_code_[static_cast<std::size_t>(c)] = column | (is_continuation(c) ? continuation_half : other_half);
    }

    // Rows of state ids, laid out as next_ will be; per state where its row starts and which
    // halves it keeps. The root keeps both, at 0.
    std::vector<std::uint32_t> ids(256, 0);
    std::vector<std::uint32_t> start(n, 0), kept(n, 0);
    kept[0] = halves;
    auto base_of = [&](std::size_t s) { return start[s] - ((kept[s] & other_half) ? 0 : other_columns); };
    // The full automaton's move from `s` (already laid out) on the byte of `code`.
    auto move = [&](std::size_t s, std::uint32_t code) {
        std::uint32_t column = code & column_mask;
        return (kept[s] & code & halves) ? ids[base_of(s) + column] : ids[column];
    };

    std::vector<std::int32_t> fail(n, 0);
    std::vector<std::int32_t> head(n, -1);  // per state: first output, or -1
    out_next_.clear();
    out_pattern_.clear();
    // Each state's outputs: its own patterns, then (by link) its failure state's outputs.
    auto link_outputs = [&](std::size_t s) {
        std::int32_t tail = s == 0 ? -1 : head[static_cast<std::size_t>(fail[s])];
        for (auto p : terminal_[s]) {
            out_pattern_.push_back(p);
            out_next_.push_back(tail);
            tail = static_cast<std::int32_t>(out_pattern_.size() - 1);
        }
        head[s] = tail;
    };

    std::queue<std::int32_t> q;
    link_outputs(0);
    for (int c = 0; c < 256; ++c) {
        std::int32_t t = trie_[0][static_cast<std::size_t>(c)];
        if (t > 0) {
            ids[byte_code_[static_cast<std::size_t>(c)] & column_mask] = static_cast<std::uint32_t>(t);
            q.push(t);
        }
    }
    std::array<std::uint32_t, 256> row{};  // one state's full row, by column
    while (!q.empty()) {
        auto s = static_cast<std::size_t>(q.front());
        q.pop();
        link_outputs(s);
        // Breadth first, so the failure state (shallower) is laid out already.
        auto f = static_cast<std::size_t>(fail[s]);
        for (int c = 0; c < 256; ++c) {
            std::uint32_t code = byte_code_[static_cast<std::size_t>(c)];
            std::int32_t t = trie_[s][static_cast<std::size_t>(c)];
            if (t > 0) {
                fail[static_cast<std::size_t>(t)] = static_cast<std::int32_t>(move(f, code));
                row[code & column_mask] = static_cast<std::uint32_t>(t);
                q.push(t);
            } else {
                row[code & column_mask] = move(f, code);
            }
        }
        bool other_as_root = std::equal(row.begin(), row.begin() + other_columns, ids.begin());
        bool continuation_as_root = std::equal(row.begin() + other_columns, row.end(), ids.begin() + other_columns);
        kept[s] = other_as_root ? continuation_half : continuation_as_root ? other_half : halves;
        start[s] = static_cast<std::uint32_t>(ids.size());
        if (kept[s] & other_half) ids.insert(ids.end(), row.begin(), row.begin() + other_columns);
        if (kept[s] & continuation_half) ids.insert(ids.end(), row.begin() + other_columns, row.end());
        if (ids.size() > base_mask) throw std::length_error("aho_corasick: table too large");
    }

    // State ids to values: base, kept halves, and whether there are outputs.
    next_.assign(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::size_t t = ids[i];
        next_[i] = static_cast<std::uint32_t>(base_of(t)) | kept[t] | (head[t] >= 0 ? has_output : 0);
    }
    out_head_.assign(ids.size() / 64 + 1, -1);
    for (std::size_t s = 0; s < n; ++s) out_head_[start[s] >> 6] = head[s];
    trie_.clear();
    trie_.shrink_to_fit();
    terminal_.clear();
}

}  // namespace lingting
