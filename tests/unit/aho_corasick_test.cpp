#include "core/analysis/aho_corasick.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

using namespace lingting;

namespace {

std::set<std::pair<std::uint32_t, std::uint32_t>> all_hits(const aho_corasick& ac, std::string_view text) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> out;
    ac.scan(text, [&](aho_corasick::hit h) { out.insert({h.pattern, h.end}); });
    return out;
}

}  // namespace

TEST(aho_corasick, finds_overlapping_and_nested_patterns) {
    aho_corasick ac;
    auto he = ac.add("he"), she = ac.add("she"), his = ac.add("his"), hers = ac.add("hers");
    ac.compile();
    auto hits = all_hits(ac, "ushers");
    EXPECT_EQ(hits, (std::set<std::pair<std::uint32_t, std::uint32_t>>{{she, 4}, {he, 4}, {hers, 6}}));
    EXPECT_TRUE(all_hits(ac, "xyz").empty());
    (void)his;
}

TEST(aho_corasick, matches_utf8_phrases) {
    aho_corasick ac;
    auto p = ac.add("不好意思");
    ac.compile();
    auto hits = all_hits(ac, "真是不好意思啊");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits.begin()->first, p);
    EXPECT_EQ(hits.begin()->second, std::string("真是不好意思").size());
}

TEST(aho_corasick, agrees_with_naive_search_on_random_input) {
    std::mt19937 rng(7);
    auto random_string = [&](int len) {
        std::string s;
        for (int i = 0; i < len; ++i) s += static_cast<char>('a' + rng() % 3);
        return s;
    };
    for (int round = 0; round < 50; ++round) {
        aho_corasick ac;
        std::vector<std::string> pats;
        for (int i = 0; i < 8; ++i) {
            pats.push_back(random_string(1 + static_cast<int>(rng() % 4)));
            ac.add(pats.back());
        }
        ac.compile();
        std::string text = random_string(60);
        std::set<std::pair<std::uint32_t, std::uint32_t>> naive;
        for (std::uint32_t p = 0; p < pats.size(); ++p)
            for (auto pos = text.find(pats[p]); pos != std::string::npos; pos = text.find(pats[p], pos + 1))
                naive.insert({p, static_cast<std::uint32_t>(pos + pats[p].size())});
        EXPECT_EQ(all_hits(ac, text), naive) << "round " << round;
    }
}

namespace {

// Every occurrence of every pattern, found the slow way.
std::set<std::pair<std::uint32_t, std::uint32_t>> naive_hits(const std::vector<std::string>& pats, const std::string& text) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> out;
    for (std::uint32_t p = 0; p < pats.size(); ++p) {
        if (pats[p].empty()) continue;
        for (auto pos = text.find(pats[p]); pos != std::string::npos; pos = text.find(pats[p], pos + 1))
            out.insert({p, static_cast<std::uint32_t>(pos + pats[p].size())});
    }
    return out;
}

}  // namespace

// The table keeps half rows where a state answers a half of the bytes as the root does; any byte,
// in patterns or text, must still find exactly what the full automaton finds.
TEST(aho_corasick, agrees_with_naive_search_on_arbitrary_bytes) {
    std::mt19937 rng(11);
    // Bytes from each half (ASCII, continuation, lead) and their borders, so rows of every shape occur.
    const std::string alphabet = std::string("a\x7f\x80\xbf\xc0\xe4\xb8\xff", 8);
    for (int round = 0; round < 200; ++round) {
        aho_corasick ac;
        std::vector<std::string> pats;
        for (int i = 0; i < 12; ++i) {
            std::string p;
            for (int k = 1 + static_cast<int>(rng() % 5); k > 0; --k) p += alphabet[rng() % alphabet.size()];
            pats.push_back(p);
            ac.add(p);
        }
        ac.compile();
        std::string text;
        for (int k = 0; k < 200; ++k) text += alphabet[rng() % alphabet.size()];
        EXPECT_EQ(all_hits(ac, text), naive_hits(pats, text)) << "round " << round;
    }
}

// Chinese patterns over text with stray continuation and lead bytes (text the analyzer never
// gets, since it scans normalized text, but the automaton must not answer it wrongly).
TEST(aho_corasick, finds_utf8_patterns_around_broken_characters) {
    const std::vector<std::string> words = {"不好意思", "意思", "您好", "好的", "预约", "挂号", "思"};
    aho_corasick ac;
    for (auto& w : words) ac.add(w);
    ac.compile();
    std::mt19937 rng(5);
    const std::vector<std::string> pieces = {"不", "好", "意", "思", "您", "预", "约", "挂", "号", "的", "a",
                                             "\x80", "\xe4", "\xe4\xb8", "\xbf\xbf", "\xff"};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        for (int k = 0; k < 30; ++k) text += pieces[rng() % pieces.size()];
        EXPECT_EQ(all_hits(ac, text), naive_hits(words, text)) << "round " << round;
    }
}

// UTF-8 patterns keep small rows: a state inside a character keeps only its continuation bytes,
// one between characters only the rest. (The full table would be 1 KB per state.)
TEST(aho_corasick, keeps_half_rows_for_utf8_patterns) {
    aho_corasick ac;
    for (auto w : {"不好意思", "您好请问有什么可以帮您", "预约挂号", "医保报销", "专家门诊时间"}) ac.add(w);
    ac.compile();
    ASSERT_GT(ac.states(), 60u);
    EXPECT_LT(ac.table_bytes(), ac.states() * 256 * 4 / 2);
    EXPECT_EQ(all_hits(ac, "您好请问有什么可以帮您预约挂号").size(), 2u);
}
