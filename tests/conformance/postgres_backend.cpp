// The PostgreSQL backend for the conformance suite: one temporary server for the run (initdb into
// a folder under /tmp, a Unix socket only), a fresh database per test.
#include "postgres_backend.hpp"

#include "auth/password.hpp"
#include "store/pg.hpp"
#include "store/pg_schema.hpp"
#include "support/pg_server.hpp"

#include <memory>

namespace lingting::conformance {
namespace {

testing::pg_server& server() {
    static auto s = std::make_unique<testing::pg_server>();  // torn down at exit
    return *s;
}

std::string ms(time_point t) { return std::to_string(to_epoch_ms(t)); }

// The previous release's database, written with that release's migrations and plain SQL.
void seed_previous_postgres(const std::string& uri) {
    auto all = pg_schema::migrations();
    // The previous release's schema (before findings.detail), not the newest but one: the
    // migration test climbs every migration since.
    const std::size_t previous = 1;
    pg::connection c(uri);
    c.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
    for (std::size_t i = 0; i < previous; ++i) c.exec(all[i]);
    c.exec("INSERT INTO schema_version VALUES (" + std::to_string(previous) + ")");
    c.exec("INSERT INTO staff(name, role, departments, password_hash, created_at) "
           "VALUES('li', 'consultant', '男科', 'x', 0)");
    c.exec("INSERT INTO conversations(id, department, resume_hash, consultant, started_at, ended_at, ending) "
           "VALUES('old', '男科', '" + crypto::sha256_hex("old-token") + "', 'li', " + ms(t0) + ", " +
           ms(t0 + seconds{60}) + ", 'greeting')");
    c.exec("INSERT INTO messages(conversation, seq, sender, author, text, at) VALUES "
           "('old', 1, 'visitor', '', '你好', " + ms(t0) + "), "
           "('old', 2, 'consultant', 'li', '您好', " + ms(t0 + seconds{10}) + ")");
    c.exec(std::string(previous_release_finding_sql) + ms(t0 + seconds{10}) + ")");
}

}  // namespace

backend postgres_backend() {
    return {
        "postgresql",
        [] { return testing::pg_server::missing(); },
        [] { return server().create_database(); },
        seed_previous_postgres,
        {},  // the databases go with the server's folder at exit
    };
}

}  // namespace lingting::conformance
