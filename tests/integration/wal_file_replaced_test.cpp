// The SQLite WAL file replaced under the running server by an older copy of itself (a sync tool or
// an operator restoring a backup's -wal), then a crash. The WAL watch (store/wal_file_watch) found
// the other file at the path, checkpointed what was acknowledged into the database file and
// refused further commits; but the copy stayed at the path, and the next open replayed its older
// frames over the database, shadowing the newer pages. Repro with the real binary: a visitor's
// says under load, the -wal copied and put back three seconds later, then kill -9: 22 says were
// acked, 13 were in the database. Now the foreign WAL is moved aside (`<db>-wal.replaced-<ms>`,
// kept for the operator) once the database file holds everything acknowledged.
#include "store_fault_helpers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <set>

using namespace lingting;
using namespace lingting::testing;
namespace fs = std::filesystem;

TEST(wal_file_replaced, an_older_copy_put_over_the_wal_is_not_replayed_over_what_was_acked) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_EQ(c.visitor_says("我想问一下复诊的时间。", "v2"), "ack");
    const std::string wal = srv.db_path() + "-wal";
    fs::copy_file(wal, srv.db_path() + ".old-wal");  // the WAL as it is now ...
    ASSERT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    ASSERT_EQ(c.visitor_says("好的，谢谢。", "v4"), "ack");
    // ... put back over the live one (copied beside it and renamed over it, as a sync tool does).
    fs::copy_file(srv.db_path() + ".old-wal", wal + ".tmp");
    fs::rename(wal + ".tmp", wal);
    EXPECT_EQ(c.visitor_says("还有一个问题。", "v5"), "unavailable");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);

    // What a crash now leaves: the database file and whatever is at the WAL's path. Opened, it
    // holds every acknowledged message.
    const std::string crash = srv.db_path() + ".crash";
    fs::copy_file(srv.db_path(), crash);
    if (fs::exists(wal)) fs::copy_file(wal, crash + "-wal");
    EXPECT_EQ(stored_ids(crash, c.conversation, SQLITE_OPEN_READWRITE), (std::set<std::string>{"v1", "v2", "v3", "v4"}))
        << "the older WAL was replayed over acknowledged messages";
    // The foreign file is kept beside, for whoever put it there.
    bool kept = false;
    for (auto& e : fs::directory_iterator(fs::path(srv.db_path()).parent_path()))
        kept = kept || e.path().filename().string().find("-wal.replaced-") != std::string::npos;
    EXPECT_TRUE(kept);
}
