#include "core/clinic_time.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace lingting {

std::string clinic_time(time_point t, int offset_minutes) {
    auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::minutes{offset_minutes};
    auto day = std::chrono::floor<std::chrono::days>(local);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hms{local - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string utc_offset_name(int offset_minutes) {
    char buf[16];
    int a = std::abs(offset_minutes);
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

}  // namespace lingting
