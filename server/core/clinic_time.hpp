// Times as the clinic reads them outside the pages (CSV exports): wall-clock time at a fixed
// offset from UTC (China has no daylight saving; a clinic elsewhere sets its own offset).
#pragma once

#include "core/types.hpp"

#include <string>

namespace lingting {

// "2026-11-22 14:03:05" at `offset_minutes` east of UTC.
std::string clinic_time(time_point t, int offset_minutes);
// "UTC+08:00", "UTC-05:30": the zone named in a column heading.
std::string utc_offset_name(int offset_minutes);

}  // namespace lingting
