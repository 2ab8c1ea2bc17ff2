// The integration tests again, with every test server's store on PostgreSQL (issue 15): one
// temporary server for the run (tests/support/pg_server: initdb into a folder under /tmp, a Unix
// socket only), a fresh database for each test server. The same tests, the same assertions: the
// relay, resume, acks and the QA API must not tell the backends apart.
#include "support/pg_server.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace {

class postgresql_for_every_test_server : public ::testing::Environment {
public:
    void SetUp() override {
        if (auto why = lingting::testing::pg_server::missing()) GTEST_SKIP() << *why;
        server_ = std::make_unique<lingting::testing::pg_server>();
        lingting::testing::database_for_tests() = [this] { return server_->create_database(); };
    }
    void TearDown() override {
        lingting::testing::database_for_tests() = nullptr;
        server_.reset();
    }

private:
    std::unique_ptr<lingting::testing::pg_server> server_;
};

const auto* registered = ::testing::AddGlobalTestEnvironment(new postgresql_for_every_test_server);

}  // namespace
