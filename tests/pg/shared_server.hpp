// One real PostgreSQL for the whole pg_store_tests process (initdb costs seconds), a fresh
// database per test; the crash tests start their own server, since they kill it.
#pragma once

#include "support/pg_server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lingting::testing {

// The shared server, started on first use (nullptr when PostgreSQL is not installed).
pg_server* shared_pg_server();

}  // namespace lingting::testing

// A new empty database on the shared server, or the test is skipped saying why (never passed).
#define PG_DATABASE_OR_SKIP(uri_var)                                                   \
    if (auto why = ::lingting::testing::pg_server::missing()) GTEST_SKIP() << *why;    \
    std::string uri_var = ::lingting::testing::shared_pg_server()->create_database()
