// The database schema as an ordered list of migrations; the index + 1 is the schema version.
#pragma once

#include <span>
#include <string_view>

namespace lingting::schema {

std::span<const std::string_view> migrations();

}  // namespace lingting::schema
