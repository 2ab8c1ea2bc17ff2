#include "core/department_availability.hpp"

namespace lingting {

bool department_availability::listen(session_id sid, const std::string& department, const online_fn& online) {
    forget(sid);
    auto& d = departments_[department];
    if (d.listeners.empty()) d.online = online(department);  // nobody kept it current
    d.listeners.insert(sid);
    by_session_[sid] = department;
    return d.online;
}

void department_availability::forget(session_id sid) {
    auto s = by_session_.find(sid);
    if (s == by_session_.end()) return;
    if (auto d = departments_.find(s->second); d != departments_.end()) {
        d->second.listeners.erase(sid);
        if (d->second.listeners.empty()) departments_.erase(d);
    }
    by_session_.erase(s);
}

std::vector<std::pair<session_id, frames::frame>> department_availability::changes(const online_fn& online) {
    std::vector<std::pair<session_id, frames::frame>> out;
    for (auto& [department, d] : departments_) {
        bool now_online = online(department);
        if (now_online == d.online) continue;
        d.online = now_online;
        auto f = frames::availability(department, now_online);
        for (auto sid : d.listeners) out.emplace_back(sid, f);
    }
    return out;
}

}  // namespace lingting
