// Checkpoints the store's WAL on a thread of its own, so the writer thread only commits. SQLite
// checkpoints by default inside the commit that passes 1,000 WAL pages: the writer then copies
// pages into the database file and fsyncs it while every waiting message waits too. Here the
// writer's connection only reports the WAL's length after each commit (a wal hook, no I/O) and
// this thread copies the WAL back with its own connection: PASSIVE (it never blocks the
// writer), or RESTART once the WAL has grown far past the mark under a load so steady that a
// passive checkpoint never catches up (the writer then waits for one copy, as it used to).
// Durability does not change: each commit is still fsync'd in the WAL by the writer.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lingting {

namespace sqlite { class db; }

class wal_checkpointer {
public:
    // `writer` is the connection whose commits grow the WAL (its automatic checkpoints are
    // turned off here); `pages`: the WAL length that calls for a checkpoint.
    wal_checkpointer(const sqlite::db& writer, const std::string& path, int busy_timeout_ms, int pages = 1000);
    ~wal_checkpointer();  // stops the thread; the last connection to close checkpoints the rest
    wal_checkpointer(const wal_checkpointer&) = delete;
    wal_checkpointer& operator=(const wal_checkpointer&) = delete;

    // Checkpoints done so far (for tests and the benchmark).
    long checkpoints() const;

private:
    void wal_grew(int pages);  // on the writer thread, after each commit
    bool due() const;          // with mutex_ held
    void run();

    const sqlite::db& writer_;
    std::unique_ptr<sqlite::db> db_;
    int pages_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    int wal_pages_ = 0;     // the WAL's length at the last commit; guarded by mutex_
    int copied_up_to_ = 0;  // the WAL's length the last checkpoint saw; guarded by mutex_
    bool stopping_ = false;
    long checkpoints_ = 0;
    std::thread thread_;
};

}  // namespace lingting
