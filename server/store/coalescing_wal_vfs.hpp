// A SQLite VFS that gathers the writes of one transaction to a WAL file into a few system calls.
//
// SQLite writes each WAL frame as two `pwrite`s (its 24-byte header, then the page), so a group
// commit that dirties 120 pages makes 240 system calls before its fsync; on this kind of virtual
// machine each costs more than the bytes it copies (issue #14: `pwrite` was 18 % of a durable
// relay's CPU). This VFS wraps the default one and, for WAL files only, keeps consecutive writes
// in a buffer and writes them, one `pwrite` per 124 KB (the unix VFS's largest write), when the
// transaction's commit frame is complete (a frame whose header carries the database size: the
// WAL format's commit marker), before any sync, read, size query, file control or truncation of
// the file, at a write that does not follow on, and when the buffer is full. Every other file (the database,
// its shared memory) is the default VFS's own.
//
// Why that order keeps SQLite's guarantees: a commit is published to other connections (the
// wal-index header) only after its commit frame is written, and is durable only after xSync;
// both come after the flush, so no reader and no recovery sees a frame that is not in the file,
// and a commit acknowledged after its fsync is on disk exactly as before. A flush that fails
// returns the error of the write that caused it (SQLITE_FULL for a full disk), so the
// transaction fails as it would have; its buffered frames are dropped, as SQLite rewrites them.
#pragma once

#include <cstdint>

namespace lingting::sqlite {

// The VFS's name for sqlite3_open_v2, registered (not as the default) on first use. Thread-safe.
const char* coalescing_wal_vfs();

// Counts since the process started, all files together (tests, the benchmark).
struct coalescing_wal_counts {
    std::uint64_t writes = 0;   // xWrite calls on WAL files
    std::uint64_t flushes = 0;  // writes to the file that carried them (one per 124 KB at most)
};
coalescing_wal_counts coalescing_wal_counters();

}  // namespace lingting::sqlite
