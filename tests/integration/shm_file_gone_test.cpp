// The SQLite WAL index (-shm) deleted while the server runs (like the -wal, it looks like a leftover
// to a clean-up script). The server keeps its mapping of the nameless index; any other process
// opening the database (`lingting user add`, a backup, the sqlite3 shell) makes a new one, and the
// two overwrite each other's frames in the WAL. Repro on main with the real binary: after
// `rm data.db-shm`, `lingting user add wang` printed "added wang", the server logged li in (a
// commit into the WAL by its old index) and went on acking with /readyz 200; after a restart wang
// was gone. Now the store watches the -shm as it watches the -wal (store/wal_file_watch): nothing
// is acknowledged once it is gone (`unavailable`, /readyz 503, the cause logged), what was
// acknowledged before is in the database file, and an index moved away and back heals.
#include "store_fault_helpers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <set>

using namespace lingting;
using namespace lingting::testing;

namespace {

bool logged(test_server& srv, const std::string& what) {
    for (auto& line : srv.logged_errors())
        if (line.find(what) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(shm_file_gone, a_deleted_wal_index_is_never_acked_into_and_what_was_acked_is_kept) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_EQ(c.visitor_says("我想问一下复诊的时间。", "v2"), "ack");
    const std::string shm = srv.db_path() + "-shm";
    ASSERT_TRUE(std::filesystem::exists(shm));

    std::filesystem::remove(shm);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "unavailable") << "acked with a deleted WAL index";
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    EXPECT_TRUE(logged(srv, "-shm"));

    // The acknowledged messages are in the database file itself: a copy of the file alone has them.
    const std::string copy = srv.db_path() + ".copy";
    std::filesystem::copy_file(srv.db_path(), copy);
    EXPECT_EQ(stored_ids(copy, c.conversation, SQLITE_OPEN_READWRITE), (std::set<std::string>{"v1", "v2"}));
}

TEST(shm_file_gone, a_wal_index_moved_away_and_back_heals) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    const std::string shm = srv.db_path() + "-shm";
    std::filesystem::rename(shm, shm + ".away");
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");
    std::filesystem::rename(shm + ".away", shm);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
}
