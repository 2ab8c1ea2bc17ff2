// pg_store::read, for the pg_*.cpp files that read: the template lives here so each of them
// can instantiate it, and only they include libpq.
#pragma once

#include "store/pg.hpp"
#include "store/pg_store.hpp"

namespace lingting {

template <class F>
auto pg_store::read(F&& f) -> decltype(f(std::declval<const pg::connection&>())) {
    std::lock_guard lock(reader_mutex_);
    try {
        return f(reader_connection());
    } catch (const pg::error& e) {
        if (!e.connection_lost) throw;
        // A connection that outlived a server restart fails once: drop it and try a fresh one.
        reader_db_.reset();
        return f(reader_connection());
    }
}

// A message's sender as stored.
inline sender parse_sender(const std::string& s) {
    return s == "visitor" ? sender::visitor : s == "consultant" ? sender::consultant : sender::system;
}

}  // namespace lingting
