// The factory behind --database=: which backend a name picks, and a PostgreSQL URI that cannot be
// opened failing cleanly (as store_error, without repeating the URI's password).
#include "store/open_store.hpp"

#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace lingting {

TEST(open_store, the_scheme_picks_the_backend) {
    EXPECT_EQ(backend_of("data/lingting.db"), store_backend::sqlite);
    EXPECT_EQ(backend_of("/var/lib/lingting/lingting.db"), store_backend::sqlite);
    EXPECT_EQ(backend_of(":memory:"), store_backend::sqlite);
    EXPECT_EQ(backend_of("postgresql:///lingting?host=/run/postgresql"), store_backend::postgresql);
    EXPECT_EQ(backend_of("postgres://li@127.0.0.1/lingting"), store_backend::postgresql);
    EXPECT_EQ(backend_of("data/postgresql://x"), store_backend::sqlite) << "only a leading scheme counts";
}

TEST(open_store, a_plain_path_opens_an_sqlite_file) {
    auto dir = std::filesystem::temp_directory_path() / ("lingting-open-" + crypto::random_hex(6));
    auto path = (dir / "sub" / "x.db").string();
    {
        auto s = open_store(path);
        ASSERT_TRUE(s);
        EXPECT_TRUE(s->add_staff({"li", role::qa, {}, false, "h"}));
    }
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_TRUE(open_store(path)->staff("li"));
    std::filesystem::remove_all(dir);
}

// Without PostgreSQL support: "PostgreSQL support not built"; with it: the server on port 1 of
// the loopback does not answer. Either way a store_error the caller reports, and no password.
TEST(open_store, a_postgresql_uri_that_cannot_be_opened_is_a_store_error_without_the_password) {
    try {
        open_store("postgresql://li:hunter2secret@127.0.0.1:1/lingting?connect_timeout=2");
        FAIL() << "opened";
    } catch (const store_error& e) {
        std::string what = e.what();
        EXPECT_FALSE(what.empty());
        EXPECT_EQ(what.find("hunter2secret"), std::string::npos) << what;
    }
}

}  // namespace lingting

// What main prints at start and a log may carry: never a database password.
TEST(open_store, the_printable_database_hides_a_password) {
    EXPECT_EQ(lingting::printable_database("data/lingting.db"), "data/lingting.db");
    EXPECT_EQ(lingting::printable_database("postgresql:///lingting?host=/run/postgresql"), "postgresql:///lingting?host=/run/postgresql");
    EXPECT_EQ(lingting::printable_database("postgresql://li:s3cr@t@db.example:5432/lingting"), "postgresql://li:***@db.example:5432/lingting");
    EXPECT_EQ(lingting::printable_database("postgres://li@db/lingting"), "postgres://li@db/lingting");
    EXPECT_EQ(lingting::printable_database("postgresql://db/lingting?user=li&password=s3cret&sslmode=require"),
              "postgresql://db/lingting?user=li&password=***&sslmode=require");
    EXPECT_EQ(lingting::printable_database("postgresql://db/lingting?password=x"), "postgresql://db/lingting?password=***");
}
