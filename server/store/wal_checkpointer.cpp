#include "store/wal_checkpointer.hpp"

#include "store/sqlite.hpp"


namespace lingting {

wal_checkpointer::wal_checkpointer(const sqlite::db& writer, const std::string& path, int busy_timeout_ms, int pages)
    : writer_(writer), db_(std::make_unique<sqlite::db>(path, busy_timeout_ms)), pages_(pages) {
    // A connection learns the journal mode when it first reads the file; until then SQLite
    // takes it for a rollback database and its checkpoints do nothing.
    db_->exec("PRAGMA journal_mode");
    // Replaces SQLite's own hook (the automatic checkpoint), so the writer's commit never copies.
    sqlite3_wal_hook(
        writer_.handle(),
        [](void* self, sqlite3*, const char*, int wal_pages) {
            static_cast<wal_checkpointer*>(self)->wal_grew(wal_pages);
            return SQLITE_OK;
        },
        this);
    thread_ = std::thread([this] { run(); });
}

wal_checkpointer::~wal_checkpointer() {
    sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

long wal_checkpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

bool wal_checkpointer::due() const { return wal_pages_ - copied_up_to_ >= pages_; }

void wal_checkpointer::wal_grew(int pages) {
    {
        std::lock_guard lock(mutex_);
        bool was_due = due();
        if (pages < copied_up_to_) copied_up_to_ = 0;  // the WAL started over
        wal_pages_ = pages;
        if (was_due || !due()) return;  // not due, or the thread already knows
    }
    wake_.notify_one();
}

void wal_checkpointer::run() {
    for (;;) {
        int pages = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || due(); });
            if (stopping_) return;
            pages = wal_pages_;
        }
        // Far past the mark: a steady load keeps appending while passive checkpoints copy, so
        // the WAL never starts over. RESTART waits for the commit in progress, copies all,
        // and lets the next commit write the WAL from its start.
        int mode = pages >= 8 * pages_ ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
        int log = 0, copied = 0;
        int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, mode, &log, &copied);
        std::lock_guard lock(mutex_);
        ++checkpoints_;
        // The next one when the WAL has grown by another `pages_` past what this one saw (a
        // busy or failed one is tried again then, not in a loop).
        copied_up_to_ = (rc == SQLITE_OK || rc == SQLITE_BUSY) && log >= 0 ? log : pages;
    }
}

}  // namespace lingting
