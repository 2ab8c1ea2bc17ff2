#include "store/sqlite.hpp"

namespace lingting::sqlite {

namespace {

// SQLite's allocation statistics take a process-wide mutex on every sqlite3_malloc and free
// (tens per group commit); nothing here reads them (no soft heap limit, no sqlite3_status), so
// they are turned off, once, before SQLite initialises (sqlite3_config must come first).
const bool memstatus_off = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();

}  // namespace

db::db(const std::string& path, int busy_timeout_ms, const char* vfs) {
    (void)memstatus_off;
    int rc = sqlite3_open_v2(path.c_str(), &h_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
        std::string msg = h_ ? sqlite3_errmsg(h_) : sqlite3_errstr(rc);
        sqlite3_close(h_);
        throw error(rc, "cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(h_, busy_timeout_ms);
    sqlite3_extended_result_codes(h_, 1);
}

db::~db() { sqlite3_close_v2(h_); }

void db::exec(std::string_view sql) const {
    char* msg = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(h_, s.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
        std::string m = msg ? msg : sqlite3_errstr(rc);
        sqlite3_free(msg);
        throw error(rc, m);
    }
}

stmt::stmt(const db& d, std::string_view sql) : db_(d.handle()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc != SQLITE_OK) throw error(rc, std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql));
}

stmt::~stmt() { sqlite3_finalize(s_); }

stmt& stmt::bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
stmt& stmt::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
}
stmt& stmt::bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
}
stmt& stmt::bind_null(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
}

bool stmt::step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(s_);
    throw error(rc, msg);
}

void stmt::run() {
    while (step()) {
    }
    reset();
}

void stmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

std::string stmt::text(int col) const {
    auto p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : std::string();
}
std::int64_t stmt::integer(int col) const { return sqlite3_column_int64(s_, col); }
double stmt::real(int col) const { return sqlite3_column_double(s_, col); }
bool stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

}  // namespace lingting::sqlite
