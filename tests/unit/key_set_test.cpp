// The flat key set behind the IME check's prefix sets and a conversation's client-id filter: every
// key inserted is found again across its growths, no other key is, and the key 0 (its empty-slot
// marker) is a key like the others.
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
