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
// Every decoded key and string is valid UTF-8 too (see text_fault).
json_object parse_json_object(std::string_view body);

// What is wrong with the decoded text of a parsed document, if anything. RapidJSON validates the
// raw bytes and refuses a lone high surrogate escape (\ud800), but decodes a lone low one
// (\udc00-\udfff) into three bytes that are not UTF-8 (ED B0 80): SQLite would keep them and
// PostgreSQL refuse them, and a page reading them back sees U+FFFD. Only a \u escape can yield
// either fault, so a caller holding the raw text may skip the walk when it has none.
// `not_utf8` wins over `nul` wherever each is.
enum class text_fault { none, nul, not_utf8 };
text_fault find_text_fault(const rapidjson::Value& v);

// The string field `name`, whole, if present and a string.
std::optional<std::string> string_member(const rapidjson::Value& object, const char* name);

}  // namespace lingting
