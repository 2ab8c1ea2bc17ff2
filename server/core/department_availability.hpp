// Tells visitors whether anyone of their department is online, so the page can offer the
// leave-a-message form instead of an endless "您前面还有 0 位". Listeners are visitor sockets
// (browsing, or in a conversation) by department; when a department's state flips (its last
// consultant went offline, or one came back) each listener of it gets one `availability` frame.
#pragma once

#include "core/visitor_frames.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lingting {

class department_availability {
public:
    using online_fn = std::function<bool(const std::string& department)>;

    // Starts telling `sid` about `department`; returns whether it is online now (for the frame
    // the caller sends it at once).
    bool listen(session_id sid, const std::string& department, const online_fn& online);
    void forget(session_id sid);
    // Re-checks every department someone listens to; a frame for each listener whose
    // department's state changed since it was last told.
    std::vector<std::pair<session_id, frames::frame>> changes(const online_fn& online);

private:
    struct department_state {
        bool online = false;
        std::set<session_id> listeners;
    };
    std::map<std::string, department_state> departments_;
    std::unordered_map<session_id, std::string> by_session_;
};

}  // namespace lingting
