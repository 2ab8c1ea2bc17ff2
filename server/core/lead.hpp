// A lead: what a visitor left when nobody of the department could answer (defect 9 of #11).
// Consultants see the open ones and close them (who, when).
#pragma once

#include "core/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace lingting {

struct lead {
    std::int64_t id = 0;
    std::string name, phone, message, department;
    std::string address;  // the visitor's, for the log of abuse; never shown to staff
    time_point created{};
    std::optional<time_point> closed_at;
    std::string closed_by;
};

// The visitor's form, as posted: every field hostile until checked.
struct lead_form_error {
    std::string field;    // which field ("" for the body as a whole)
    std::string message;  // zh-CN, for the page
};

// Field limits, in bytes of UTF-8.
namespace lead_limits {
constexpr std::size_t name = 64;
constexpr std::size_t phone = 32;
constexpr std::size_t message = 2000;
constexpr std::size_t department = 64;
}  // namespace lead_limits

// Checks the posted JSON object ({"name","phone","message","department"}): valid UTF-8, no
// control characters, each field within its limit, a phone number of 7 to 15 digits (spaces,
// '+', '-', parentheses allowed between them; loose on purpose: landlines, mobiles, extensions
// with '-'). The department is returned as asked; the caller maps it to a clinic department.
std::variant<lead, lead_form_error> parse_lead_form(std::string_view body);

}  // namespace lingting
