#include "core/text_normalize.hpp"

#include <gtest/gtest.h>

using namespace lingting;

TEST(text_normalize, folds_width_and_case) {
    EXPECT_EQ(normalize_for_match("ＴＭＤ？"), "tmd?");
    EXPECT_EQ(normalize_for_match("BP 包皮"), "bp 包皮");
}

TEST(text_normalize, compact_drops_separators_between_characters) {
    EXPECT_EQ(normalize_compact("T M D"), "tmd");
    EXPECT_EQ(normalize_compact("T.M.D"), "tmd");
    EXPECT_EQ(normalize_compact("你 看、不懂。中文吗？"), "你看不懂中文吗");
}

TEST(text_normalize, drops_invalid_bytes_and_counts_code_points) {
    EXPECT_EQ(normalize_for_match("a\xff" "b"), "ab");
    EXPECT_EQ(utf8_length("你好ab"), 4u);
}
