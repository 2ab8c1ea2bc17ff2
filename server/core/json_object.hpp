// One JSON object from a request body (the HTTP API, the leave-a-message form), checked once for
// everything no handler should have to think about again.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace lingting {

struct json_object {
    rapidjson::Document doc;
    // Empty when `doc` is a usable object; otherwise a zh-CN sentence for whoever sent it.
    std::string_view problem;
    explicit operator bool() const { return problem.empty(); }
};

// Parses `body` as a JSON object: valid UTF-8, an object at the top, and no NUL character in any
// key or string anywhere in it. None of our fields can carry a NUL: a C API would cut the text
// there, and PostgreSQL refuses it outright, so one backend would keep what the other loses.
json_object parse_json_object(std::string_view body);

// The string field `name`, whole, if present and a string.
std::optional<std::string> string_member(const rapidjson::Value& object, const char* name);

}  // namespace lingting
