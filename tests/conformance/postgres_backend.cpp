// The PostgreSQL backend for the conformance suite: one temporary server for the run (initdb into
// a folder under /tmp, a Unix socket only), a fresh database per test.
#include "postgres_backend.hpp"

#include "support/pg_server.hpp"

#include <memory>

namespace lingting::conformance {
namespace {

testing::pg_server& server() {
    static auto s = std::make_unique<testing::pg_server>();  // torn down at exit
    return *s;
}

}  // namespace

backend postgres_backend() {
    return {
        "postgresql",
        [] { return testing::pg_server::missing(); },
        [] { return server().create_database(); },
        {},  // one schema version so far: no earlier database to migrate from
        {},  // the databases go with the server's folder at exit
    };
}

}  // namespace lingting::conformance
