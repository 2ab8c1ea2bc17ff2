#include "core/types.hpp"

#include <cstdio>
#include <ctime>

namespace lingting {

std::string_view to_string(role r) {
    switch (r) {
    case role::visitor: return "visitor";
    case role::consultant: return "consultant";
    case role::supervisor: return "supervisor";
    case role::qa: return "qa";
    }
    return "?";
}

std::string_view to_string(ending e) {
    switch (e) {
    case ending::greeting: return "greeting";
    case ending::visitor: return "visitor";
    case ending::consultant: return "consultant";
    case ending::system: return "system";
    }
    return "?";
}

std::string_view to_string(sender s) {
    switch (s) {
    case sender::visitor: return "visitor";
    case sender::consultant: return "consultant";
    case sender::system: return "system";
    }
    return "?";
}

std::optional<role> parse_role(std::string_view s) {
    return parse_named(s, {role::visitor, role::consultant, role::supervisor, role::qa});
}

std::optional<ending> parse_ending(std::string_view s) {
    return parse_named(s, {ending::greeting, ending::visitor, ending::consultant, ending::system});
}

std::string iso8601(time_point t) {
    auto ms = std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = static_cast<int>(ms - static_cast<long long>(secs) * 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
    return buf;
}

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}
}  // namespace

std::optional<time_point> parse_iso8601(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, se))
        return std::nullopt;
    // Years outside 1970..2200 are typos, and far ones would overflow the nanosecond clock.
    if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return std::nullopt;
    std::size_t pos = 19;
    long long frac_ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int scale = 100, n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            frac_ms += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++n;
        }
        if (n == 0) return std::nullopt;
    }
    long long offset_s = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om))
            return std::nullopt;
        offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;  // a zone is required: local times are ambiguous
    }
    if (pos != s.size()) return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    long long epoch = static_cast<long long>(timegm(&tm)) - offset_s;
    return time_point{milliseconds{epoch * 1000 + frac_ms}};
}

}  // namespace lingting
