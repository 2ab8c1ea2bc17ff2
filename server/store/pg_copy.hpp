// `lingting copy`: an SQLite database moved into PostgreSQL, for a clinic that outgrows one
// machine. Every table is copied row for row with its keys (conversation ids, message seqs,
// finding and verdict ids, token hashes), so what QA sees on the new store is what it saw on
// the old one; PostgreSQL's serials are set past the copied ids.
#pragma once

#include "store/copy_database.hpp"

#include <string>
#include <vector>

namespace lingting {

// Copies the SQLite database at `sqlite_path` into the PostgreSQL database `postgres_uri`.
// Both are first brought to this build's schema (as opening them for the server would). The
// source is read in one read transaction (a consistent snapshot; a server may keep running on
// it, what it writes later is not copied); the target is written in one transaction with its
// tables locked, so the copy lands whole or not at all. Refuses (store_error, nothing written)
// a target holding any row unless `replace_target`, which empties the target first, in the same
// transaction; also refuses a table or column either side has that the copy does not know (a
// newer schema must not lose data silently). Row counts are compared per table before COMMIT.
std::vector<copied_table> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_uri,
                                                  bool replace_target);

}  // namespace lingting
