// Query strings: percent-decoding and one parameter's value. Beast-free (fuzzed).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lingting {

// "a%20b" -> "a b"; nullopt on a malformed escape. The result may be any bytes: callers check
// UTF-8 where they need text.
std::optional<std::string> url_decode(std::string_view s);
// The value of `key` in "a=1&b=2" (decoded), or nullopt.
std::optional<std::string> query_param(std::string_view query, std::string_view key);

}  // namespace lingting
