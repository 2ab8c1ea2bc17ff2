// Leave-a-message leads (defect 9 of #11): the visitor's form as hostile input and the
// per-address limit. (The store's side, every backend: tests/conformance/desk_conformance.cpp.)
#include "core/lead.hpp"
#include "core/lead_rate_limit.hpp"

#include <gtest/gtest.h>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

lead_form_error refused(std::string_view body) {
    auto r = parse_lead_form(body);
    if (auto* e = std::get_if<lead_form_error>(&r)) return *e;
    ADD_FAILURE() << "accepted: " << body;
    return {};
}

}  // namespace

TEST(lead_form, a_plain_form_is_read_and_trimmed) {
    auto r = parse_lead_form(R"({"name":" 王女士 ","phone":"138 0013 8000","message":"想预约周六\n上午","department":"妇科"})");
    ASSERT_TRUE(std::holds_alternative<lead>(r)) << std::get<lead_form_error>(r).message;
    auto& l = std::get<lead>(r);
    EXPECT_EQ(l.name, "王女士");
    EXPECT_EQ(l.phone, "138 0013 8000");
    EXPECT_EQ(l.message, "想预约周六\n上午");
    EXPECT_EQ(l.department, "妇科");
}

TEST(lead_form, phone_numbers_are_checked_loosely) {
    for (auto ok : {"13800138000", "+86 138-0013-8000", "(010) 6552 8899", "0755-8888888-123"})
        EXPECT_TRUE(std::holds_alternative<lead>(parse_lead_form(std::string(R"({"phone":")") + ok + "\"}"))) << ok;
    for (auto bad : {"123456", "1380013800012345", "138abc00138", "电话13800138000", ""})
        EXPECT_EQ(refused(std::string(R"({"phone":")") + bad + "\"}").field, "phone") << bad;
    EXPECT_EQ(refused(R"({"name":"李"})").field, "phone") << "phone is required";
    EXPECT_EQ(refused(R"({"phone":13800138000})").field, "phone") << "a number is not a string";
}

TEST(lead_form, every_field_is_capped_and_checked_as_utf8_without_control_characters) {
    std::string long_name(65, 'a');
    EXPECT_EQ(refused(R"({"phone":"13800138000","name":")" + long_name + "\"}").field, "name");
    std::string long_message;
    for (int i = 0; i < 667; ++i) long_message += "字";  // 2,001 bytes
    EXPECT_EQ(refused(R"({"phone":"13800138000","message":")" + long_message + "\"}").field, "message");
    EXPECT_EQ(refused(R"({"phone":"13800138000","department":")" + std::string(65, 'x') + "\"}").field, "department");
    EXPECT_EQ(refused("{\"phone\":\"13800138000\",\"name\":\"\xff\xfe\"}").field, "") << "invalid UTF-8 is not JSON";
    EXPECT_EQ(refused(R"({"phone":"13800138000","name":"a\u0000b"})").field, "name") << "NUL inside";
    EXPECT_EQ(refused(R"({"phone":"13800138000","name":"a\nb"})").field, "name") << "line breaks only in the message";
    EXPECT_EQ(refused(R"({"phone":"13800138000","message":"a\u001bb"})").field, "message");
    EXPECT_EQ(refused(R"(["phone"])").field, "");
    EXPECT_EQ(refused("not json").field, "");
}

TEST(lead_rate_limit, five_an_hour_per_address_then_the_wait_until_the_window_ends) {
    lead_rate_limit limit(5);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(limit.take("198.51.100.1", t0 + seconds{i}), milliseconds{0});
    auto wait = limit.take("198.51.100.1", t0 + seconds{10});
    EXPECT_EQ(wait, milliseconds{3'600'000 - 10'000});
    EXPECT_EQ(limit.take("198.51.100.2", t0 + seconds{10}), milliseconds{0}) << "another address";
    EXPECT_EQ(limit.take("198.51.100.1", t0 + milliseconds{3'600'000}), milliseconds{0}) << "a new hour";
}

TEST(lead_rate_limit, memory_is_bounded) {
    lead_rate_limit limit(1, 100);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(limit.take("a" + std::to_string(i), t0), milliseconds{0});
    // The map was emptied on the way, so an early address may post again: bounded, not exact.
    EXPECT_GT(limit.take("a999", t0), milliseconds{0}) << "a recent address is still counted";
}
