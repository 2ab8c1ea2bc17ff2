// The visit side of the SQLite store (issue 13): a conversation's visit row, read and written
// by sqlite_store; the keyword report and the spend import live in sqlite_keywords.cpp.
#pragma once

#include "core/visit_source.hpp"
#include "store/sqlite.hpp"

#include <optional>
#include <string>

namespace lingting {

extern const char* const visit_insert_sql;
// Binds a visit to a statement prepared from visit_insert_sql.
sqlite::stmt& bind_visit(sqlite::stmt& q, const std::string& conversation, const visit_record& v);
std::optional<visit_record> load_visit(const sqlite::db& d, const std::string& conversation);

}  // namespace lingting
