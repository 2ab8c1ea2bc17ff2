// Minimal RAII over the SQLite C API: a connection and a prepared statement.
// Only server/store/ includes this (and sqlite3.h).
#pragma once

#include "core/message_store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lingting::sqlite {

// A store_error, so the layers above catch it without knowing SQLite.
struct error : store_error {
    int code;  // extended result code
    error(int c, const std::string& what) : store_error(what), code(c) {}
    // The write itself was at fault (a constraint, a type), not the database: the store stays healthy.
    bool about_the_data() const {
        int primary = code & 0xff;
        return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG;
    }
};

class db {
public:
    // `busy_timeout_ms`: how long a statement waits for a lock held by another connection or
    // process before failing with SQLITE_BUSY. `vfs`: a registered VFS's name, or null for the
    // default (the store's writer uses coalescing_wal_vfs()).
    explicit db(const std::string& path, int busy_timeout_ms = 5000, const char* vfs = nullptr);
    ~db();
    db(const db&) = delete;
    db& operator=(const db&) = delete;

    void exec(std::string_view sql) const;  // throws error
    sqlite3* handle() const { return h_; }

private:
    sqlite3* h_ = nullptr;
};

class stmt {
public:
    stmt(const db& d, std::string_view sql);
    ~stmt();
    stmt(const stmt&) = delete;
    stmt& operator=(const stmt&) = delete;

    stmt& bind(int i, std::string_view v);
    stmt& bind(int i, std::int64_t v);
    stmt& bind(int i, double v);
    stmt& bind_null(int i);
    // Steps once: true for a row, false when done; throws on error.
    bool step();
    // Runs to completion and resets for reuse.
    void run();
    void reset();

    std::string text(int col) const;
    std::int64_t integer(int col) const;
    double real(int col) const;
    bool is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

}  // namespace lingting::sqlite
