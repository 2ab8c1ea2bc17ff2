// Visitors browsing the clinic's site with the widget (not chatting), listed for consultants to
// invite, and the invitations themselves. Staff get a bounded snapshot on joining and one small
// delta per page view or departure. An invitation is a one-time token issued by the server to
// one browsing visitor's socket: a visitor cannot name a consultant to be routed to.
#pragma once

#include "core/frames.hpp"

#include <optional>
#include <string>
#include <unordered_map>

namespace lingting {

class browsing_registry {
public:
    struct invitation {
        std::string consultant;
        time_point expires{};
    };

    void join(session_id sid, const std::string& department, time_point now);
    bool contains(session_id sid) const { return visitors_.count(sid) > 0; }
    // A page view (url and title already validated); returns the delta for staff.
    frames::frame view(session_id sid, const std::string& url, const std::string& title, time_point now);
    // The visitor left; returns the delta for staff if it had been listed (had a page view).
    std::optional<frames::frame> leave(session_id sid);
    // The first `limit` listed visitors (oldest first) and the total.
    frames::frame snapshot(std::size_t limit) const;
    std::size_t size() const { return visitors_.size(); }

    // "b12" -> the browsing session 12, if it is one.
    std::optional<session_id> find(const std::string& visitor) const;
    // Records a one-time invitation under `token` (replacing that visitor's earlier one).
    void invite(session_id sid, const std::string& token, const std::string& consultant, time_point now,
                milliseconds ttl);
    // Takes the invitation under `token` if it exists and has not expired (each works once).
    std::optional<invitation> redeem(const std::string& token, time_point now);

    static std::string visitor_id(session_id sid) { return "b" + std::to_string(sid); }

private:
    struct visitor {
        std::string department, url, title, invitation;  // invitation: its token, if any
        time_point since{}, last_view{};
    };
    frames::browsing_entry entry(session_id sid, const visitor& v) const;

    std::unordered_map<session_id, visitor> visitors_;
    std::unordered_map<std::string, invitation> invitations_;
    std::size_t listed_ = 0;  // visitors with at least one page view
};

}  // namespace lingting
