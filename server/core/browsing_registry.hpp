// Visitors browsing the clinic's site with the widget (not chatting), listed for consultants to
// invite, and the invitations themselves. Staff see the `shown` longest-browsing visitors: a
// snapshot of them on joining, then a small delta when one of THEM moves or leaves (and the next
// one moves up). Page views of visitors beyond what staff can see cost staff nothing, so a flood
// of browsing sockets does not reach a consultant's socket. An invitation is a one-time token issued by the server to
// one browsing visitor's socket: a visitor cannot name a consultant to be routed to.
#pragma once

#include "core/frames.hpp"

#include <optional>
#include <set>
#include <vector>
#include <string>
#include <unordered_map>

namespace lingting {

class browsing_registry {
public:
    struct invitation {
        std::string consultant;
        time_point expires{};
    };

    explicit browsing_registry(std::size_t shown = 100) : shown_(shown) {}

    // `keyword`: the search keyword the visit came with (sources.tsv), shown to staff at once.
    void join(session_id sid, const std::string& department, time_point now, const std::string& keyword = {});
    // A page view (url and title already validated); the delta for staff if the visitor is one
    // of those they see.
    std::optional<frames::frame> view(session_id sid, const std::string& url, const std::string& title, time_point now);
    // The visitor left; the deltas for staff (its removal, and the visitor who moved into view).
    std::vector<frames::frame> leave(session_id sid);
    // The listed visitors staff see (oldest first) and the total.
    frames::frame snapshot() const;

    // "b12" -> the browsing session 12, if it is one.
    std::optional<session_id> find(const std::string& visitor) const;
    // Records a one-time invitation under `token` (replacing that visitor's earlier one).
    void invite(session_id sid, const std::string& token, const std::string& consultant, time_point now,
                milliseconds ttl);
    // Takes the invitation under `token` if it exists and has not expired (each works once).
    std::optional<invitation> redeem(const std::string& token, time_point now);

    static std::string visitor_id(session_id sid) {
        // Appended, not "b" + to_string(): GCC 12's -Wrestrict misreads that inlined insert (its bug
        // 105329) and printed a warning per file in the Release build `server/start.sh` makes.
        std::string id(1, 'b');
        id += std::to_string(sid);
        return id;
    }

private:
    struct visitor {
        std::string department, url, title, invitation;  // invitation: its token, if any
        std::string keyword;
        time_point since{}, last_view{};
    };
    frames::browsing_entry entry(session_id sid, const visitor& v) const;
    using order_key = std::pair<time_point, session_id>;
    bool shown(const order_key& k) const;  // among the first `shown_` listed

    std::size_t shown_;
    std::set<order_key> listed_order_;  // visitors with a page view, oldest first
    std::unordered_map<session_id, visitor> visitors_;
    std::unordered_map<std::string, invitation> invitations_;
};

}  // namespace lingting
