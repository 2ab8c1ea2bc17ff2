// The flat key set behind the IME check's prefix sets and a conversation's client-id filter, and the
// flat map behind the word dictionary: every key inserted is found again across its growths, no
// other key is, and the key 0 (its empty-slot marker) is a key like the others.
#include "core/analysis/word_dictionary.hpp"
#include "core/key_set.hpp"
#include "core/resent_messages.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

using namespace lingting;

TEST(key_set, finds_every_key_inserted_across_its_growths_and_no_other) {
    key_set s;
    std::set<std::uint64_t> in;
    std::mt19937_64 rng(17);
    for (int i = 0; i < 5000; ++i) {
        // Hashes, and small packed values whose low bits alone would cluster.
        std::uint64_t k = i % 2 ? rng() : static_cast<std::uint64_t>(i) << 21;
        s.insert(k);
        in.insert(k);
        if (i % 499 == 0) {
            for (auto x : in) ASSERT_TRUE(s.contains(x)) << x << " after " << i + 1 << " inserts";
        }
    }
    EXPECT_EQ(s.size(), in.size());
    for (auto x : in) EXPECT_EQ(s.count(x), 1u);
    int absent = 0;
    for (int i = 0; i < 5000; ++i) {
        std::uint64_t k = rng();
        if (!in.contains(k)) {
            ++absent;
            EXPECT_FALSE(s.contains(k)) << k;
        }
    }
    EXPECT_GT(absent, 4990);
}

TEST(key_set, zero_is_a_key_and_duplicates_count_once) {
    key_set s;
    EXPECT_FALSE(s.contains(0));
    EXPECT_FALSE(s.contains(42));
    s.insert(0);
    s.insert(42);
    s.insert(42);
    EXPECT_TRUE(s.contains(0));
    EXPECT_TRUE(s.contains(42));
    EXPECT_EQ(s.size(), 2u);
    s.clear();
    EXPECT_FALSE(s.contains(0));
    EXPECT_FALSE(s.contains(42));
    EXPECT_EQ(s.size(), 0u);
}

TEST(key_map, keeps_each_keys_last_value_across_growths) {
    key_map<std::uint32_t> m;
    for (std::uint32_t i = 0; i < 3000; ++i) m.put(static_cast<std::uint64_t>(i) << 16, i);
    for (std::uint32_t i = 0; i < 3000; i += 2) m.put(static_cast<std::uint64_t>(i) << 16, i + 1);
    EXPECT_EQ(m.size(), 3000u);
    for (std::uint32_t i = 0; i < 3000; ++i) {
        const std::uint32_t* v = m.find(static_cast<std::uint64_t>(i) << 16);
        ASSERT_NE(v, nullptr) << i;
        EXPECT_EQ(*v, i % 2 ? i : i + 1) << i;
    }
    EXPECT_EQ(m.find(0)[0], 1u) << "key 0 (i = 0) was given 1";
    EXPECT_EQ(m.find(3000ull << 16), nullptr);
    m.clear();
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(m.find(0), nullptr);
}

// Words of the Basic Multilingual Plane live packed in the flat map; longer ones and those beyond
// it (𠮷, U+20BB7) in the string map beside it: the same answers from both.
TEST(word_dictionary, answers_alike_for_packed_and_unpacked_words) {
    word_dictionary d;
    d.add(U"检察院", 900);
    d.add(U"检察", 300);
    d.add(U"𠮷野家", 40);
    d.add(U"中华人民共和国", 7);
    EXPECT_EQ(d.size(), 4u);
    EXPECT_EQ(d.frequency(U"检察院"), 900u);
    EXPECT_EQ(d.frequency(U"检察"), 300u);
    EXPECT_EQ(d.frequency(U"𠮷野家"), 40u);
    EXPECT_EQ(d.frequency(U"中华人民共和国"), 7u);
    EXPECT_EQ(d.frequency(U"检"), 0u);
    EXPECT_EQ(d.frequency(U"察院"), 0u);
    EXPECT_EQ(d.frequency(U"野家"), 0u);
    EXPECT_EQ(d.frequency(U""), 0u);
    EXPECT_TRUE(d.inside_other_word(U"他在检察院工作", 2, 4, word_dictionary::overlap_rule::wrong_side));
    EXPECT_FALSE(d.inside_other_word(U"先做个检察吧", 3, 5, word_dictionary::overlap_rule::wrong_side));
}

TEST(client_id_filter, knows_every_id_added_and_never_the_empty_one) {
    client_id_filter f;
    for (int i = 0; i < 1000; ++i) f.add("m-" + std::to_string(i));
    f.add("");
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(f.may_contain("m-" + std::to_string(i))) << i;
    EXPECT_FALSE(f.may_contain("")) << "an empty client id is always a new message";
    int flagged = 0;
    for (int i = 1000; i < 3000; ++i) flagged += f.may_contain("m-" + std::to_string(i));
    EXPECT_EQ(flagged, 0) << "a new id may share a hash with an old one, but not here";
}
