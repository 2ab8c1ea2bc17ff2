// Conversations waiting for a consultant, in arrival order, with a cap. Staff see it as a
// bounded snapshot on joining and as one small delta per change afterwards, so what a staff
// socket receives grows with what happens, not with how many strangers wait.
#pragma once

#include "core/frames.hpp"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

class visitor_queue {
public:
    explicit visitor_queue(std::size_t cap = 200) : cap_(cap) {}

    bool full() const { return entries_.size() >= cap_; }
    std::size_t size() const { return entries_.size(); }
    const std::string* front() const { return entries_.empty() ? nullptr : &entries_.front().conversation; }

    // Appends; returns the delta every staff socket gets.
    frames::frame push(const std::string& conversation, const std::string& department, time_point since);
    // 1-based position, or nullopt if not queued.
    std::optional<std::size_t> position(const std::string& conversation) const;
    // Removes; returns the old 1-based position (visitors behind it moved up), nullopt if absent.
    std::optional<std::size_t> erase(const std::string& conversation);
    // Ids from `from` (1-based) on, in order: the visitors whose position changed.
    std::vector<std::string> from_position(std::size_t from) const;
    std::vector<std::string> ids() const;

    // The first `limit` entries and the total.
    frames::frame snapshot(std::size_t limit) const;
    frames::frame removed_frame(const std::string& conversation) const;

private:
    std::size_t cap_;
    std::deque<frames::queue_entry> entries_;
};

}  // namespace lingting
