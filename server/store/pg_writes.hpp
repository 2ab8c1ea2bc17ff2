// The live writes (store_write) as PostgreSQL statements, and a conversation's visit row.
// Only server/store/pg_*.cpp include this.
#pragma once

#include "core/store_write.hpp"
#include "store/pg.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lingting::pg_writes {

// Appends the statements that carry out `w` (one, or two for a conversation with a visit).
void statements_for(const store_write& w, std::vector<pg::statement>& out);

std::optional<visit_record> load_visit(const pg::connection& db, const std::string& conversation);

}  // namespace lingting::pg_writes
