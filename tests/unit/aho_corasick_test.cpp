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
