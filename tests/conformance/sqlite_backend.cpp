// The SQLite backend for the conformance suite: a file in a fresh temporary folder per test.
#include "sqlite_backend.hpp"

#include "auth/password.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

#include <filesystem>

namespace lingting::conformance {
namespace {

std::string ms(time_point t) { return std::to_string(to_epoch_ms(t)); }

// The previous release's database, written with that release's migrations and plain SQL.
void seed_previous_sqlite(const std::string& path) {
    auto all = schema::migrations();
    // The previous release's schema (before findings.detail), not the newest but one: the
    // migration test climbs every migration since.
    const std::size_t previous = 8;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    sqlite::db d(path);
    d.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    for (std::size_t i = 0; i < previous; ++i) d.exec(all[i]);
    d.exec("INSERT INTO meta VALUES('schema_version', '" + std::to_string(previous) + "')");
    d.exec("INSERT INTO staff(name, role, departments, password_hash, created_at) "
           "VALUES('li', 'consultant', '男科', 'x', 0)");
    d.exec("INSERT INTO conversations(id, department, resume_hash, consultant, started_at, ended_at, ending) "
           "VALUES('old', '男科', '" + crypto::sha256_hex("old-token") + "', 'li', " + ms(t0) + ", " +
           ms(t0 + seconds{60}) + ", 'greeting')");
    d.exec("INSERT INTO messages(conversation, seq, sender, author, text, at) VALUES "
           "('old', 1, 'visitor', '', '你好', " + ms(t0) + "), "
           "('old', 2, 'consultant', 'li', '您好', " + ms(t0 + seconds{10}) + ")");
    d.exec(std::string(previous_release_finding_sql) + ms(t0 + seconds{10}) + ")");
}

}  // namespace

backend sqlite_backend() {
    return {
        "sqlite",
        {},
        [] {
            return (std::filesystem::temp_directory_path() / ("lingting-conformance-" + crypto::random_hex(6)) /
                    "store.db")
                .string();
        },
        seed_previous_sqlite,
        [](const std::string& path) {
            std::error_code ec;
            std::filesystem::remove_all(std::filesystem::path(path).parent_path(), ec);
        },
    };
}

}  // namespace lingting::conformance
