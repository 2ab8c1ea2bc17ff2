#pragma once

#include "store_conformance.hpp"

namespace lingting::conformance {

// A temporary PostgreSQL server (tests/support/pg_server), started on first use and shared by
// the whole run; a new database per test.
backend postgres_backend();

}  // namespace lingting::conformance
