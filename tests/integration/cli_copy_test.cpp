// `lingting copy` with the real binary: a clinic served on SQLite (staff made with the CLI, a
// chat through the relay), moved into PostgreSQL, then served from there: the same transcript,
// the same log-in token, the same accounts. Runs in crash_tests_pg only (it needs a PostgreSQL).
#include "process.hpp"
#include "test_server.hpp"

#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sstream>

using namespace lingting::testing;
namespace fs = std::filesystem;

namespace {

struct served_clinic {
    fs::path dir = fs::temp_directory_path() / ("lingting-copy-" + lingting::crypto::random_hex(6));
    std::string file = (dir / "clinic.db").string();
    ~served_clinic() { fs::remove_all(dir); }
};

// The count `lingting copy` printed for `table` ("messages        6"), -1 if none.
long rows_of(const std::string& out, const std::string& table) {
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string name;
        long rows = -1;
        if (fields >> name >> rows && name == table) return rows;
    }
    return -1;
}

std::vector<std::string> serve_args(const std::string& database) {
    return {"--database=" + database, "--pbkdf2-iterations=1000", "--port=0"};
}

}  // namespace

TEST(cli, copy_moves_a_served_sqlite_clinic_into_postgresql) {
    if (!database_for_tests()) GTEST_SKIP() << "needs a PostgreSQL (crash_tests_pg runs it)";
    served_clinic c;
    for (auto [name, role] : {std::pair{"li", "consultant"}, {"boss", "supervisor"}}) {
        process p({"--database=" + c.file, "--pbkdf2-iterations=1000", "user", "add", name, "--role", role},
                  "password1\n");
        p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0);
    }

    // A chat through the relay on SQLite; the server stops cleanly (the chat ends as system).
    std::string conv, token, before;
    {
        process srv(serve_args(c.file));
        auto port = srv.port();
        ASSERT_NE(port, 0);
        token = login_token(port, "boss");
        ws_client consultant, visitor;
        auto welcome = open_chat(port, consultant, visitor);
        ASSERT_TRUE(welcome);
        conv = (*welcome)["conversation"].GetString();
        for (int i = 0; i < 3; ++i) {
            visitor.send(say("请问包皮手术多少钱？" + std::to_string(i), "v" + std::to_string(i)));
            ASSERT_TRUE(visitor.next_of("ack"));
            consultant.send(say("您好，不好意思，费用要看检查结果。" + std::to_string(i), "c" + std::to_string(i), conv));
            ASSERT_TRUE(consultant.next_of("ack"));
        }
        srv.kill(SIGTERM);
    }
    {
        process srv(serve_args(c.file));
        auto port = srv.port();
        ASSERT_NE(port, 0);
        auto r = http_request(port, "GET", "/api/conversations/" + conv, {}, token);
        ASSERT_EQ(r.status, 200);
        before = r.body;
        srv.kill(SIGTERM);
    }
    ASSERT_NE(before.find("请问包皮手术多少钱？2"), std::string::npos) << before;

    std::string target = database_for_tests()();
    {
        process p({"copy", "--from", c.file, "--to", target});
        std::string out = p.read_all();
        ASSERT_EQ(exit_code(p.wait()), 0) << out;
        EXPECT_EQ(rows_of(out, "messages"), 6) << out;
        EXPECT_EQ(rows_of(out, "staff"), 2) << out;
        EXPECT_EQ(rows_of(out, "conversations"), 1) << out;
        EXPECT_GE(rows_of(out, "tokens"), 2) << out;
        EXPECT_NE(out.find(" rows in 13 tables; the counts match on both sides\n"), std::string::npos) << out;
    }
    {
        process p({"copy", "--from=" + c.file, "--to=" + target});
        EXPECT_EQ(p.read_all(), "") << "a target holding data is refused";
        EXPECT_EQ(exit_code(p.wait()), 1);
    }
    {
        process p({"copy", "--from", c.file, "--to", target, "--replace"});
        p.read_all();
        EXPECT_EQ(exit_code(p.wait()), 0) << "--replace empties the target first";
    }

    // Served from PostgreSQL: the supervisor's token from the SQLite days still opens the same
    // transcript (token hashes and staff came along), and the password still logs in.
    process srv(serve_args(target));
    auto port = srv.port();
    ASSERT_NE(port, 0);
    auto r = http_request(port, "GET", "/api/conversations/" + conv, {}, token);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, before);
    EXPECT_FALSE(login_token(port, "li").empty());
    process list({"--database=" + target, "user", "list"});
    EXPECT_EQ(list.read_all(), "boss\tsupervisor\t*\tactive\nli\tconsultant\t*\tactive\n");
    srv.kill(SIGTERM);
}

TEST(cli, copy_refuses_two_sqlite_files_and_a_missing_source) {
    served_clinic c;
    fs::create_directories(c.dir);
    {
        process p({"copy", "--from", c.file, "--to", (c.dir / "other.db").string()});
        EXPECT_EQ(p.read_all(), "");
        EXPECT_EQ(exit_code(p.wait()), 1);
    }
    if (!database_for_tests()) return;
    process p({"copy", "--from", c.file, "--to", database_for_tests()()});
    EXPECT_EQ(p.read_all(), "");
    EXPECT_EQ(exit_code(p.wait()), 1);
    EXPECT_FALSE(fs::exists(c.file)) << "a missing source is not created";
}
