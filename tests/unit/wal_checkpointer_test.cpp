// The WAL is copied back on the checkpointer's thread, never in the writer's commit: on a real
// SQLite file in WAL mode.
#include "auth/password.hpp"
#include "store/sqlite.hpp"
#include "store/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace lingting;
using namespace std::chrono_literals;

namespace {

struct wal_file : ::testing::Test {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lingting-wal-" + crypto::random_hex(6));
    std::string path = (dir / "test.db").string();
    std::unique_ptr<sqlite::db> writer;

    void SetUp() override {
        std::filesystem::create_directories(dir);
        writer = std::make_unique<sqlite::db>(path);
        writer->exec("PRAGMA journal_mode=WAL");
        writer->exec("PRAGMA synchronous=FULL");
        writer->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
        writer->exec("PRAGMA wal_checkpoint(TRUNCATE)");  // the table is in the file, the WAL empty
    }
    void TearDown() override {
        writer.reset();
        std::filesystem::remove_all(dir);
    }
    // `n` commits of one row each, every row on a page of its own (~1 KB of data, random keys).
    void commit_rows(int n) {
        sqlite::stmt ins(*writer, "INSERT INTO t(k, v) VALUES(?, ?)");
        for (int i = 0; i < n; ++i) ins.bind(1, crypto::random_hex(8)).bind(2, std::string(3000, 'x')).run();
    }
    std::uintmax_t file_bytes() const { return std::filesystem::file_size(path); }
};

TEST_F(wal_file, the_writers_commits_never_copy_the_wal_back) {
    auto before = file_bytes();
    // A mark no WAL reaches here: the checkpointer stays idle, so only the writer could copy.
    wal_checkpointer off_thread(*writer, path, 5000, 1'000'000);
    commit_rows(1500);  // past SQLite's own automatic checkpoint at 1,000 WAL pages
    EXPECT_EQ(file_bytes(), before);  // everything is still in the WAL, durable there
    EXPECT_EQ(off_thread.checkpoints(), 0);
}

TEST_F(wal_file, the_checkpointer_copies_the_wal_back_as_it_grows) {
    auto before = file_bytes();
    wal_checkpointer off_thread(*writer, path, 5000, 100);
    commit_rows(400);
    for (int i = 0; i < 500 && off_thread.checkpoints() == 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_GE(off_thread.checkpoints(), 1);
    for (int i = 0; i < 500 && file_bytes() == before; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_GT(file_bytes(), before);  // pages copied into the database file by the other thread
    sqlite::stmt count(*writer, "SELECT COUNT(*) FROM t");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 400);
}

}  // namespace
