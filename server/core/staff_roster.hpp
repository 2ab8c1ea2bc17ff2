// Consultants' presence (在线/忙碌/离开) and load as the pages see them. Pure: the core tells
// the roster what a consultant's line is now; the roster says whether that is news, and makes
// the frames: a consultant hears its own line (`presence`), supervisors every line
// (`staff_list` on connect, `staff_update` per change). Only 在线 takes new routing.
#pragma once

#include "core/frames.hpp"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

enum class presence { online, busy, away };
std::string_view to_string(presence p);
std::optional<presence> parse_presence(std::string_view s);

struct roster_entry {
    std::string name;
    std::vector<std::string> departments;
    presence state = presence::online;
    bool connected = false;  // has a live socket (not only in its reconnect grace)
    int load = 0, max = 0;   // open conversations held, and the automatic maximum
    bool operator==(const roster_entry&) const = default;
};

class staff_roster {
public:
    // A consultant who never said otherwise is 在线.
    presence presence_of(const std::string& name) const;
    void set_presence(const std::string& name, presence p);
    // The consultant is gone for good (its grace ran out): the next log-in starts 在线 again.
    void forget_presence(const std::string& name) { presence_.erase(name); }
    bool takes_new_conversations(const std::string& name) const { return presence_of(name) == presence::online; }

    // True if `now` differs from the line last published for that name (and remembers it).
    bool changed(const roster_entry& now);

    static frames::frame own_frame(const roster_entry& e);           // {"type":"presence",...}
    static frames::frame update_frame(const roster_entry& e);        // {"type":"staff_update",...}
    static frames::frame list_frame(std::span<const roster_entry> all);  // {"type":"staff_list",...}

private:
    std::map<std::string, presence, std::less<>> presence_;
    std::map<std::string, roster_entry, std::less<>> published_;
};

}  // namespace lingting
