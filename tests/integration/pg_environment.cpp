// The integration tests again, with every test server's store on PostgreSQL (issue 15): one
// temporary server for the run (tests/support/pg_server: initdb into a folder under /tmp, a Unix
// socket only), a fresh database for each test server. The same tests, the same assertions: the
// relay, resume, acks and the QA API must not tell the backends apart.
#include "support/pg_server.hpp"
#include "test_server.hpp"

#include "store/pg.hpp"
#include "store/pg_schema.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace {

class postgresql_for_every_test_server : public ::testing::Environment {
public:
    void SetUp() override {
        if (auto why = lingting::testing::pg_server::missing()) GTEST_SKIP() << *why;
        server_ = std::make_unique<lingting::testing::pg_server>();
        lingting::testing::database_for_tests() = [this] { return server_->create_database(); };
        lingting::testing::previous_schema_for_tests() = [this] { return previous_schema(); };
    }
    void TearDown() override {
        lingting::testing::database_for_tests() = nullptr;
        lingting::testing::previous_schema_for_tests() = nullptr;
        server_.reset();
    }

private:
    // The previous release's schema (every migration but the last), as the conformance suite's
    // seed_previous_postgres lays it, with one account.
    lingting::testing::previous_schema previous_schema() {
        auto all = lingting::pg_schema::migrations();
        lingting::testing::previous_schema p{server_->create_database(), all.size() - 1, all.size()};
        lingting::pg::connection c(p.database);
        c.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
        for (std::size_t i = 0; i < p.from; ++i) c.exec(all[i]);
        c.exec("INSERT INTO schema_version VALUES (" + std::to_string(p.from) + ")");
        c.exec("INSERT INTO staff(name, role, departments, password_hash, created_at) "
               "VALUES('li', 'consultant', '男科', 'x', 0)");
        return p;
    }

    std::unique_ptr<lingting::testing::pg_server> server_;
};

const auto* registered = ::testing::AddGlobalTestEnvironment(new postgresql_for_every_test_server);

}  // namespace
