// The one place a backend is chosen: `--database=` of the server and the CLI. A plain path is an
// SQLite file; a postgresql:// or postgres:// URI (any libpq connection URI, e.g.
// postgresql:///lingting?host=/run/postgresql) is PostgreSQL.
#pragma once

#include "core/message_store.hpp"
#include "store/store_options.hpp"

#include <memory>
#include <string>

namespace lingting {

enum class store_backend { sqlite, postgresql };

// Which backend `--database=` names (by its scheme only; nothing is opened).
store_backend backend_of(const std::string& url_or_path);

// `--database=` as it may be printed or logged: a PostgreSQL URI's password (user:PASSWORD@ or
// password=... in the query) replaced by ***. A path is returned as it is.
std::string printable_database(const std::string& url_or_path);

// Opens (creating if needed) and migrates the store `url_or_path` names. Throws store_error if it
// cannot: the database unreachable or newer than this server, or PostgreSQL asked of a build
// without it ("PostgreSQL support not built"). `on_failure` hears of every failed write and
// commit (default: one line on stderr).
std::unique_ptr<message_store> open_store(const std::string& url_or_path, const store_options& options = {},
                                          store_failure_sink on_failure = {});

}  // namespace lingting
