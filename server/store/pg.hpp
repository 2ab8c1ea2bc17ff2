// Minimal RAII over libpq: a connection, a result, and the parameters of one statement.
// Only server/store/pg_*.cpp include this (and libpq-fe.h). Every value travels as text.
#pragma once

#include "core/message_store.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting::pg {

// A store_error, so the layers above catch it without knowing libpq.
struct error : store_error {
    std::string sqlstate;   // five characters, empty when the server never answered
    bool connection_lost;   // the connection is gone (server down, killed, network)
    error(std::string state, bool lost, const std::string& what)
        : store_error(what), sqlstate(std::move(state)), connection_lost(lost) {}
    // The write itself was at fault (a constraint, bad data), not the database: the store stays
    // healthy. Class 22 is a data exception (a NUL byte in text), 23 an integrity violation.
    bool about_the_data() const {
        return !connection_lost && (sqlstate.starts_with("22") || sqlstate.starts_with("23"));
    }
};

// The parameters of one statement ($1, $2...), kept as text; nullopt is NULL.
class params {
public:
    params& add(std::string_view v) {
        values_.emplace_back(std::string(v));
        return *this;
    }
    params& add(const std::string& v) { return add(std::string_view(v)); }
    params& add(const char* v) { return add(std::string_view(v)); }
    params& add(std::int64_t v) {
        values_.emplace_back(std::to_string(v));
        return *this;
    }
    params& add(int v) { return add(std::int64_t{v}); }
    params& add(bool v) {
        values_.emplace_back(v ? "t" : "f");
        return *this;
    }
    params& add(double v);
    params& add_null() {
        values_.emplace_back(std::nullopt);
        return *this;
    }
    // An empty string as NULL ("any" in a filter).
    params& add_or_null(const std::string& v) { return v.empty() ? add_null() : add(v); }

    int size() const { return static_cast<int>(values_.size()); }
    // A value holding a NUL byte, which libpq would silently cut there (text parameters are C
    // strings) and PostgreSQL's text cannot hold: such a statement is refused, never truncated.
    bool has_nul() const;
    // Pointers for libpq, valid while this object lives unchanged.
    std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> values_;
};

class result {
public:
    result() = default;
    explicit result(PGresult* r) : r_(r) {}
    ~result() { PQclear(r_); }
    result(result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
    result& operator=(result&& o) noexcept {
        std::swap(r_, o.r_);
        return *this;
    }
    result(const result&) = delete;
    result& operator=(const result&) = delete;

    int rows() const { return r_ ? PQntuples(r_) : 0; }
    // Rows an INSERT/UPDATE/DELETE touched.
    int affected() const;
    bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
    std::string text(int row, int col) const {
        return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
    }
    std::int64_t integer(int row, int col) const;
    double real(int row, int col) const;
    bool boolean(int row, int col) const { return PQgetvalue(r_, row, col)[0] == 't'; }
    PGresult* handle() const { return r_; }

    // One row, read by column alone (as a sqlite::stmt is): for readers shared by both dialects.
    struct row_view {
        const result& r;
        int row;
        bool is_null(int col) const { return r.is_null(row, col); }
        std::string text(int col) const { return r.text(row, col); }
        std::int64_t integer(int col) const { return r.integer(row, col); }
        double real(int col) const { return r.real(row, col); }
    };
    row_view row(int i) const { return {*this, i}; }

private:
    PGresult* r_ = nullptr;
};

// Throws `error` unless `r` is a success for a statement.
result checked(PGconn* c, PGresult* r);
// The error of a failed result (or of the connection if `r` is null).
error error_of(PGconn* c, const PGresult* r);

class connection {
public:
    // Connects (throws error on failure). `uri`: any libpq connection string or URI.
    explicit connection(const std::string& uri);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    // Runs one or more statements without parameters; throws error.
    void exec(std::string_view sql) const;
    // Runs one statement with parameters; throws error.
    result query(const std::string& sql, const params& p = {}) const;
    bool ok() const { return PQstatus(c_) == CONNECTION_OK; }
    PGconn* handle() const { return c_; }

private:
    PGconn* c_ = nullptr;
};

// One statement of a pipeline: SQL and its parameters.
struct statement {
    std::string sql;
    params values;
};

// Sends every statement in one round trip (pipeline mode, one Sync at the end) and reads the
// answers. Returns the index of the first statement that failed, with its error in `failure`
// (the rest were skipped by the server), or -1 if all succeeded. A lost connection throws.
int run_pipeline(const connection& c, const std::vector<statement>& all, std::optional<error>& failure);

}  // namespace lingting::pg
