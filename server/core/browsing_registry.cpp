#include "core/browsing_registry.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace lingting {

void browsing_registry::join(session_id sid, const std::string& department, time_point now) {
    visitors_[sid] = visitor{department, {}, {}, {}, now, now};
}

frames::browsing_entry browsing_registry::entry(session_id sid, const visitor& v) const {
    return {visitor_id(sid), v.department, v.url, v.title, v.since};
}

frames::frame browsing_registry::view(session_id sid, const std::string& url, const std::string& title, time_point now) {
    auto& v = visitors_.at(sid);
    if (v.url.empty()) ++listed_;
    v.url = url;
    v.title = title;
    v.last_view = now;
    return frames::browsing_update(entry(sid, v), listed_);
}

std::optional<frames::frame> browsing_registry::leave(session_id sid) {
    auto it = visitors_.find(sid);
    if (it == visitors_.end()) return std::nullopt;
    bool was_listed = !it->second.url.empty();
    // An invitation outlives the browsing socket: the widget opens a chat socket to accept it.
    visitors_.erase(it);
    if (!was_listed) return std::nullopt;
    --listed_;
    return frames::browsing_remove(visitor_id(sid), listed_);
}

frames::frame browsing_registry::snapshot(std::size_t limit) const {
    std::vector<frames::browsing_entry> list;
    for (auto& [sid, v] : visitors_)
        if (!v.url.empty()) list.push_back(entry(sid, v));
    auto n = std::min(limit, list.size());
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n), list.end(),
                      [](auto& a, auto& b) { return a.since < b.since; });
    list.resize(n);
    return frames::browsing_list(list, listed_);
}

std::optional<session_id> browsing_registry::find(const std::string& visitor) const {
    session_id sid = 0;
    if (visitor.size() < 2 || visitor[0] != 'b') return std::nullopt;
    auto [p, ec] = std::from_chars(visitor.data() + 1, visitor.data() + visitor.size(), sid);
    if (ec != std::errc{} || p != visitor.data() + visitor.size() || !visitors_.count(sid)) return std::nullopt;
    return sid;
}

void browsing_registry::invite(session_id sid, const std::string& token, const std::string& consultant,
                               time_point now, milliseconds ttl) {
    auto& v = visitors_.at(sid);
    if (!v.invitation.empty()) invitations_.erase(v.invitation);
    v.invitation = token;
    // Expired invitations (of visitors long gone) are swept here, so the map stays small.
    std::erase_if(invitations_, [&](auto& kv) { return kv.second.expires <= now; });
    invitations_[token] = invitation{consultant, now + ttl};
}

std::optional<browsing_registry::invitation> browsing_registry::redeem(const std::string& token, time_point now) {
    auto it = invitations_.find(token);
    if (it == invitations_.end()) return std::nullopt;
    auto inv = std::move(it->second);
    invitations_.erase(it);
    if (inv.expires <= now) return std::nullopt;
    return inv;
}

}  // namespace lingting
