#include "core/protocol.hpp"
#include "core/types.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using proto::error_code;

namespace {

error_code error_of(std::string_view text) {
    auto r = proto::decode(text);
    auto* e = std::get_if<proto::decode_error>(&r);
    EXPECT_NE(e, nullptr) << text;
    return e ? e->code : error_code::blocked;
}

}  // namespace

TEST(protocol, decodes_say_with_optional_conversation) {
    auto r = proto::decode(R"({"type":"say","text":"你好","id":"c1"})");
    auto* f = std::get_if<proto::client_frame>(&r);
    ASSERT_NE(f, nullptr);
    auto& s = std::get<proto::say>(*f);
    EXPECT_EQ(s.text, "你好");
    EXPECT_EQ(s.id, "c1");
    EXPECT_EQ(s.conversation, "");

    r = proto::decode(R"({"type":"say","text":"x","id":"2","conversation":"abc"})");
    EXPECT_EQ(std::get<proto::say>(std::get<proto::client_frame>(r)).conversation, "abc");
}

// The decoder parses in buffers on its own stack and grows into the heap past them (session 33): texts
// of every size around those buffers, escaped or not, come out whole.
TEST(protocol, decodes_texts_of_every_size_around_its_stack_buffers) {
    for (std::size_t chars : {1u, 300u, 2'700u, 2'800u, 8'000u, 20'000u}) {
        std::string text, plain, escaped;  // the text; as JSON with only the quotes escaped; all escaped
        for (std::size_t i = 0; i < chars; ++i) {
            text += i % 7 == 0 ? "\"" : "聆";
            plain += i % 7 == 0 ? "\\\"" : "聆";
            escaped += i % 7 == 0 ? "\\\"" : "\\u8046";
        }
        for (const std::string& body : {plain, escaped}) {
            std::string json = R"({"type":"say","id":"c1","text":")" + body + R"(","conversation":"abc"})";
            auto r = proto::decode(json);
            auto* f = std::get_if<proto::client_frame>(&r);
            ASSERT_NE(f, nullptr) << chars;
            auto& s = std::get<proto::say>(*f);
            EXPECT_EQ(s.text, text) << chars;
            EXPECT_EQ(s.conversation, "abc") << chars;
        }
    }
}

TEST(protocol, refuses_bad_input_with_stable_codes) {
    struct { const char* text; error_code code; } cases[] = {
        {"", error_code::bad_json},
        {"{", error_code::bad_json},
        {"[1,2]", error_code::bad_json},
        {R"({"type":"say","text":"a","id":"1"} trailing)", error_code::bad_json},
        {R"({"text":"a"})", error_code::bad_frame},
        {R"({"type":7})", error_code::bad_frame},
        {R"({"type":"fly"})", error_code::unknown_type},
        {R"({"type":"say","id":"1"})", error_code::bad_frame},
        {R"({"type":"say","text":5,"id":"1"})", error_code::bad_frame},
        {R"({"type":"say","text":"a","id":1})", error_code::bad_frame},
        {R"({"type":"say","text":"","id":"1"})", error_code::bad_frame},
        {R"({"type":"say","text":"a","id":"1","conversation":3})", error_code::bad_frame},
        {R"({"type":"end"})", error_code::bad_frame},
        {R"({"type":"transfer","conversation":"a"})", error_code::bad_frame},
        {R"({"type":"rate","satisfied":"yes"})", error_code::bad_frame},
        {"{\"type\":\"say\",\"text\":\"\xff\xfe\",\"id\":\"1\"}", error_code::bad_json},
    };
    for (auto& c : cases) EXPECT_EQ(error_of(c.text), c.code) << c.text;
}

TEST(protocol, every_code_has_a_name_and_a_chinese_message) {
    for (int i = 0; i <= static_cast<int>(error_code::conversation_full); ++i) {
        auto c = static_cast<error_code>(i);
        EXPECT_NE(proto::to_string(c), "?");
        EXPECT_FALSE(proto::user_message(c).empty());
    }
}

TEST(protocol, iso8601_round_trips_and_rejects_zoneless_times) {
    auto t = parse_iso8601("2026-11-22T23:42:29.123Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(iso8601(*t), "2026-11-22T23:42:29.123Z");
    auto shanghai = parse_iso8601("2026-11-23T07:42:29.123+08:00");
    ASSERT_TRUE(shanghai);
    EXPECT_EQ(*shanghai, *t);
    EXPECT_FALSE(parse_iso8601("2026-11-22T23:42:29"));
    EXPECT_FALSE(parse_iso8601("2026-13-22T23:42:29Z"));
    EXPECT_FALSE(parse_iso8601("yesterday"));
    // Found by the transcript fuzzer: year 1014 overflowed the nanosecond clock.
    EXPECT_FALSE(parse_iso8601("1014-01-01T00:00:00Z"));
    EXPECT_FALSE(parse_iso8601("9999-01-01T00:00:00Z"));
}

// A NUL cannot be stored alike everywhere (PostgreSQL refuses it in text, C APIs cut there):
// whichever field carries one, the frame is refused and says which field.
TEST(protocol, refuses_a_nul_in_any_string_field) {
    const char* frames[] = {
        R"({"type":"say","text":"a\u0000b","id":"1"})",
        R"({"type":"say","text":"ab","id":"1\u0000"})",
        R"({"type":"say","text":"ab","id":"1","conversation":"c\u00001"})",
        R"({"type":"transfer","conversation":"c1","to":"li","note":"x\u0000"})",
        R"({"type":"check","text":"\u0000"})",
        R"({"type":"rate","satisfied":true,"comment":"ok\u0000"})",
    };
    for (auto* text : frames) {
        auto r = proto::decode(text);
        auto* e = std::get_if<proto::decode_error>(&r);
        ASSERT_NE(e, nullptr) << text;
        EXPECT_EQ(e->code, error_code::bad_frame) << text;
        EXPECT_NE(e->detail.find("NUL"), std::string::npos) << e->detail;
    }
    EXPECT_TRUE(std::holds_alternative<proto::client_frame>(proto::decode(R"({"type":"say","text":"a\u0001b","id":"1"})")));
}
