// A set of 64-bit keys: open addressing with linear probing in one flat array. Membership is
// answered from one or two adjacent slots, where std::unordered_set takes a modulo and a node
// chase (and a node allocation per insert). Used where a set is asked on every character or every
// message: the IME check's prefix sets and a conversation's client-id hashes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lingting {

class key_set {
public:
    void insert(std::uint64_t k) {
        if (k == 0) {
            has_zero_ = true;
            return;
        }
        if ((size_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(min_slots, slots_.size() * 2));
        if (place(slots_, k)) ++size_;
    }
    std::size_t count(std::uint64_t k) const { return contains(k) ? 1 : 0; }
    bool contains(std::uint64_t k) const {
        if (k == 0) return has_zero_;
        if (slots_.empty()) return false;
        for (std::size_t i = index(k, slots_.size());; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == k) return true;
            if (slots_[i] == 0) return false;
        }
    }
    std::size_t size() const { return size_ + (has_zero_ ? 1 : 0); }
    void clear() {
        slots_.clear();
        size_ = 0;
        has_zero_ = false;
    }

private:
    static constexpr std::size_t min_slots = 16;
    // Fibonacci hashing: the keys may be hashes already, or packed code points whose low bits
    // alone would cluster.
    static std::size_t index(std::uint64_t k, std::size_t n) {
        return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 20) & (n - 1);
    }
    static bool place(std::vector<std::uint64_t>& slots, std::uint64_t k) {
        for (std::size_t i = index(k, slots.size());; i = (i + 1) & (slots.size() - 1)) {
            if (slots[i] == k) return false;
            if (slots[i] == 0) {
                slots[i] = k;
                return true;
            }
        }
    }
    void rehash(std::size_t n) {
        std::vector<std::uint64_t> next(n, 0);
        for (auto k : slots_)
            if (k) place(next, k);
        slots_.swap(next);
    }
    std::vector<std::uint64_t> slots_;  // a power of two long; 0: empty (key 0 is has_zero_)
    std::size_t size_ = 0;              // keys in slots_
    bool has_zero_ = false;
};

}  // namespace lingting
