#include "core/visitor_queue.hpp"

#include <algorithm>

namespace lingting {

frames::frame visitor_queue::push(const std::string& conversation, const std::string& department, time_point since) {
    entries_.push_back({conversation, department, since});
    return frames::queue_add(entries_.back(), entries_.size());
}

std::optional<std::size_t> visitor_queue::position(const std::string& conversation) const {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.conversation == conversation; });
    if (it == entries_.end()) return std::nullopt;
    return static_cast<std::size_t>(it - entries_.begin()) + 1;
}

std::optional<std::size_t> visitor_queue::erase(const std::string& conversation) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.conversation == conversation; });
    if (it == entries_.end()) return std::nullopt;
    auto pos = static_cast<std::size_t>(it - entries_.begin()) + 1;
    entries_.erase(it);
    return pos;
}

std::vector<std::string> visitor_queue::from_position(std::size_t from) const {
    std::vector<std::string> out;
    for (std::size_t i = from == 0 ? 0 : from - 1; i < entries_.size(); ++i) out.push_back(entries_[i].conversation);
    return out;
}

std::vector<std::string> visitor_queue::ids() const { return from_position(1); }

frames::frame visitor_queue::snapshot(std::size_t limit) const {
    auto n = std::min(limit, entries_.size());
    std::vector<frames::queue_entry> first(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(n));
    return frames::queue_state(first, entries_.size());
}

frames::frame visitor_queue::removed_frame(const std::string& conversation) const {
    return frames::queue_remove(conversation, entries_.size());
}

}  // namespace lingting
