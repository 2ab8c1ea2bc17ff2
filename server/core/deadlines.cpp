#include "core/deadlines.hpp"

namespace lingting {

void deadlines::set(const std::string& key, time_point at, wakeup w) {
    auto k = keyed_.find(key);
    if (k != keyed_.end()) {
        if (k->second->first == at) return;  // armed already
        entries_.erase(k->second);
        k->second = entries_.insert({at, {std::move(w), key}});
        return;
    }
    keyed_.emplace(key, entries_.insert({at, {std::move(w), key}}));
}

void deadlines::clear(const std::string& key) {
    auto k = keyed_.find(key);
    if (k == keyed_.end()) return;
    entries_.erase(k->second);
    keyed_.erase(k);
}

std::optional<time_point> deadlines::next() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.begin()->first;
}

std::optional<wakeup> deadlines::pop_due(time_point now) {
    if (entries_.empty() || entries_.begin()->first > now) return std::nullopt;
    auto due = entries_.begin();
    wakeup w = std::move(due->second.w);
    if (!due->second.key.empty()) keyed_.erase(due->second.key);
    entries_.erase(due);
    return w;
}

}  // namespace lingting
