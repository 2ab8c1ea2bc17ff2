#include "store/migrate_database.hpp"

#include "store/open_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

#ifdef LINGTING_WITH_POSTGRES
#include "store/pg.hpp"
#include "store/pg_schema.hpp"
#endif

#include <filesystem>

namespace lingting {
namespace {

int sqlite_version(const std::string& path) {
    if (path != ":memory:" && !std::filesystem::exists(path)) return 0;
    sqlite::db d(path);
    sqlite::stmt has(d, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'");
    if (!has.step()) return 0;
    sqlite::stmt q(d, "SELECT value FROM meta WHERE key='schema_version'");
    return q.step() ? std::stoi(q.text(0)) : 0;
}

#ifdef LINGTING_WITH_POSTGRES
int postgres_version(const std::string& uri) {
    pg::connection c(uri);
    if (c.query("SELECT to_regclass('schema_version') IS NOT NULL").text(0, 0) != "t") return 0;
    auto r = c.query("SELECT version FROM schema_version");
    return r.rows() ? static_cast<int>(r.integer(0, 0)) : 0;
}
#else
[[noreturn]] void not_built(const std::string& url) {
    throw store_error("PostgreSQL support not built: this lingting was compiled without libpq, so it cannot open " +
                      url.substr(0, url.find(':')) + ":// databases (install libpq-dev and rebuild)");
}
#endif
}  // namespace

int stored_schema_version(const std::string& url_or_path) {
    if (backend_of(url_or_path) == store_backend::sqlite) return sqlite_version(url_or_path);
#ifdef LINGTING_WITH_POSTGRES
    return postgres_version(url_or_path);
#else
    not_built(url_or_path);
#endif
}

int current_schema_version(const std::string& url_or_path) {
    if (backend_of(url_or_path) == store_backend::sqlite) return static_cast<int>(schema::migrations().size());
#ifdef LINGTING_WITH_POSTGRES
    return static_cast<int>(pg_schema::migrations().size());
#else
    not_built(url_or_path);
#endif
}

schema_versions migrate_database(const std::string& url_or_path, const store_options& options) {
    schema_versions v;
    v.from = stored_schema_version(url_or_path);
    if (v.from > current_schema_version(url_or_path))
        throw store_error("database schema version " + std::to_string(v.from) + " is newer than this lingting knows (" +
                          std::to_string(current_schema_version(url_or_path)) + "): use a newer lingting");
    // The store migrates as it opens (one transaction per step on SQLite, the whole climb in
    // one on PostgreSQL, under the lock that keeps two nodes from migrating at once).
    open_store(url_or_path, options, [](const store_failure&) {}).reset();
    v.to = stored_schema_version(url_or_path);
    return v;
}

}  // namespace lingting
