#include "core/browsing_registry.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace lingting {

void browsing_registry::join(session_id sid, const std::string& department, time_point now,
                             const std::string& keyword) {
    visitors_[sid] = visitor{department, {}, {}, {}, keyword, now, now};
}

frames::browsing_entry browsing_registry::entry(session_id sid, const visitor& v) const {
    // What staff are shown of a URL and a title is bounded further than what is accepted.
    return {visitor_id(sid), v.department, std::string(utf8_prefix(v.url, 512)), std::string(utf8_prefix(v.title, 200)),
            v.keyword, v.since};
}

bool browsing_registry::shown(const order_key& k) const {
    if (listed_order_.size() <= shown_) return listed_order_.count(k) > 0;
    auto last = std::next(listed_order_.begin(), static_cast<std::ptrdiff_t>(shown_) - 1);
    return listed_order_.count(k) > 0 && !(*last < k);
}

std::optional<frames::frame> browsing_registry::view(session_id sid, const std::string& url, const std::string& title,
                                                     time_point now) {
    auto& v = visitors_.at(sid);
    order_key key{v.since, sid};
    listed_order_.insert(key);
    v.url = url;
    v.title = title;
    v.last_view = now;
    if (!shown(key)) return std::nullopt;
    return frames::browsing_update(entry(sid, v), listed_order_.size());
}

std::vector<frames::frame> browsing_registry::leave(session_id sid) {
    std::vector<frames::frame> out;
    auto it = visitors_.find(sid);
    if (it == visitors_.end()) return out;
    order_key key{it->second.since, sid};
    bool was_shown = shown(key);
    // An invitation outlives the browsing socket: the widget opens a chat socket to accept it.
    visitors_.erase(it);
    if (!listed_order_.erase(key) || !was_shown) return out;
    out.push_back(frames::browsing_remove(visitor_id(sid), listed_order_.size()));
    if (listed_order_.size() >= shown_) {  // the next one moved into view
        auto next = *std::next(listed_order_.begin(), static_cast<std::ptrdiff_t>(shown_) - 1);
        out.push_back(frames::browsing_update(entry(next.second, visitors_.at(next.second)), listed_order_.size()));
    }
    return out;
}

frames::frame browsing_registry::snapshot() const {
    std::vector<frames::browsing_entry> list;
    for (auto& [since, sid] : listed_order_) {
        if (list.size() >= shown_) break;
        list.push_back(entry(sid, visitors_.at(sid)));
    }
    return frames::browsing_list(list, listed_order_.size());
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
