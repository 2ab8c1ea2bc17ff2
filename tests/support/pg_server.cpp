#include "support/pg_server.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <pwd.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <fcntl.h>

namespace fs = std::filesystem;

namespace lingting::testing {
namespace {

std::string find_bin() {
    if (const char* env = std::getenv("LINGTING_PG_BIN"); env && *env)
        return fs::exists(fs::path(env) / "initdb") ? env : "";
    std::string best;
    int best_version = 0;
    std::error_code ec;
    for (auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        int v = std::atoi(e.path().filename().c_str());
        if (v > best_version && fs::exists(e.path() / "bin" / "initdb") && fs::exists(e.path() / "bin" / "pg_ctl")) {
            best_version = v;
            best = (e.path() / "bin").string();
        }
    }
    return best;
}

// The unprivileged account the cluster runs as when the tests run as root.
struct account {
    uid_t uid;
    gid_t gid;
};
std::optional<account> server_account() {
    if (geteuid() != 0) return std::nullopt;
    if (const passwd* p = getpwnam("nobody")) return account{p->pw_uid, p->pw_gid};
    return account{65534, 65534};
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The processes of the server: the postmaster and its children (backends, checkpointer...).
std::vector<pid_t> server_processes(pid_t postmaster) {
    std::vector<pid_t> out{postmaster};
    std::error_code ec;
    for (auto& e : fs::directory_iterator("/proc", ec)) {
        pid_t pid = std::atoi(e.path().filename().c_str());
        if (pid <= 0 || pid == postmaster) continue;
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so after ')'.
        auto stat = read_file(e.path() / "stat");
        auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state;
        pid_t ppid, pgrp;
        if (rest >> state >> ppid >> pgrp && (ppid == postmaster || pgrp == postmaster) && state != 'Z')
            out.push_back(pid);
    }
    return out;
}

// Gone, or a zombie nobody has reaped yet (a container's init may never): dead either way.
bool dead(pid_t pid) {
    auto stat = read_file(fs::path("/proc") / std::to_string(pid) / "stat");
    if (stat.empty()) return true;
    auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && (stat[close + 2] == 'Z' || stat[close + 2] == 'X');
}

}  // namespace

std::optional<std::string> pg_server::missing() {
    if (find_bin().empty())
        return "PostgreSQL binaries not found (install postgresql-15: bash server/install-deps.sh --tests, "
               "or set LINGTING_PG_BIN)";
    return std::nullopt;
}

pg_server::pg_server() : bin_(find_bin()) {
    if (bin_.empty()) throw std::runtime_error(*missing());
    std::string pattern = "/tmp/lingting-pg-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    start_watchdog();
    if (auto who = server_account()) {
        if (chown(dir_.c_str(), who->uid, who->gid) != 0) throw std::runtime_error("chown " + dir_ + " failed");
    }
    auto data = dir_ + "/data";
    run("initdb", {bin_ + "/initdb", "-D", data, "-U", "lingting", "--auth=trust", "-E", "UTF8", "--no-locale",
                   "--no-sync", "--no-instructions"});
    // Only the Unix socket in our folder: no TCP port, nothing another test or process could reach.
    std::ofstream conf(data + "/postgresql.conf", std::ios::app);
    conf << "\n# lingting tests\nlisten_addresses = ''\nunix_socket_directories = '" << dir_
         << "'\nmax_connections = 30\nshared_buffers = 16MB\nsynchronous_commit = on\nfsync = on\n";
    conf.close();
    start();
}

pg_server::~pg_server() {
    try {
        if (running()) run("pg_ctl stop", {bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
    } catch (...) {
        kill9();
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
    if (watchdog_pipe_ >= 0) close(watchdog_pipe_);  // the watchdog finds nothing left and exits
    if (watchdog_ > 0) waitpid(watchdog_, nullptr, 0);
}

void pg_server::start_watchdog() {
    // A test process killed outright (a ctest timeout) runs no destructor. The watchdog, a
    // shell reading a pipe only this process writes to, wakes when that pipe closes, however
    // the process ended, and kills the server and removes its folder.
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    std::string script = "read _; pid=$(head -n1 '" + dir_ + "/data/postmaster.pid' 2>/dev/null); "
                         "[ -n \"$pid\" ] && kill -9 \"$pid\" 2>/dev/null && sleep 1; rm -rf '" + dir_ + "'";
    pid_t child = fork();
    if (child < 0) {
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (child == 0) {
        dup2(fds[0], 0);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        setsid();  // not in the test's process group: a signal to the group leaves it to clean up
        execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[0]);
    watchdog_pipe_ = fds[1];
    watchdog_ = child;
}

void pg_server::run(const std::string& what, const std::vector<std::string>& argv) const {
    auto log_path = dir_ + "/" + (what.starts_with("pg_ctl") ? "pg_ctl.log" : "initdb.log");
    auto who = server_account();
    pid_t child = fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        if (who) {
            if (setgroups(0, nullptr) != 0 || setgid(who->gid) != 0 || setuid(who->uid) != 0) _exit(126);
        }
        int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, 0);
        if (chdir(dir_.c_str()) != 0) _exit(126);
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(what + " failed (status " + std::to_string(status) + "):\n" + read_file(log_path) +
                                 "\n" + log());
}

void pg_server::start() {
    run("pg_ctl start", {bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-t", "60", "start"});
}

void pg_server::stop() { run("pg_ctl stop", {bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}); }

pid_t pg_server::postmaster_pid() const {
    auto lock = read_file(dir_ + "/data/postmaster.pid");
    return lock.empty() ? 0 : static_cast<pid_t>(std::atoi(lock.c_str()));
}

bool pg_server::running() const {
    auto pid = postmaster_pid();
    return pid > 0 && !dead(pid);
}

void pg_server::kill9() {
    auto pid = postmaster_pid();
    if (pid <= 0) return;
    auto all = server_processes(pid);
    for (auto p : all) ::kill(p, SIGKILL);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        bool gone = true;
        for (auto p : server_processes(pid)) gone = gone && dead(p);
        if (gone) break;
        if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("the server survived SIGKILL");
        for (auto p : server_processes(pid)) ::kill(p, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // Its lock files name a pid that may live on as an unreaped zombie, which the next
    // postmaster would take for a running server: they go, as they would after a reboot.
    std::error_code ec;
    fs::remove(dir_ + "/data/postmaster.pid", ec);
    for (auto& e : fs::directory_iterator(dir_, ec))
        if (e.path().filename().string().starts_with(".s.PGSQL") &&
            e.path().filename().string().ends_with(".lock"))
            fs::remove(e.path(), ec);
}

void pg_server::freeze() {
    if (auto pid = postmaster_pid(); pid > 0)
        for (auto p : server_processes(pid)) ::kill(p, SIGSTOP);
}

void pg_server::thaw() {
    if (auto pid = postmaster_pid(); pid > 0)
        for (auto p : server_processes(pid)) ::kill(p, SIGCONT);
}

std::string pg_server::uri(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + dir_ + "&user=lingting";
}

std::string pg_server::create_database() {
    auto name = "db_" + std::to_string(++databases_);
    PGconn* c = PQconnectdb(uri("postgres").c_str());
    std::string error;
    if (PQstatus(c) != CONNECTION_OK) {
        error = PQerrorMessage(c);
    } else {
        PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(c);
    if (!error.empty()) throw std::runtime_error("CREATE DATABASE " + name + ": " + error);
    return uri(name);
}

std::string pg_server::log() const { return read_file(dir_ + "/server.log"); }

}  // namespace lingting::testing
