// Query strings: percent-decoding and one parameter's value. Beast-free (fuzzed).
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace lingting {

// "a%20b" -> "a b"; nullopt on a malformed escape. The result may be any bytes: callers check
// UTF-8 where they need text.
std::optional<std::string> url_decode(std::string_view s);
// The value of `key` in "a=1&b=2" (decoded), or nullopt.
std::optional<std::string> query_param(std::string_view query, std::string_view key);
// `text` read whole as a decimal integer: "1.5", "1e9", "12abc" and "" are not numbers (from_chars
// alone stops at the first stray character and reads them as 1, 1 and 12).
inline bool whole_number(std::string_view text, int& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

}  // namespace lingting
