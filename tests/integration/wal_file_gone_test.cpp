// The SQLite WAL file (-wal) deleted while the server runs (it looks like a leftover to a clean-up
// script). SQLite keeps committing into the open, now nameless, WAL, and SQLITE_FCNTL_HAS_MOVED
// looks at the database file only: before, every message was acked and /readyz said ready, and
// what was acked since the last checkpoint was lost at a crash, or unseen by any other process
// opening the database (which starts a fresh WAL). Now the store refuses to commit into a WAL
// that is not at its path: `unavailable` to the sender, /readyz 503, the cause logged, and what
// was acknowledged before is copied into the database file at once.
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

TEST(wal_file_gone, a_deleted_wal_file_is_never_acked_into_and_what_was_acked_is_kept) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_EQ(c.visitor_says("我想问一下复诊的时间。", "v2"), "ack");
    const std::string wal = srv.db_path() + "-wal";
    ASSERT_TRUE(std::filesystem::exists(wal));

    std::filesystem::remove(wal);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "unavailable") << "acked into a nameless WAL";
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    EXPECT_TRUE(logged(srv, "WAL file"));

    // The acknowledged messages are in the database file itself, as a crash would leave it: a
    // copy of the file alone (no WAL beside it) has them.
    const std::string copy = srv.db_path() + ".copy";
    std::filesystem::copy_file(srv.db_path(), copy);
    EXPECT_EQ(stored_ids(copy, c.conversation, SQLITE_OPEN_READWRITE), (std::set<std::string>{"v1", "v2"}));
}

TEST(wal_file_gone, a_wal_file_moved_away_and_back_heals) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    const std::string wal = srv.db_path() + "-wal";
    std::filesystem::rename(wal, wal + ".away");
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");
    std::filesystem::rename(wal + ".away", wal);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
}
