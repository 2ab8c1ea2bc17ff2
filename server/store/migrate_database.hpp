// `lingting migrate`: brings a database (either backend) to this build's schema, saying from
// which version to which. The store's constructor migrates on open as well; this is the same
// climb run on its own, so an operator can upgrade (and see that it happened) before a start.
#pragma once

#include "store/store_options.hpp"

#include <string>

namespace lingting {

struct schema_versions {
    int from = 0;  // what the database held (0: empty or new)
    int to = 0;    // what it holds now (this build's newest)
};

// The schema version stored in `url_or_path` without changing anything (0 for an SQLite file
// that does not exist yet or a database without Lingting's tables). Throws store_error if the
// database cannot be read.
int stored_schema_version(const std::string& url_or_path);

// The newest schema version this build knows for the backend `url_or_path` names.
int current_schema_version(const std::string& url_or_path);

// Opens `url_or_path` (creating an SQLite file if missing), migrates it and closes it. Throws
// store_error if it cannot: unreachable, or newer than this build.
schema_versions migrate_database(const std::string& url_or_path, const store_options& options);

}  // namespace lingting
