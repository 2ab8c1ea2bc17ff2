#include "store/coalescing_wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <new>
#include <vector>

namespace lingting::sqlite {
namespace {

// A commit's frames fit in this much for up to ~250 dirtied pages of 4 KB; a bigger transaction
// is written in pieces of this size (still far fewer calls than two per frame). Kept allocated
// per open WAL (one per writing connection), so a commit never allocates.
constexpr std::size_t buffer_limit = 1 << 20;
constexpr int frame_header_bytes = 24;  // the WAL format's frame header
// The unix VFS writes at most 128 KB - 1 per call (seekAndWriteFd masks the length with 0x1ffff and
// reports the rest as a full disk), so a flush goes out in pieces this big: 4 system calls for a
// commit of 120 pages instead of 240.
constexpr std::size_t piece_bytes = 124 * 1024;

std::atomic<std::uint64_t> total_writes{0};
std::atomic<std::uint64_t> total_flushes{0};

sqlite3_vfs* base_vfs = nullptr;  // the default VFS this one wraps
sqlite3_vfs shim_vfs;

struct wal_file {
    sqlite3_file base;       // first: SQLite sees this
    sqlite3_file* real;      // the default VFS's file, in the same allocation after this struct
    std::vector<unsigned char>* buffer;
    sqlite3_int64 buffer_at;  // file offset of buffer[0]
    bool commit_frame_open;   // the last write was a commit frame's header: its page completes the commit
};

constexpr std::size_t real_offset = (sizeof(wal_file) + 15) & ~std::size_t{15};

wal_file* as_wal(sqlite3_file* f) { return reinterpret_cast<wal_file*>(f); }
const sqlite3_io_methods* real_methods(wal_file* w) { return w->real->pMethods; }

// Writes what is buffered; the buffer is empty afterwards whatever the outcome (on failure the
// transaction fails and SQLite writes those frames again).
int flush(wal_file* w) {
    auto& b = *w->buffer;
    w->commit_frame_open = false;
    int rc = SQLITE_OK;
    for (std::size_t at = 0; at < b.size() && rc == SQLITE_OK; at += piece_bytes) {
        std::size_t n = std::min(piece_bytes, b.size() - at);
        rc = real_methods(w)->xWrite(w->real, b.data() + at, static_cast<int>(n),
                                     w->buffer_at + static_cast<sqlite3_int64>(at));
        total_flushes.fetch_add(1, std::memory_order_relaxed);
    }
    b.clear();
    return rc;
}

std::uint32_t big_endian_u32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

int wal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    auto* w = as_wal(f);
    auto& b = *w->buffer;
    total_writes.fetch_add(1, std::memory_order_relaxed);
    const bool follows_on = !b.empty() && offset == w->buffer_at + static_cast<sqlite3_int64>(b.size());
    // SQLite writes a frame's page right after its header: after a commit frame's header, this write
    // completes the commit (flushed below even if it did not follow on, so no commit is ever
    // published with part of it still here).
    const bool completes_commit = w->commit_frame_open;
    if (!b.empty() && (!follows_on || b.size() + static_cast<std::size_t>(amount) > buffer_limit)) {
        if (int rc = flush(w); rc != SQLITE_OK) return rc;
    }
    if (static_cast<std::size_t>(amount) > piece_bytes) {  // never from SQLite's WAL (a page is at most 64 KB)
        total_flushes.fetch_add(1, std::memory_order_relaxed);
        return real_methods(w)->xWrite(w->real, data, amount, offset);
    }
    if (b.empty()) w->buffer_at = offset;
    auto* bytes = static_cast<const unsigned char*>(data);
    b.insert(b.end(), bytes, bytes + amount);
    // A frame header's second word is the database size after a commit frame, 0 in any other.
    w->commit_frame_open = amount == frame_header_bytes && big_endian_u32(bytes + 4) != 0;
    if (completes_commit) return flush(w);
    return SQLITE_OK;
}

int wal_read(sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
    auto* w = as_wal(f);
    auto& b = *w->buffer;
    if (!b.empty() && offset < w->buffer_at + static_cast<sqlite3_int64>(b.size()) && offset + amount > w->buffer_at) {
        if (int rc = flush(w); rc != SQLITE_OK) return rc;
    }
    return real_methods(w)->xRead(w->real, data, amount, offset);
}

int wal_close(sqlite3_file* f) {
    auto* w = as_wal(f);
    int flushed = flush(w);
    int rc = real_methods(w)->xClose(w->real);
    delete w->buffer;
    w->buffer = nullptr;
    return flushed != SQLITE_OK ? flushed : rc;
}

int wal_truncate(sqlite3_file* f, sqlite3_int64 size) {
    auto* w = as_wal(f);
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    return real_methods(w)->xTruncate(w->real, size);
}

int wal_sync(sqlite3_file* f, int flags) {
    auto* w = as_wal(f);
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    return real_methods(w)->xSync(w->real, flags);
}

int wal_file_size(sqlite3_file* f, sqlite3_int64* size) {
    auto* w = as_wal(f);
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    return real_methods(w)->xFileSize(w->real, size);
}

// The rest is the real file's, unchanged. (The default unix VFS's files are version 3; SQLite
// never asks a WAL file for shared memory or a memory map, so those are forwarded only for form.)
int wal_lock(sqlite3_file* f, int l) { return real_methods(as_wal(f))->xLock(as_wal(f)->real, l); }
int wal_unlock(sqlite3_file* f, int l) { return real_methods(as_wal(f))->xUnlock(as_wal(f)->real, l); }
int wal_check_reserved(sqlite3_file* f, int* out) {
    return real_methods(as_wal(f))->xCheckReservedLock(as_wal(f)->real, out);
}
int wal_file_control(sqlite3_file* f, int op, void* arg) {
    // A size hint or a query about the file sees it as SQLite wrote it (rare on a WAL: no cost).
    auto* w = as_wal(f);
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    return real_methods(w)->xFileControl(w->real, op, arg);
}
int wal_sector_size(sqlite3_file* f) { return real_methods(as_wal(f))->xSectorSize(as_wal(f)->real); }
int wal_device(sqlite3_file* f) { return real_methods(as_wal(f))->xDeviceCharacteristics(as_wal(f)->real); }
int wal_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return real_methods(as_wal(f))->xShmMap(as_wal(f)->real, region, size, extend, out);
}
int wal_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_methods(as_wal(f))->xShmLock(as_wal(f)->real, offset, n, flags);
}
void wal_shm_barrier(sqlite3_file* f) {
    (void)flush(as_wal(f));  // never called on a WAL file by SQLite; harmless if it is
    real_methods(as_wal(f))->xShmBarrier(as_wal(f)->real);
}
int wal_shm_unmap(sqlite3_file* f, int del) { return real_methods(as_wal(f))->xShmUnmap(as_wal(f)->real, del); }
int wal_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    auto* w = as_wal(f);
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    return real_methods(w)->xFetch(w->real, offset, amount, out);
}
int wal_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
    return real_methods(as_wal(f))->xUnfetch(as_wal(f)->real, offset, p);
}

const sqlite3_io_methods wal_methods = {
    3,           wal_close,       wal_read,          wal_write,      wal_truncate,       wal_sync,
    wal_file_size, wal_lock,      wal_unlock,        wal_check_reserved, wal_file_control, wal_sector_size,
    wal_device,  wal_shm_map,     wal_shm_lock,      wal_shm_barrier, wal_shm_unmap,     wal_fetch,
    wal_unfetch,
};

int shim_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    // Not a WAL: the default VFS's file, in the space SQLite allocated (large enough for ours).
    if (!(flags & SQLITE_OPEN_WAL)) return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
    auto* w = as_wal(file);
    w->base.pMethods = nullptr;
    w->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + real_offset);
    int rc = base_vfs->xOpen(base_vfs, name, w->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    w->buffer = new (std::nothrow) std::vector<unsigned char>();
    if (!w->buffer) {
        w->real->pMethods->xClose(w->real);
        return SQLITE_NOMEM;
    }
    w->buffer_at = 0;
    w->commit_frame_open = false;
    w->base.pMethods = &wal_methods;
    return SQLITE_OK;
}

void register_once() {
    base_vfs = sqlite3_vfs_find(nullptr);
    shim_vfs = *base_vfs;
    shim_vfs.zName = "lingting-coalescing-wal";
    shim_vfs.szOsFile = static_cast<int>(real_offset) + base_vfs->szOsFile;
    shim_vfs.pNext = nullptr;
    shim_vfs.xOpen = shim_open;
    sqlite3_vfs_register(&shim_vfs, 0);
}

}  // namespace

const char* coalescing_wal_vfs() {
    static std::once_flag once;
    std::call_once(once, register_once);
    return shim_vfs.zName;
}

coalescing_wal_counts coalescing_wal_counters() {
    return {total_writes.load(std::memory_order_relaxed), total_flushes.load(std::memory_order_relaxed)};
}

}  // namespace lingting::sqlite
