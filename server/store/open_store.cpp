#include "store/open_store.hpp"

#include "store/sqlite_store.hpp"

// The PostgreSQL backend (server/store/pg_store.*, library lingting_pg) is compiled in when CMake
// finds libpq and defines LINGTING_WITH_POSTGRES for this file only; without it, a postgresql://
// database is refused with a clear message rather than taken for a file name.
#ifdef LINGTING_WITH_POSTGRES
#include "store/pg_store.hpp"
#endif

namespace lingting {

store_backend backend_of(const std::string& url_or_path) {
    for (const char* scheme : {"postgresql://", "postgres://"})
        if (url_or_path.rfind(scheme, 0) == 0) return store_backend::postgresql;
    return store_backend::sqlite;
}

std::string printable_database(const std::string& url_or_path) {
    if (backend_of(url_or_path) != store_backend::postgresql) return url_or_path;
    std::string s = url_or_path;
    // user:password@ in the authority (between "://" and the next '/', '?' or end).
    auto start = s.find("://") + 3;
    auto end = s.find_first_of("/?", start);
    auto at = s.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= start) {
        auto colon = s.find(':', start);
        if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
    }
    // password=... among the query parameters.
    for (auto p = s.find("password=", s.find('?') == std::string::npos ? s.size() : s.find('?'));
         p != std::string::npos; p = s.find("password=", p + 1)) {
        if (p > 0 && s[p - 1] != '?' && s[p - 1] != '&') continue;
        auto v = p + 9;
        s.replace(v, s.find('&', v) == std::string::npos ? s.size() - v : s.find('&', v) - v, "***");
    }
    return s;
}

std::unique_ptr<message_store> open_store(const std::string& url_or_path, const store_options& options,
                                          store_failure_sink on_failure) {
    switch (backend_of(url_or_path)) {
    case store_backend::postgresql:
#ifdef LINGTING_WITH_POSTGRES
    {
        // The seam. PostgreSQL commits with synchronous_commit=on whatever sync_full says, and
        // has no busy timeout (a lock wait there is the server's own business).
        pg_store_options pg;
        pg.max_batch = options.max_batch;
        pg.commit_delay = options.commit_delay;
        pg.commit_interval = options.commit_interval;
        return std::make_unique<pg_store>(url_or_path, pg, std::move(on_failure));
    }
#else
        throw store_error("PostgreSQL support not built: this lingting was compiled without libpq, so it "
                          "cannot open " + std::string(url_or_path.substr(0, url_or_path.find(':'))) +
                          ":// databases (install libpq-dev and rebuild)");
#endif
    case store_backend::sqlite:
        break;
    }
    return std::make_unique<sqlite_store>(url_or_path, options, std::move(on_failure));
}

}  // namespace lingting
