// Sets and maps of 64-bit keys: open addressing with linear probing in one flat array. A lookup
// is answered from one or two adjacent slots, where std::unordered_set/map take a modulo and a
// node chase (and a node allocation per insert). Used where a key is asked on every character or
// every message: the IME check's prefix sets, a conversation's client-id hashes, and the word
// frequencies of the segmentation dictionary (words packed into their key).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace lingting {

template <class Value>
class key_map {
public:
    // Inserts k, or gives it the new value. The table grows (to stay at most half full) only for a
    // new key.
    void put(std::uint64_t k, Value v) {
        if (k == 0) {
            zero_ = std::move(v);
            has_zero_ = true;
            return;
        }
        std::size_t i = keys_.empty() ? 0 : slot_of(keys_, k);
        if (keys_.empty() || keys_[i] != k) {
            if ((size_ + 1) * 2 > keys_.size()) {
                rehash(std::max<std::size_t>(min_slots, keys_.size() * 2));
                i = slot_of(keys_, k);
            }
            keys_[i] = k;
            ++size_;
        }
        values_[i] = std::move(v);
    }
    // Null if k is absent.
    const Value* find(std::uint64_t k) const {
        if (k == 0) return has_zero_ ? &zero_ : nullptr;
        if (keys_.empty()) return nullptr;
        std::size_t i = slot_of(keys_, k);
        return keys_[i] == k ? &values_[i] : nullptr;
    }
    std::size_t size() const { return size_ + (has_zero_ ? 1 : 0); }
    bool empty() const { return size() == 0; }
    void clear() {
        keys_.clear();
        values_.clear();
        size_ = 0;
        has_zero_ = false;
    }

private:
    static constexpr std::size_t min_slots = 16;
    // Fibonacci hashing: the keys may be hashes already, or packed code points whose low bits
    // alone would cluster. The product's top bits are the ones every bit of the key reaches (a
    // word's fourth character, in the top 16 bits of its key, reaches no lower ones).
    static std::size_t index(std::uint64_t k, std::size_t n) {
        return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> (64 - std::countr_zero(n)));
    }
    // k's slot, or the empty slot where it would go.
    static std::size_t slot_of(const std::vector<std::uint64_t>& keys, std::uint64_t k) {
        std::size_t i = index(k, keys.size());
        while (keys[i] != k && keys[i] != 0) i = (i + 1) & (keys.size() - 1);
        return i;
    }
    void rehash(std::size_t n) {
        std::vector<std::uint64_t> keys(n, 0);
        std::vector<Value> values(n);
        for (std::size_t j = 0; j < keys_.size(); ++j)
            if (keys_[j]) {
                std::size_t i = slot_of(keys, keys_[j]);
                keys[i] = keys_[j];
                values[i] = std::move(values_[j]);
            }
        keys_.swap(keys);
        values_.swap(values);
    }
    std::vector<std::uint64_t> keys_;  // a power of two long; 0: empty (key 0 is has_zero_)
    std::vector<Value> values_;        // beside keys_, slot for slot
    std::size_t size_ = 0;             // keys in keys_
    Value zero_{};
    bool has_zero_ = false;
};

class key_set {
public:
    void insert(std::uint64_t k) { keys_.put(k, {}); }
    std::size_t count(std::uint64_t k) const { return contains(k) ? 1 : 0; }
    bool contains(std::uint64_t k) const { return keys_.find(k) != nullptr; }
    std::size_t size() const { return keys_.size(); }
    void clear() { keys_.clear(); }

private:
    struct nothing {};
    key_map<nothing> keys_;
};

}  // namespace lingting
