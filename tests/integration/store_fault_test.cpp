// The store failing under the relay: the database locked by another process (the sqlite3
// command-line tool holding a write transaction) and a really full disk (a small tmpfs).
// Each time the server must say so loudly (/readyz 503, `unavailable` to the sender instead of
// an ack), lose nothing it acknowledged, and recover by itself once the cause is gone.
#include "store_fault_helpers.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }


// True while some other connection holds the write lock on the file.
bool write_locked(const std::string& db_path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(db, 0);
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_BUSY;
}

// The sqlite3 command-line tool in its own process, fed `script` on standard input.
pid_t spawn_sqlite3(const std::string& db_path, const std::string& script) {
    int in[2];
    if (pipe(in) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    std::string prog = "sqlite3";
    std::vector<char*> argv{prog.data(), const_cast<char*>(db_path.c_str()), nullptr};
    pid_t pid = -1;
    if (posix_spawnp(&pid, "sqlite3", &fa, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    (void)!write(in[1], script.data(), script.size());
    close(in[1]);
    return pid;
}

// The write lock held by the sqlite3 tool in another process until release() (20 s at most).
struct lock_in_another_process {
    std::string flag;
    pid_t holder = -1;

    explicit lock_in_another_process(const std::string& db_path) : flag(db_path + ".hold") {
        std::ofstream(flag) << "hold";
        holder = spawn_sqlite3(db_path, "BEGIN EXCLUSIVE;\n"
                                        ".shell i=0; while [ -e '" + flag + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
                                        "COMMIT;\n");
        for (int i = 0; i < 200 && holder > 0 && !write_locked(db_path); ++i) std::this_thread::sleep_for(10ms);
    }
    void release() {
        std::filesystem::remove(flag);
        if (holder > 0) {
            int status = 0;
            waitpid(holder, &status, 0);
            holder = -1;
        }
    }
    ~lock_in_another_process() { release(); }
};

json parse_body(const std::string& body) {
    json d;
    d.Parse(body.c_str());
    return d;
}

}  // namespace

TEST(store_faults, database_locked_during_a_login_and_a_message) {
    test_server srv({}, [](store_options& o) { o.busy_timeout_ms = 200; });
    chat_pair pair(srv);
    srv.add_staff("qa1", role::qa);
    std::string qa_token = srv.login("qa1");
    ASSERT_EQ(pair.visitor_says("你好，在吗？", "v1"), "ack");
    ASSERT_TRUE(pair.consultant.next_of("message"));

    {
        lock_in_another_process lock(srv.db_path());
        ASSERT_GT(lock.holder, 0) << "the sqlite3 tool is needed (server/install-deps.sh --tests installs it)";
        ASSERT_TRUE(write_locked(srv.db_path()));

        // A login cannot store its token: 503 `unavailable`, and the server lives on.
        auto login = srv.http("POST", "/api/login", R"({"username":"li","password":"password1"})");
        EXPECT_EQ(login.status, 503) << login.body;
        auto body = parse_body(login.body);
        ASSERT_TRUE(body.IsObject() && body.HasMember("error")) << login.body;
        EXPECT_EQ(str(body, "error"), "unavailable");
        EXPECT_FALSE(str(body, "message").empty());

        // A message is refused with `unavailable` and its id.
        EXPECT_EQ(pair.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");

        // A QA verdict cannot be stored either: 503, not a crash.
        auto verdict = srv.http("POST", "/api/findings/1/verdict", R"({"verdict":"confirmed"})", qa_token);
        EXPECT_EQ(verdict.status, 503) << verdict.body;
        EXPECT_EQ(str(parse_body(verdict.body), "error"), "unavailable");

        // Logging out cannot revoke the token: 503, and the token still works afterwards.
        EXPECT_EQ(srv.http("POST", "/api/logout", "", qa_token).status, 503);

        // A visitor opening a conversation now: its row cannot be written, so it is told and
        // closed (4503), and the conversation is forgotten (li's seat is not held by it).
        ws_client late;
        ASSERT_EQ(late.connect(srv.port(), "/ws/visitor"), 101);
        auto welcome = late.next_of("welcome");
        ASSERT_TRUE(welcome);
        std::string lost = str(*welcome, "conversation");
        auto err = late.next_of("error");
        ASSERT_TRUE(err);
        EXPECT_EQ(str(*err, "code"), "unavailable");
        EXPECT_EQ(late.wait_closed(), static_cast<int>(close_codes::unavailable));
        auto unassigned = pair.consultant.next_of("unassigned");
        ASSERT_TRUE(unassigned) << "li was given the conversation, then told it is gone";
        EXPECT_EQ(str(*unassigned, "conversation"), lost);
        EXPECT_NE(srv.http("GET", "/metrics").body.find("\nlingting_open_conversations 1\n"), std::string::npos)
            << "only the first conversation is open";
        EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
        lock.release();
    }

    // The lock gone: the same server answers, the login works, a message is acked.
    EXPECT_EQ(srv.http("GET", "/healthz").status, 200);
    auto login = srv.http("POST", "/api/login", R"({"username":"li","password":"password1"})");
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(pair.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
    EXPECT_NE(srv.http("POST", "/api/findings/1/verdict", R"({"verdict":"confirmed"})", qa_token).status, 503);
    EXPECT_EQ(stored_ids(srv.db_path(), pair.conversation), (std::set<std::string>{"v1", "v3"}));

    // Each failure was logged with its cause and kind, never with message text.
    bool token_failure_logged = false;
    for (auto& line : srv.logged_errors()) {
        if (line.find("store_write_failed") != std::string::npos && line.find("put_token") != std::string::npos &&
            line.find("locked") != std::string::npos)
            token_failure_logged = true;
        EXPECT_EQ(line.find("预约"), std::string::npos) << "message text in the log: " << line;
    }
    EXPECT_TRUE(token_failure_logged);
}

// A rating is answered `rated` only once it is stored: while the store cannot write, the visitor
// hears `unavailable` (detail `rate`) on a socket that stays open, and rates again afterwards.
TEST(store_faults, a_rating_the_store_cannot_keep_is_not_answered_rated) {
    test_server srv({}, [](store_options& o) { o.busy_timeout_ms = 200; });
    chat_pair pair(srv);
    ASSERT_EQ(pair.visitor_says("你好，在吗？", "v1"), "ack");
    {
        lock_in_another_process lock(srv.db_path());
        ASSERT_GT(lock.holder, 0) << "the sqlite3 tool is needed (server/install-deps.sh --tests installs it)";
        pair.visitor.send(R"({"type":"rate","satisfied":true,"comment":"很耐心"})");
        auto answer = pair.visitor.next(10s);
        ASSERT_TRUE(answer);
        ASSERT_EQ(str(*answer, "type"), "error") << "told rated while nothing was stored";
        EXPECT_EQ(str(*answer, "code"), "unavailable");
        EXPECT_EQ(str(*answer, "detail"), "rate");
        lock.release();
    }
    srv.store().flush();
    auto before = srv.store().conversation(pair.conversation);
    ASSERT_TRUE(before);
    EXPECT_FALSE(before->satisfied) << "the refused rating was stored after all";

    // The same socket rates again once the lock is gone: `rated`, and it is in the file.
    pair.visitor.send(R"({"type":"rate","satisfied":true,"comment":"很耐心"})");
    auto rated = pair.visitor.next(10s);
    ASSERT_TRUE(rated);
    EXPECT_EQ(str(*rated, "type"), "rated");
    srv.store().flush();
    auto after = srv.store().conversation(pair.conversation);
    ASSERT_TRUE(after);
    EXPECT_TRUE(after->satisfied && *after->satisfied);
}

TEST(store_faults, a_database_locked_by_another_process_is_reported_and_nothing_acked_is_lost) {
    test_server srv({}, [](store_options& o) { o.busy_timeout_ms = 200; });
    chat_pair pair(srv);
    ASSERT_EQ(pair.visitor_says("你好，在吗？", "v1"), "ack");
    auto m1 = pair.consultant.next_of("message");
    ASSERT_TRUE(m1);
    EXPECT_EQ(str(*m1, "id"), "v1");

    // Another process takes the write lock and keeps it until the flag file is gone (20 s at most).
    std::string flag = srv.db_path() + ".hold";
    std::ofstream(flag) << "hold";
    pid_t holder = spawn_sqlite3(srv.db_path(), "BEGIN EXCLUSIVE;\n"
                                                ".shell i=0; while [ -e '" + flag + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
                                                "COMMIT;\n");
    ASSERT_GT(holder, 0) << "the sqlite3 tool is needed (server/install-deps.sh --tests installs it)";
    for (int i = 0; i < 200 && !write_locked(srv.db_path()); ++i) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(write_locked(srv.db_path()));

    // The sender hears at once that nothing was kept; readiness fails.
    EXPECT_EQ(pair.visitor_says("医生，我想预约明天上午。", "v2"), "unavailable");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
    pair.consultant.send(say("好的，请稍等。", "c1", pair.conversation));
    auto err = pair.consultant.next_of("error");
    ASSERT_TRUE(err);
    EXPECT_EQ(str(*err, "code"), "unavailable");
    EXPECT_EQ(str(*err, "id"), "c1");

    // The lock goes away: the next message is acked and readiness comes back by itself.
    std::filesystem::remove(flag);
    int status = 0;
    waitpid(holder, &status, 0);
    EXPECT_EQ(pair.visitor_says("医生，我想预约明天上午。", "v3"), "ack");
    EXPECT_EQ(srv.http("GET", "/readyz").status, 200);

    // What was acked is stored and relayed; what was refused is neither.
    EXPECT_EQ(stored_ids(srv.db_path(), pair.conversation), (std::set<std::string>{"v1", "v3"}));
    auto m3 = pair.consultant.next_of("message");
    ASSERT_TRUE(m3);
    EXPECT_EQ(str(*m3, "id"), "v3") << "the refused v2 was never relayed";
}

TEST(store_faults, a_full_disk_is_reported_and_nothing_acked_is_lost) {
    // A real full disk: a 2 MiB tmpfs holding the database, then filled to the last byte.
    auto mnt = std::filesystem::temp_directory_path() / ("lingting-full-" + std::to_string(::getpid()));
    std::filesystem::create_directories(mnt);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0) {
        int e = errno;
        std::filesystem::remove(mnt);
        GTEST_SKIP() << "cannot mount a small tmpfs (" << std::strerror(e) << "); this test needs root";
    }
    struct unmount_at_end {
        std::filesystem::path p;
        ~unmount_at_end() {
            ::umount2(p.c_str(), MNT_DETACH);
            std::filesystem::remove(p);
        }
    } guard{mnt};
    std::string db = (mnt / "lingting.db").string();
    std::set<std::string> acked;
    std::string conversation;
    {
        test_server srv([&](server_config& c) { c.database = db; });
        chat_pair pair(srv);
        conversation = pair.conversation;
        ASSERT_EQ(pair.visitor_says("你好，在吗？", "v0"), "ack");
        acked.insert("v0");

        // Fill every block that is left.
        std::string filler_path = (mnt / "filler").string();
        int fd = ::open(filler_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ASSERT_GE(fd, 0);
        std::string block(64 * 1024, 'x');
        for (std::size_t chunk = block.size(); chunk > 0;)
            if (::write(fd, block.data(), chunk) < 0) chunk /= 2;  // ENOSPC: try smaller pieces
        ::close(fd);

        // Talk until the store cannot grow (bounded): acks until then, then `unavailable`.
        std::string text(3000, 'a');
        for (std::size_t i = 0; i < text.size(); i += 1) text[i] = static_cast<char>('a' + i % 26);
        std::string outcome;
        for (int i = 1; i <= 400 && outcome != "unavailable"; ++i) {
            std::string id = "v" + std::to_string(i);
            outcome = pair.visitor_says("病历摘要：" + text, id);
            if (outcome == "ack") acked.insert(id);
            else ASSERT_EQ(outcome, "unavailable") << "message " << id;
        }
        ASSERT_EQ(outcome, "unavailable") << "the disk never filled";
        EXPECT_EQ(srv.http("GET", "/readyz").status, 503);
        EXPECT_EQ(pair.visitor_says("还在吗？", "late"), "unavailable") << "still full";

        // Space comes back: the server recovers by itself.
        std::filesystem::remove(filler_path);
        EXPECT_EQ(pair.visitor_says("还在吗？", "after"), "ack");
        acked.insert("after");
        EXPECT_EQ(srv.http("GET", "/readyz").status, 200);
    }
    // Every acknowledged message is in the file, nothing refused is.
    EXPECT_EQ(stored_ids(db, conversation), acked);
}
