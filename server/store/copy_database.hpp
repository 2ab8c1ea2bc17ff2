// `lingting copy --from DB --to DB`: one database's whole content into another of the other
// backend. Today SQLite into PostgreSQL (store/pg_copy.hpp), the way a clinic grows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lingting {

struct copied_table {
    std::string name;
    std::int64_t rows = 0;  // in the source, and (verified) in the target
};

// Copies `from` (an SQLite path) into `to` (a postgresql:// URI), in one transaction on the
// target; returns the rows per table. Throws store_error, with nothing written, for any other
// pair of backends, a build without PostgreSQL, a target that holds data (unless
// `replace_target`), or any failure on the way.
std::vector<copied_table> copy_database(const std::string& from, const std::string& to, bool replace_target);

}  // namespace lingting
