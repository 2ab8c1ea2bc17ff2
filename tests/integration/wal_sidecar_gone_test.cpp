// SQLite's two files beside the database deleted while the server runs: each looks like a
// leftover to a clean-up script.
//
// The WAL file (-wal). SQLite keeps committing into the open, now nameless, WAL, and
// SQLITE_FCNTL_HAS_MOVED looks at the database file only: before, every message was acked and
// /readyz said ready, and what was acked since the last checkpoint was lost at a crash, or unseen by
// any other process opening the database (which starts a fresh WAL). Now the store refuses to
// commit into a WAL that is not at its path, and what was acknowledged before is copied into the
// database file at once.
//
// The WAL index (-shm). The server keeps its mapping of the nameless index; any other process
// opening the database (`lingting user add`, a backup, the sqlite3 shell) makes a new one, and the
// two overwrite each other's frames in the WAL. Repro on main with the real binary: after
// `rm data.db-shm`, `lingting user add wang` printed "added wang", the server logged li in (a
// commit into the WAL by its old index) and went on acking with /readyz 200; after a restart wang
// was gone. Now the store watches the -shm as it watches the -wal (store/wal_file_watch).
//
// Either way: nothing is acknowledged once the file is gone (`unavailable` to the sender, /readyz
// 503, the cause logged), what was acknowledged before is in the database file, and a file moved
// away and back heals.
#include "store_fault_helpers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <set>

using namespace lingting;
using namespace lingting::testing;

namespace {

struct sidecar {
    const char* suffix;  // beside the database file
    const char* logged;  // what the logged cause names
};

class wal_sidecar_gone : public ::testing::TestWithParam<sidecar> {};

}  // namespace

TEST_P(wal_sidecar_gone, is_never_acked_into_and_what_was_acked_is_kept) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_EQ(c.visitor_says("我想问一下复诊的时间。", "v2"), "ack");
    const std::string file = srv.db_path() + GetParam().suffix;
    ASSERT_TRUE(std::filesystem::exists(file));

    std::filesystem::remove(file);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "unavailable") << "acked with " << file << " deleted";
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    EXPECT_TRUE(logged(srv, GetParam().logged));

    // The acknowledged messages are in the database file itself, as a crash would leave it: a
    // copy of the file alone (no WAL beside it) has them.
    const std::string copy = srv.db_path() + ".copy";
    std::filesystem::copy_file(srv.db_path(), copy);
    EXPECT_EQ(stored_ids(copy, c.conversation, SQLITE_OPEN_READWRITE), (std::set<std::string>{"v1", "v2"}));
}

TEST_P(wal_sidecar_gone, moved_away_and_back_heals) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    const std::string file = srv.db_path() + GetParam().suffix;
    std::filesystem::rename(file, file + ".away");
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");
    std::filesystem::rename(file + ".away", file);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(wal_file, wal_sidecar_gone, ::testing::Values(sidecar{"-wal", "WAL file"}));
INSTANTIATE_TEST_SUITE_P(wal_index, wal_sidecar_gone, ::testing::Values(sidecar{"-shm", "-shm"}));
