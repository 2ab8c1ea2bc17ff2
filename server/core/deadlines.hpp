// Moments at which something may fall due (a visitor's resume grace, a consultant's grace, an
// analyzer threshold, a re-route), so the core's tick looks only at what is named here.
// Entries can be stale (the visitor came back): whoever pops one re-checks before acting.
#pragma once

#include "core/types.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace lingting {

struct wakeup {
    enum class what : std::uint8_t { conversation, staff };
    what kind = what::conversation;
    std::string id;
};

class deadlines {
public:
    // A one-off entry.
    void add(time_point at, wakeup w) { entries_.insert({at, {std::move(w), {}}}); }
    // The one entry kept under `key`: moved when its time changes, so a busy conversation holds
    // one entry, not one per message.
    void set(const std::string& key, time_point at, wakeup w);
    void clear(const std::string& key);
    std::optional<time_point> next() const;
    // The earliest entry due at `now`, removed; nullopt when none is.
    std::optional<wakeup> pop_due(time_point now);

private:
    struct entry {
        wakeup w;
        std::string key;  // empty: a one-off entry
    };
    std::multimap<time_point, entry> entries_;
    std::unordered_map<std::string, std::multimap<time_point, entry>::iterator> keyed_;
};

}  // namespace lingting
