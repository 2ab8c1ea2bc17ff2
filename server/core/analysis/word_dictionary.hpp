// Word frequencies from a real segmentation dictionary (python3-jieba's dict.txt: "word freq tag"
// a line), so that a short lexicon entry counts only where it is a word: 检察 is no typo inside
// 检察院, 去死 is no curse inside 去死皮. Loaded as data at lexicon load, keeping only the words
// that share a character with a short entry (the only words that can overlap one).
#pragma once

#include "core/key_set.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace lingting {

class word_dictionary {
public:
    // Reads path; keeps words of 2 to 4 characters holding one of `wanted` code points.
    // Returns false if the file cannot be read (the dictionary then stays empty).
    bool load(const std::string& path, const std::unordered_set<char32_t>& wanted);
    void add(const std::u32string& word, std::uint32_t freq) {
        if (auto k = packed(word)) packed_.put(*k, freq);
        else others_[word] = freq;
    }
    // 0 if not a word. Asked several times per short lexicon hit: a word of the Basic
    // Multilingual Plane (nearly all) is one flat-table probe, no hashing of a string.
    std::uint32_t frequency(std::u32string_view word) const {
        if (auto k = packed(word)) {
            const std::uint32_t* f = packed_.find(*k);
            return f ? *f : 0;
        }
        if (others_.empty()) return 0;
        thread_local std::u32string key;  // reused: no allocation per lookup
        key.assign(word);
        auto it = others_.find(key);
        return it == others_.end() ? 0 : it->second;
    }
    std::size_t size() const { return packed_.size() + others_.size(); }
    bool empty() const { return size() == 0; }

    enum class overlap_rule {
        // A phrase (a forbidden entry): only words that cut it count (去死吧 is still 去死; 死皮 in
        // 去死皮 cuts it), however rare (靠窗, counted 3 times, keeps 我靠窗 clean).
        phrase,
        // A typo's wrong side, no word itself: words holding it count too (检察 in 检察院), but not
        // those counted fewer than min_wrong_side_frequency times, at which jieba's list holds cuts
        // of its training text more than words (子花, 4, would keep 电子花票 from reading as 发票).
        wrong_side,
    };
    static constexpr std::uint32_t min_wrong_side_frequency = 10;
    // True if a word of the dictionary overlaps [begin, end) of the sentence and reaches out of
    // it, and is at least as frequent as the span itself as a word: the span is then part of
    // another word, not a word of its own.
    bool inside_other_word(std::u32string_view sentence, std::size_t begin, std::size_t end, overlap_rule rule) const;

private:
    // Up to four code points below U+10000, none of them 0, as one key (16 bits each).
    static std::optional<std::uint64_t> packed(std::u32string_view word) {
        if (word.empty() || word.size() > 4) return std::nullopt;
        std::uint64_t k = 0;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (word[i] == 0 || word[i] > 0xFFFF) return std::nullopt;
            k |= static_cast<std::uint64_t>(word[i]) << (16 * i);
        }
        return k;
    }
    key_map<std::uint32_t> packed_;
    std::unordered_map<std::u32string, std::uint32_t> others_;  // longer words, or beyond the BMP
};

}  // namespace lingting
