#include "core/analysis/aho_corasick.hpp"

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

void aho_corasick::compile() {
    if (trie_.empty()) {
        trie_.emplace_back();
        trie_.back().fill(-1);
        terminal_.emplace_back();
    }
    std::size_t n = trie_.size();
    if (n > state_mask) throw std::length_error("aho_corasick: too many states");
    next_.assign(n * 256, 0);
    std::vector<std::int32_t> fail(n, 0);
    out_head_.assign(n, -1);
    out_next_.clear();
    out_pattern_.clear();
    // Each state's outputs: its own patterns, then (by link) its failure state's outputs.
    auto link_outputs = [&](std::int32_t s) {
        std::int32_t tail = out_head_[fail[s]];
        if (s == 0) tail = -1;
        for (auto p : terminal_[s]) {
            out_pattern_.push_back(p);
            out_next_.push_back(tail);
            tail = static_cast<std::int32_t>(out_pattern_.size() - 1);
        }
        out_head_[s] = tail;
    };
    std::queue<std::int32_t> q;
    link_outputs(0);
    for (int c = 0; c < 256; ++c) {
        std::int32_t t = trie_[0][c];
        if (t > 0) {
            fail[t] = 0;
            next_[static_cast<std::size_t>(c)] = static_cast<std::uint32_t>(t);
            q.push(t);
        } else {
            next_[static_cast<std::size_t>(c)] = 0;
        }
    }
    while (!q.empty()) {
        std::int32_t s = q.front();
        q.pop();
        link_outputs(s);
        for (int c = 0; c < 256; ++c) {
            std::int32_t t = trie_[s][c];
            if (t > 0) {
                fail[t] = static_cast<std::int32_t>(next_[static_cast<std::size_t>(fail[s]) * 256 + c]);
                next_[static_cast<std::size_t>(s) * 256 + c] = static_cast<std::uint32_t>(t);
                q.push(t);
            } else {
                next_[static_cast<std::size_t>(s) * 256 + c] = next_[static_cast<std::size_t>(fail[s]) * 256 + c];
            }
        }
    }
    // Flag every transition into a state with outputs, so a scan reads out_head_ only there.
    for (auto& t : next_)
        if (out_head_[t] >= 0) t |= has_output;
    trie_.clear();
    trie_.shrink_to_fit();
    terminal_.clear();
}

}  // namespace lingting
