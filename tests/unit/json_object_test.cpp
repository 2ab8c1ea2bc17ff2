#include "core/json_object.hpp"

#include <gtest/gtest.h>

using namespace lingting;

TEST(json_object, takes_an_object_and_reads_whole_strings) {
    auto body = parse_json_object(R"({"title":"预约","n":3,"list":["a"]})");
    ASSERT_TRUE(body) << body.problem;
    EXPECT_EQ(string_member(body.doc, "title"), "预约");
    EXPECT_EQ(string_member(body.doc, "n"), std::nullopt) << "not a string";
    EXPECT_EQ(string_member(body.doc, "absent"), std::nullopt);
}

TEST(json_object, refuses_what_is_not_one_clean_object) {
    for (const char* bad : {"", "not json", "[1]", "\"s\"", "{\"a\":\"\xff\"}", "{\"a\":1} x"}) {
        auto body = parse_json_object(bad);
        EXPECT_FALSE(body) << bad;
        EXPECT_EQ(body.problem, "请求格式错误。") << bad;
    }
}

// Wherever the NUL hides (a value, a key, deep in an array), the body is refused as a whole.
TEST(json_object, refuses_a_nul_anywhere) {
    for (const char* bad : {R"({"text":"a\u0000b"})", R"({"a\u0000":"x"})", R"({"x":{"y":["ok","\u0000"]}})"}) {
        auto body = parse_json_object(bad);
        EXPECT_FALSE(body) << bad;
        EXPECT_EQ(body.problem, "请求含有无效字符。") << bad;
    }
    EXPECT_TRUE(parse_json_object(R"({"text":"a\u0001b","x":[{"y":"z"}]})"));
}
