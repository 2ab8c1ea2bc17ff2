// Vocabulary shared by every layer: roles, endings, senders and time.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace lingting {

// Wall-clock time with millisecond meaning; the core only ever receives it as an argument.
using time_point = std::chrono::system_clock::time_point;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Identifies one WebSocket connection inside the core; assigned by the shell, never reused.
using session_id = std::uint64_t;

enum class role { visitor, consultant, supervisor, qa };
enum class ending { greeting, visitor, consultant, system };
enum class sender { visitor, consultant, system };

std::string_view to_string(role r);
std::string_view to_string(ending e);
std::string_view to_string(sender s);
std::optional<role> parse_role(std::string_view s);
std::optional<ending> parse_ending(std::string_view s);

// The enumerator among `all` whose to_string() is `s`: the one parse for every named enum.
template <class E>
std::optional<E> parse_named(std::string_view s, std::initializer_list<E> all) {
    for (E e : all)
        if (to_string(e) == s) return e;
    return std::nullopt;
}

// Milliseconds since the Unix epoch: how the store and the API keep times.
inline std::int64_t to_epoch_ms(time_point t) {
    return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}
inline time_point from_epoch_ms(std::int64_t ms) { return time_point{milliseconds{ms}}; }

// "2026-11-22T23:42:29.123Z": UTC, millisecond precision.
std::string iso8601(time_point t);
// Accepts "Z" or "+hh:mm"/"-hh:mm" zones and optional fractional seconds; nullopt if malformed.
std::optional<time_point> parse_iso8601(std::string_view s);

}  // namespace lingting
