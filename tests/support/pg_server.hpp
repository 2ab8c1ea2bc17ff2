// A real, temporary PostgreSQL for tests: initdb into a fresh folder under /tmp, the server
// listening only on a Unix socket in that folder (no TCP port at all), torn down afterwards.
// Run as root (CI), the cluster belongs to `nobody`: initdb and postgres refuse root.
//
//   if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
//   pg_server pg;                       // initdb + start, a few seconds
//   auto uri = pg.create_database();    // postgresql:///db_1?host=/tmp/lingting-pg-...&user=lingting
//   pg.kill9();  pg.start();            // a crash of the server and its recovery
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lingting::testing {

class pg_server {
public:
    // Why no server can be started here (the PostgreSQL binaries are not installed), or nullopt.
    // Looks in $LINGTING_PG_BIN, then the newest /usr/lib/postgresql/*/bin.
    static std::optional<std::string> missing();

    // initdb and start; throws std::runtime_error (with the server's log) if either fails.
    pg_server();
    ~pg_server();
    pg_server(const pg_server&) = delete;
    pg_server& operator=(const pg_server&) = delete;

    // A new, empty database on this server; returns its libpq URI.
    std::string create_database();
    // The URI of an existing database.
    std::string uri(const std::string& database) const;

    void start();  // pg_ctl start, waiting until it accepts connections (after crash recovery)
    void stop();   // pg_ctl stop -m fast
    // SIGKILL to the postmaster and every process of the server at once: a crash, as the OOM
    // killer or a power cut would leave it (nothing flushed beyond what was committed).
    void kill9();
    // SIGSTOP / SIGCONT to every process of the server: a database that hangs (a stuck host,
    // a partition without resets). A query waits until thaw(); nothing fails.
    void freeze();
    void thaw();
    bool running() const;
    pid_t postmaster_pid() const;  // 0 if none
    const std::string& folder() const { return dir_; }
    std::string log() const;  // the server's log so far (for failure messages)

private:
    void run(const std::string& what, const std::vector<std::string>& argv) const;
    void start_watchdog();

    std::string bin_;   // folder of initdb, pg_ctl, postgres
    std::string dir_;   // the temporary folder: data/, the socket, server.log
    int databases_ = 0;
    int watchdog_pipe_ = -1;
    pid_t watchdog_ = 0;
};

}  // namespace lingting::testing
