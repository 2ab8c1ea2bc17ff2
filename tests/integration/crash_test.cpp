// The real `lingting` binary, killed with SIGKILL while messages are in flight, then restarted
// on the same database file: every acknowledged message is there, the conversation open at the
// crash is ended as `system`, and the visitor's resume replays what it missed.
#include "test_server.hpp"

#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace lingting;
using namespace lingting::testing;

namespace {

// A child `lingting` process; its port is read from the addresses it prints.
class process {
public:
    explicit process(std::vector<std::string> args, const std::string& stdin_text = {}) {
        int out[2], in[2];
        if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        posix_spawn_file_actions_addclose(&fa, in[1]);
        args.insert(args.begin(), LINGTING_BINARY);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, LINGTING_BINARY, &fa, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("spawn");
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        close(in[0]);
        if (!stdin_text.empty()) (void)!write(in[1], stdin_text.data(), stdin_text.size());
        close(in[1]);
        out_ = fdopen(out[0], "r");
    }
    ~process() {
        if (pid_ > 0) kill(SIGKILL);
        if (out_) fclose(out_);
    }
    // Reads stdout until the visitor address appears; 0 if the process ended first.
    unsigned short port() {
        char line[512];
        while (fgets(line, sizeof line, out_)) {
            std::string s = line;
            auto at = s.find("http://127.0.0.1:");
            if (at != std::string::npos) return static_cast<unsigned short>(std::stoi(s.substr(at + 17)));
        }
        return 0;
    }
    int wait() {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }
    void kill(int sig) {
        ::kill(pid_, sig);
        wait();
    }

private:
    pid_t pid_ = -1;
    FILE* out_ = nullptr;
};

}  // namespace

TEST(crash, kill_9_under_load_loses_no_acknowledged_message) {
    auto dir = std::filesystem::temp_directory_path() / ("lingting-crash-" + crypto::random_hex(6));
    std::string db = (dir / "lingting.db").string();
    std::vector<std::string> common = {"--database=" + db, "--pbkdf2-iterations=1000"};

    // Staff accounts through the CLI, on the same file the server will use.
    for (auto [name, role] : {std::pair{"li", "consultant"}, {"boss", "supervisor"}}) {
        auto args = common;
        args.insert(args.end(), {"user", "add", name, "--role", role});
        process p(args, "password1\n");
        ASSERT_EQ(p.wait(), 0);
    }
    std::vector<std::string> serve = common;
    serve.insert(serve.end(), {"--port=0", "--messages-per-second=100000", "--message-burst=100000"});

    auto srv = std::make_unique<process>(serve);
    unsigned short port = srv->port();
    ASSERT_NE(port, 0);
    ws_client consultant;
    ASSERT_EQ(consultant.connect(port, "/ws/staff?token=" + login_token(port, "li")), 101);
    ws_client visitor;
    ASSERT_EQ(visitor.connect(port, "/ws/visitor"), 101);
    auto welcome = visitor.next_of("welcome");
    ASSERT_TRUE(welcome);
    std::string conv = (*welcome)["conversation"].GetString();
    std::string resume = (*welcome)["resume"].GetString();

    // Both sides send in bursts without waiting; the server is killed mid-stream.
    std::set<std::string> acked;
    std::uint64_t last_seq_seen_by_visitor = 0;
    for (int burst = 0; burst < 10; ++burst) {
        for (int i = 0; i < 20; ++i) {
            visitor.send(say("访客消息" + std::to_string(burst * 20 + i), "v" + std::to_string(burst * 20 + i)));
            consultant.send(say("咨询师消息" + std::to_string(burst * 20 + i), "c" + std::to_string(burst * 20 + i), conv));
        }
        if (burst == 9) srv->kill(SIGKILL);
        while (auto f = visitor.next(burst == 9 ? 300ms : 50ms)) {
            std::string type = (*f)["type"].GetString();
            if (type == "ack") acked.insert((*f)["id"].GetString());
            if (type == "message") last_seq_seen_by_visitor = (*f)["seq"].GetUint64();
        }
        while (auto f = consultant.next(burst == 9 ? 300ms : 10ms))
            if (std::string((*f)["type"].GetString()) == "ack") acked.insert((*f)["id"].GetString());
    }
    ASSERT_GT(acked.size(), 100u);
    ASSERT_LT(acked.size(), 400u) << "the kill should land mid-stream";

    srv = std::make_unique<process>(serve);
    port = srv->port();
    ASSERT_NE(port, 0);
    auto r = http_request(port, "GET", "/api/conversations/" + conv, {}, login_token(port, "boss"));
    ASSERT_EQ(r.status, 200);
    json d;
    d.Parse(r.body.c_str());
    EXPECT_EQ(std::string(d["ending"].GetString()), "system") << "open at the crash: ended as system";
    std::set<std::string> stored;
    std::uint64_t expected_seq = 1;
    for (auto& m : d["messages"].GetArray()) {
        stored.insert(m["id"].GetString());
        EXPECT_EQ(m["seq"].GetUint64(), expected_seq++) << "no gaps, no doubles";
    }
    for (auto& id : acked) EXPECT_TRUE(stored.count(id)) << "acked but lost: " << id;

    // The visitor resumes after the restart: what it had not seen, then the ending.
    ws_client back;
    ASSERT_EQ(back.connect(port, "/ws/visitor?resume=" + resume + "&after=" + std::to_string(last_seq_seen_by_visitor)), 101);
    ASSERT_TRUE(back.next_of("welcome"));
    std::uint64_t replayed = 0;
    for (;;) {
        auto f = back.next(2s);
        ASSERT_TRUE(f);
        std::string type = (*f)["type"].GetString();
        if (type == "ended") break;
        if (type == "message") {
            EXPECT_GT((*f)["seq"].GetUint64(), last_seq_seen_by_visitor);
            ++replayed;
        }
    }
    EXPECT_EQ(replayed, stored.size() - last_seq_seen_by_visitor);
    srv->kill(SIGTERM);
    std::filesystem::remove_all(dir);
}
