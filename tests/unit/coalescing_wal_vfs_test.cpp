// The coalescing WAL VFS (server/store/coalescing_wal_vfs.hpp) on real SQLite files: a transaction's
// WAL writes leave in a few system calls, and nothing SQLite promises changes: other connections see
// each commit as soon as it returns, a transaction that spills pages before it commits (or rolls
// back) reads and writes the right rows, the WAL restarts after a checkpoint, and the file passes
// SQLite's own integrity check.
#include "auth/password.hpp"
#include "store/coalescing_wal_vfs.hpp"
#include "store/sqlite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using namespace lingting;

namespace {

struct coalescing_wal : ::testing::Test {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lingting-cwal-" + crypto::random_hex(6));
    std::string path = (dir / "test.db").string();
    std::unique_ptr<sqlite::db> writer;

    void SetUp() override {
        std::filesystem::create_directories(dir);
        writer = std::make_unique<sqlite::db>(path, 5000, sqlite::coalescing_wal_vfs());
        writer->exec("PRAGMA journal_mode=WAL");
        writer->exec("PRAGMA wal_autocheckpoint=0");  // checkpoints only where a test asks for one
        writer->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID");
    }
    void TearDown() override {
        writer.reset();
        std::filesystem::remove_all(dir);
    }

    // One transaction of `rows` rows with random keys (each on a page of its own, as a group commit's
    // messages are spread over conversations); the keys written are appended to `keys`.
    void commit_rows(sqlite::db& d, int rows, std::vector<std::string>& keys) {
        d.exec("BEGIN IMMEDIATE");
        sqlite::stmt ins(d, "INSERT INTO t(k, v) VALUES(?, ?)");
        for (int i = 0; i < rows; ++i) {
            keys.push_back(crypto::random_hex(8));
            ins.bind(1, keys.back()).bind(2, std::string(1500, static_cast<char>('a' + i % 26))).run();
        }
        d.exec("COMMIT");
    }
    static std::int64_t count(const sqlite::db& d) {
        sqlite::stmt q(d, "SELECT count(*) FROM t");
        q.step();
        return q.integer(0);
    }
    static std::string integrity(const sqlite::db& d) {
        sqlite::stmt q(d, "PRAGMA integrity_check");
        q.step();
        return q.text(0);
    }
};

TEST_F(coalescing_wal, a_transaction_leaves_in_a_few_writes_and_others_see_each_commit_at_once) {
    for (const char* sync : {"PRAGMA synchronous=NORMAL", "PRAGMA synchronous=FULL"}) {
        SCOPED_TRACE(sync);
        writer->exec(sync);
        sqlite::db reader(path);  // the default VFS, as the store's readers and checkpointer
        std::vector<std::string> keys;
        for (int commit = 1; commit <= 20; ++commit) {
            auto before = sqlite::coalescing_wal_counters();
            auto rows_before = count(reader);
            commit_rows(*writer, 40, keys);
            auto after = sqlite::coalescing_wal_counters();
            // 40 rows on 40 or more pages: two writes per page from SQLite (header, page), one per
            // 124 KB (30 pages) to the file.
            EXPECT_GE(after.writes - before.writes, 80U);
            EXPECT_LE((after.flushes - before.flushes) * 10, after.writes - before.writes);
            // Published and in the file when COMMIT returns, with or without its fsync.
            EXPECT_EQ(count(reader), rows_before + 40);
        }
        sqlite::stmt get(reader, "SELECT v FROM t WHERE k = ?");
        for (std::size_t i = 0; i < keys.size(); i += 37) {
            get.bind(1, keys[i]);
            ASSERT_TRUE(get.step());
            EXPECT_EQ(get.text(0).size(), 1500U);
            get.reset();
        }
        EXPECT_EQ(integrity(reader), "ok");
    }
}

TEST_F(coalescing_wal, pages_spilled_before_a_commit_or_a_rollback_are_read_back_right) {
    writer->exec("PRAGMA synchronous=NORMAL");
    writer->exec("PRAGMA cache_size=8");  // a tiny cache: the transaction spills pages to the WAL midway
    std::vector<std::string> kept;
    commit_rows(*writer, 400, kept);
    // A transaction that spills and is rolled back: none of it is seen, and the next one (writing the
    // same WAL offsets again) is whole.
    writer->exec("BEGIN IMMEDIATE");
    {
        sqlite::stmt ins(*writer, "INSERT INTO t(k, v) VALUES(?, ?)");
        for (int i = 0; i < 400; ++i) ins.bind(1, "rolled-back-" + std::to_string(i)).bind(2, std::string(1500, 'r')).run();
        // Reading its own spilled rows back inside the transaction.
        sqlite::stmt own(*writer, "SELECT count(*) FROM t WHERE k LIKE 'rolled-back-%'");
        own.step();
        EXPECT_EQ(own.integer(0), 400);
    }
    writer->exec("ROLLBACK");
    commit_rows(*writer, 400, kept);
    sqlite::db reader(path);
    EXPECT_EQ(count(reader), 800);
    EXPECT_EQ(count(*writer), 800);
    EXPECT_EQ(integrity(reader), "ok");
}

TEST_F(coalescing_wal, the_wal_restarts_after_checkpoints_and_the_file_stays_whole) {
    writer->exec("PRAGMA synchronous=FULL");
    sqlite::db checkpointer(path);
    std::vector<std::string> keys;
    for (int round = 0; round < 6; ++round) {
        for (int commit = 0; commit < 5; ++commit) commit_rows(*writer, 30, keys);
        // RESTART: the writer's next commit writes the WAL from its start again (an earlier offset
        // than the buffer's); TRUNCATE also empties the file.
        checkpointer.exec(round % 2 ? "PRAGMA wal_checkpoint(RESTART)" : "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    writer.reset();  // closing writes back what is left and removes the WAL
    sqlite::db reopened(path);
    EXPECT_EQ(count(reopened), static_cast<std::int64_t>(keys.size()));
    EXPECT_EQ(integrity(reopened), "ok");
}

}  // namespace
