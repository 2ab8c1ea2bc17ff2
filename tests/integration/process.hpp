// A child `lingting` process for tests of the real binary (crash, CLI).
#pragma once

#include "auth/password.hpp"

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lingting::testing {

// A child `lingting` process; its port is read from the addresses it prints.
class process {
public:
    // stderr_file: where the child's log (standard error) goes; empty keeps the test's own.
    explicit process(std::vector<std::string> args, const std::string& stdin_text = {},
                     const std::string& stderr_file = {}) {
        int out[2], in[2];
        if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        posix_spawn_file_actions_addclose(&fa, in[1]);
        if (!stderr_file.empty())
            posix_spawn_file_actions_addopen(&fa, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        args.insert(args.begin(), LINGTING_BINARY);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, LINGTING_BINARY, &fa, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("spawn");
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        close(in[0]);
        // A child that refuses its arguments exits before reading standard input: the write then
        // fails with EPIPE, which must not kill the test process with SIGPIPE.
        std::signal(SIGPIPE, SIG_IGN);
        if (!stdin_text.empty()) (void)!write(in[1], stdin_text.data(), stdin_text.size());
        close(in[1]);
        out_ = fdopen(out[0], "r");
    }
    pid_t pid() const { return pid_; }
    // Resident memory in kB (VmRSS), 0 if it cannot be read.
    long rss_kb() const {
        FILE* f = std::fopen(("/proc/" + std::to_string(pid_) + "/status").c_str(), "r");
        if (!f) return 0;
        char line[256];
        long kb = 0;
        while (std::fgets(line, sizeof line, f))
            if (std::sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
        std::fclose(f);
        return kb;
    }
    // Everything it printed on stdout until it exits.
    std::string read_all() {
        std::string all;
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, out_)) > 0) all.append(buf, n);
        return all;
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

// The exit code of a wait() status; -1 if the child did not exit (killed by a signal).
inline int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// A fresh folder under /tmp for one test's files, removed with everything in it.
struct temp_dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("lingting-cli-" + lingting::crypto::random_hex(6));
    temp_dir() { std::filesystem::create_directories(path); }
    ~temp_dir() { std::filesystem::remove_all(path); }
};

}  // namespace lingting::testing
