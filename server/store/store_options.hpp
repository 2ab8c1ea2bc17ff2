// The store's own settings, apart from the server's (core/config.hpp): how the backend commits,
// not what the chat does. main and the CLI read them from the same config file and flags
// (server/settings.hpp); only the store uses them. Every backend reads the same options: SQLite
// as below, PostgreSQL with its own meaning where noted.
#pragma once

#include <chrono>
#include <string>

namespace lingting {

struct store_options {
    // fsync each group commit (survives power loss, not only kill -9). SQLite: synchronous=FULL
    // rather than NORMAL; PostgreSQL: synchronous_commit on rather than off.
    bool sync_full = true;
    int max_batch = 512;         // writes per group commit at most
    // A lock held elsewhere longer than this fails the batch (SQLite: another process on the file).
    int busy_timeout_ms = 5000;
    // Group-commit window: the writer waits this long after the first write of a batch so that
    // more join the same commit (one fsync for several messages at moderate rates: CPU for
    // latency). 0: commit at once.
    std::chrono::microseconds commit_delay{0};
    // Group commits start at most this often (commit_pacer.hpp): writes that come sooner after the
    // last commit began wait for the rest of the interval, together; a write after a quiet spell
    // is committed at once. 0: every commit at once. Measured (issue #14, `bench/ab.sh`): at a steady
    // 4,000 messages/s, 1,000 µs cut the CPU per message by a quarter (a third without the analyzer),
    // p50 latency +0.5 ms, p99 no worse; closed loops unchanged.
    std::chrono::microseconds commit_interval{1000};
    // SQLite: QA's search index is written for ended conversations this many at a time, between
    // group commits (one transaction per batch; FTS5 pays per transaction), or once the oldest has
    // waited `search_index_delay` and the writer has nothing else to do. Until then QA's search
    // reads their messages directly, so a bigger batch or delay costs no result, only a longer
    // pause of the writer per batch (about 5 µs per message indexed). PostgreSQL: unused.
    int search_index_batch = 32;
    std::chrono::milliseconds search_index_delay{1000};
    // SQLite: the writer's WAL writes of one transaction leave in one system call per 124 KB instead
    // of two per page (server/store/coalescing_wal_vfs.hpp); the same bytes, the same fsync. Off:
    // SQLite's own writes, for comparison. PostgreSQL: unused.
    bool coalesce_wal_writes = true;
};

// True if `key` ("sync-full", "max-batch", ...) is one of the store's settings.
bool is_store_setting(const std::string& key);
// Applies one "key = value"; returns an error text, or empty on success.
std::string apply_store_setting(store_options& o, const std::string& key, const std::string& value);
// The documented list of the store's keys, for --help (the same layout as config_help()).
std::string store_settings_help();

}  // namespace lingting
