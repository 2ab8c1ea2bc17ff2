#include "core/json_writer.hpp"
#include "core/utf8.hpp"
#include "net/visitor_query.hpp"

#include <gtest/gtest.h>

namespace lingting {

TEST(utf8, validity_follows_rfc_3629) {
    EXPECT_TRUE(valid_utf8("男科 abc ✓ 😀"));
    EXPECT_TRUE(valid_utf8(""));
    for (std::string bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe7\x94",
                            "a\x80", "\xf8\x88\x80\x80\x80"})
        EXPECT_FALSE(valid_utf8(bad)) << testing::PrintToString(bad);
}

TEST(utf8, the_json_writer_never_emits_invalid_utf8) {
    json_writer w;
    w.begin_object().field("department", std::string_view("\xff男\xe7\x94")).key("\xc0k").value(1).end_object();
    auto out = w.str();
    EXPECT_TRUE(valid_utf8(out)) << out;
    EXPECT_NE(out.find("\xEF\xBF\xBD男"), std::string::npos) << "bad bytes become U+FFFD, good text stays";
}

TEST(utf8, prefix_cuts_at_a_character_boundary) {
    EXPECT_EQ(utf8_prefix("男科门诊", 4), "男");
    EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}

TEST(visitor_query, every_field_is_bounded_and_checked) {
    auto ok = [](std::string_view q) { return std::holds_alternative<visitor_query>(parse_visitor_query(q)); };
    auto q = std::get<visitor_query>(parse_visitor_query("department=%E7%94%B7%E7%A7%91&resume=ab12&after=7"));
    EXPECT_EQ(q.department, "男科");
    EXPECT_EQ(q.resume, "ab12");
    EXPECT_EQ(q.after, 7u);
    EXPECT_TRUE(std::get<visitor_query>(parse_visitor_query("browse=1")).browse);
    EXPECT_TRUE(ok(""));
    for (std::string bad : {"department=%FF", "department=%E7%94", "department=%zz", "resume=%FF", "resume=a.b",
                            "invitation=../x", "after=-1", "after=1x", "after=99999999999999999999999"})
        EXPECT_FALSE(ok(bad)) << bad;
    EXPECT_FALSE(ok("department=" + std::string(65, 'a')));
    // Parameters nobody reads, and repeats after a valid first value, are checked too.
    EXPECT_FALSE(ok("department=%E7%94%B7&utm_term=%FF"));
    EXPECT_FALSE(ok("department=%E7%94%B7&department=%FF"));
    EXPECT_FALSE(ok("x%FF=1"));
    EXPECT_FALSE(ok(std::string(5000, 'a')));
}

}  // namespace lingting
