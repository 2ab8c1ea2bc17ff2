// The real binary's `user` and `migrate` commands, on the database the server would use: an
// SQLite file in crash_tests, a fresh database of a temporary PostgreSQL in crash_tests_pg (the
// same tests, ctest pg.cli.*; pg_environment.cpp).
#include "process.hpp"
#include "test_server.hpp"

#include "auth/password.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace lingting::testing;
namespace fs = std::filesystem;

namespace {

// A new database: a file in `dir`, or the PostgreSQL run's next fresh database.
std::string fresh_database(const fs::path& dir) {
    return database_for_tests() ? database_for_tests()() : (dir / "x.db").string();
}

}  // namespace

TEST(cli, user_add_list_disable) {
    temp_dir d;
    std::string db = "--database=" + fresh_database(d.path);
    {
        process p({db, "--pbkdf2-iterations=1000", "user", "add", "zhang", "--role", "consultant", "--departments", "男科,妇科"}, "secret123\n");
        p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    {
        process p({db, "user", "add", "zhang", "--role", "qa"}, "secret123\n");
        p.read_all();
        EXPECT_EQ(exit_code(p.wait()), 1) << "duplicate name";
    }
    {
        process p({db, "user", "add", "li", "--role", "visitor"}, "secret123\n");
        p.read_all();
        EXPECT_EQ(exit_code(p.wait()), 2) << "visitor is no staff role";
    }
    {
        process p({db, "user", "disable", "zhang"});
        p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    {
        process p({db, "user", "list"});
        std::string out = p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
        EXPECT_EQ(out, "zhang\tconsultant\t男科,妇科\tdisabled\n");
    }
    {
        process p({db, "user", "enable", "zhang"});
        p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    process p({db, "user", "list"});
    std::string out = p.read_all();
    ASSERT_EQ(exit_code(p.wait()), 0);
    EXPECT_EQ(out, "zhang\tconsultant\t男科,妇科\tactive\n");
}

TEST(cli, user_import_adds_all_in_one_go_and_refuses_a_bad_file_whole) {
    temp_dir d;
    std::string db = "--database=" + fresh_database(d.path);
    {
        process p({db, "--pbkdf2-iterations=1000", "user", "import"},
                  "wang\tconsultant\t男科\tsecret123\nzhao\tqa\t\tsecret456\n");
        EXPECT_EQ(p.read_all(), "added 2 of 2\n");
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    {
        // The second line has a role that is no staff role: nothing of the file is added.
        process p({db, "user", "import"}, "sun\tsupervisor\t\tsecret789\nli\tvisitor\t\tsecret123\n");
        p.read_all();
        EXPECT_EQ(exit_code(p.wait()), 2);
    }
    {
        process p({db, "--pbkdf2-iterations=1000", "user", "import"}, "wang\tqa\t\tsecret123\n");
        EXPECT_EQ(p.read_all(), "added 0 of 1\n") << "existing names are skipped, not changed";
        ASSERT_EQ(exit_code(p.wait()), 0);
    }
    process p({db, "user", "list"});
    std::string out = p.read_all();
    ASSERT_EQ(exit_code(p.wait()), 0);
    EXPECT_EQ(out, "wang\tconsultant\t男科\tactive\nzhao\tqa\t*\tactive\n");
}

TEST(cli, migrate_creates_the_schema_then_says_it_is_current) {
    temp_dir d;
    std::string db = "--database=" + fresh_database(d.path);
    {
        process p({db, "migrate"});
        std::string out = p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0) << out;
        EXPECT_TRUE(out.starts_with("migrated: schema version 0 -> ")) << out;
    }
    {
        process p({db, "migrate"});
        std::string out = p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0) << out;
        EXPECT_TRUE(out.starts_with("already at schema version ")) << out;
        EXPECT_NE(out.find("nothing to do"), std::string::npos) << out;
    }
    // The migrated database is one the server's own commands use.
    process p({db, "--pbkdf2-iterations=1000", "user", "add", "zhang", "--role", "qa"}, "secret123\n");
    p.read_all();
    EXPECT_EQ(exit_code(p.wait()), 0);
}

TEST(cli, migrate_refuses_an_unreachable_database_with_exit_1) {
    temp_dir d;
    std::string db = database_for_tests()
                         // The run's server, a database that does not exist on it.
                         ? database_for_tests()().replace(std::string("postgresql:///").size(), 0, "missing_")
                         : (d.path / "not-a-directory" / "x.db").string();
    if (!database_for_tests()) std::ofstream(d.path / "not-a-directory") << "a file where a folder should be";
    process p({"--database=" + db, "migrate"});
    EXPECT_EQ(p.read_all(), "");
    EXPECT_EQ(exit_code(p.wait()), 1);
}

// A database as the previous release left it (one schema version behind, with an account in it)
// is brought up to date, the account kept: an SQLite file, or in the PostgreSQL run a database
// seeded with PostgreSQL's previous version (pg_environment.cpp).
TEST(cli, migrate_brings_the_previous_schema_version_up_to_date) {
    temp_dir d;
    std::string path = (d.path / "old.db").string();
    previous_schema old_schema;
    if (previous_schema_for_tests()) {
        old_schema = previous_schema_for_tests()();
        path = old_schema.database;
    } else {
        auto all = lingting::schema::migrations();
        old_schema = {path, all.size() - 1, all.size()};
        lingting::sqlite::db old(path);
        old.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        for (std::size_t i = 0; i + 1 < all.size(); ++i) old.exec(all[i]);
        old.exec("INSERT INTO meta VALUES('schema_version', '" + std::to_string(all.size() - 1) + "')");
        old.exec("INSERT INTO staff(name, role, departments, password_hash, created_at) "
                 "VALUES('li', 'consultant', '男科', 'x', 0)");
    }
    {
        process p({"--database=" + path, "migrate"});
        std::string out = p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0) << out;
        EXPECT_EQ(out, "migrated: schema version " + std::to_string(old_schema.from) + " -> " +
                           std::to_string(old_schema.to) + "\n");
    }
    process p({"--database=" + path, "user", "list"});
    EXPECT_EQ(p.read_all(), "li\tconsultant\t男科\tactive\n");
}
