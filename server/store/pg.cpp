#include "store/pg.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace lingting::pg {
namespace {

// The server's own message, trimmed of libpq's trailing newline.
std::string trimmed(const char* s) {
    std::string m = s ? s : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m;
}

// Statements per Sync in a pipeline: the server's answers to one segment wait in the socket
// buffer while libpq (blocking) is still sending, so a segment is kept well below its size.
constexpr std::size_t pipeline_segment = 200;

}  // namespace

params& params::add(double v) {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%.17g", v);
    values_.emplace_back(std::string(buf, static_cast<std::size_t>(n)));
    return *this;
}

bool params::has_nul() const {
    for (auto& v : values_)
        if (v && v->find('\0') != std::string::npos) return true;
    return false;
}

static error nul_refused() { return error("22021", false, "a value holds a NUL byte, which text cannot store"); }

std::vector<const char*> params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
}

int result::affected() const {
    const char* n = r_ ? PQcmdTuples(r_) : "";
    return *n ? std::atoi(n) : 0;
}

std::int64_t result::integer(int row, int col) const {
    const char* s = PQgetvalue(r_, row, col);
    std::int64_t v = 0;
    std::from_chars(s, s + PQgetlength(r_, row, col), v);
    return v;
}

double result::real(int row, int col) const { return std::strtod(PQgetvalue(r_, row, col), nullptr); }

error error_of(PGconn* c, const PGresult* r) {
    bool lost = PQstatus(c) != CONNECTION_OK;
    std::string state;
    if (r)
        if (const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE)) state = s;
    // 08: connection exception; 57P01..03: the server shutting down or crashed.
    if (state.starts_with("08") || state.starts_with("57P")) lost = true;
    // The primary message only: the DETAIL of a constraint error quotes the row, which may be a
    // patient's message, and reports must never carry message text.
    std::string what = r ? trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) : std::string();
    if (what.empty()) what = trimmed(PQerrorMessage(c));
    if (what.empty()) what = "no answer from the database";
    return error(state, lost, what);
}

result checked(PGconn* c, PGresult* r) {
    result owned(r);
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
    throw error_of(c, r);
}

connection::connection(const std::string& uri) {
    // Defaults first, then the URI (expanded from dbname), whose own settings win: a dead host
    // fails a connect within seconds, and a peer gone silent (a network partition) fails a
    // waiting query instead of holding the writer forever. None of these apply to Unix sockets.
    const char* keys[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "tcp_user_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"5", "1", "10", "3", "3", "15000", "lingting", uri.c_str(), nullptr};
    c_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (PQstatus(c_) != CONNECTION_OK) {
        std::string msg = trimmed(PQerrorMessage(c_));
        PQfinish(c_);
        c_ = nullptr;
        throw error("08001", true, "cannot connect to PostgreSQL: " + msg);
    }
    // Notices (e.g. "relation already exists, skipping") are not the server's business to print.
    PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
}

connection::~connection() { PQfinish(c_); }

void connection::exec(std::string_view sql) const {
    std::string s(sql);
    PGresult* r = PQexec(c_, s.c_str());
    // A multi-statement string answers with the last statement's result, or the first error.
    checked(c_, r);
}

result connection::query(const std::string& sql, const params& p) const {
    if (p.has_nul()) throw nul_refused();
    auto values = p.pointers();
    return checked(c_, PQexecParams(c_, sql.c_str(), p.size(), nullptr, values.data(), nullptr, nullptr, 0));
}

int run_pipeline(const connection& c, const std::vector<statement>& all, std::optional<error>& failure) {
    PGconn* h = c.handle();
    failure.reset();
    if (all.empty()) return -1;
    // A statement that cannot be sent faithfully fails as the server would fail it: what comes
    // before it runs, it and what follows do not.
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].values.has_nul()) {
            std::vector<statement> before(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(i));
            int failed_at = run_pipeline(c, before, failure);
            if (failed_at >= 0) return failed_at;
            failure = nul_refused();
            return static_cast<int>(i);
        }
    if (PQenterPipelineMode(h) != 1) throw error_of(h, nullptr);
    int failed_at = -1;
    auto leave = [&] { PQexitPipelineMode(h); };
    try {
        for (std::size_t begin = 0; begin < all.size() && failed_at < 0; begin += pipeline_segment) {
            std::size_t end = std::min(all.size(), begin + pipeline_segment);
            for (std::size_t i = begin; i < end; ++i) {
                auto values = all[i].values.pointers();
                if (PQsendQueryParams(h, all[i].sql.c_str(), all[i].values.size(), nullptr, values.data(), nullptr,
                                      nullptr, 0) != 1)
                    throw error_of(h, nullptr);
            }
            if (PQpipelineSync(h) != 1) throw error_of(h, nullptr);
            // One result (then a null) per statement, then the Sync's own result.
            for (std::size_t i = begin; i < end; ++i) {
                PGresult* r = PQgetResult(h);
                if (!r) throw error_of(h, nullptr);  // the connection went away mid-answer
                result owned(r);
                auto status = PQresultStatus(r);
                if (status == PGRES_FATAL_ERROR && failed_at < 0) {
                    failed_at = static_cast<int>(i);
                    failure = error_of(h, r);
                    if (failure->connection_lost) throw *failure;
                }
                while (PGresult* extra = PQgetResult(h)) PQclear(extra);
            }
            for (;;) {
                PGresult* r = PQgetResult(h);
                if (!r) throw error_of(h, nullptr);
                bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
                PQclear(r);
                if (sync) break;
            }
        }
    } catch (...) {
        leave();
        throw;
    }
    if (PQexitPipelineMode(h) != 1) throw error_of(h, nullptr);
    return failed_at;
}

}  // namespace lingting::pg
