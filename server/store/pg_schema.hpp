// The PostgreSQL schema as an ordered list of migrations; the index + 1 is the version kept in
// the schema_version table. Version 1 is the SQLite schema at its version 8 (store/schema.cpp),
// translated, and each later version is SQLite's next (PostgreSQL 2 is SQLite 9): a change to the
// schema is a new entry here and a new entry there.
#pragma once

#include <span>
#include <string_view>

namespace lingting::pg_schema {

std::span<const std::string_view> migrations();

}  // namespace lingting::pg_schema
