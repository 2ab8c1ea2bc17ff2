// The SQLite file removed or moved away while the server runs (a clean-up script, an operator
// restoring a backup over it). SQLite keeps writing to the open file, which no longer has that
// name: before, every message was acked and /readyz said ready, and at the next start the server
// opened an empty database: everything acked since was gone. Now the server refuses to commit
// into a file that is not at its path any more: `unavailable` to the sender, /readyz 503, the
// cause logged; and it recovers by itself if the file comes back.
// (A locked database and a full disk: store_fault_test.cpp.)
#include "store_fault_helpers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <set>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

}  // namespace

TEST(store_file_gone, a_database_file_moved_away_is_never_acked_into_and_its_return_heals) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");

    const std::string away = srv.db_path() + ".moved";
    std::filesystem::rename(srv.db_path(), away);
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable") << "acked into a file nobody will open";
    c.consultant.send(say("好的，请稍等。", "c1", c.conversation));
    auto err = c.consultant.next_of("error");
    ASSERT_TRUE(err);
    EXPECT_EQ(str(*err, "code"), "unavailable");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    EXPECT_TRUE(logged(srv, "removed or replaced"));

    // The file back where it belongs: the same server acks again.
    std::filesystem::rename(away, srv.db_path());
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
    srv.store().flush();
    EXPECT_EQ(stored_ids(srv.db_path(), c.conversation), (std::set<std::string>{"v1", "v3"}));
}

TEST(store_file_gone, a_deleted_database_file_gets_unavailable_not_acks_and_the_relay_lives_on) {
    test_server srv;
    chat_pair c(srv);
    ASSERT_EQ(c.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_TRUE(c.consultant.next_of("message"));

    std::filesystem::remove(srv.db_path());
    EXPECT_EQ(c.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    // A log-in cannot store its token either: 503, and the server lives on.
    auto login = srv.http("POST", "/api/login", R"({"username":"li","password":"password1"})");
    EXPECT_EQ(login.status, 503) << login.body;
    // Nothing refused was relayed; the socket is still open and typing still reaches the consultant.
    c.visitor.send(R"({"type":"typing"})");
    for (;;) {
        auto f = c.consultant.next(5s);
        ASSERT_TRUE(f) << "typing never reached the consultant";
        EXPECT_NE(str(*f, "type"), "message") << "the refused message reached the consultant";
        if (str(*f, "type") == "typing") break;
    }
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
}
