// Frames of the visitor's side before and around a conversation: the chat page's welcome while
// no conversation exists yet, and whether anyone of the department is online.
#pragma once

#include "core/frames.hpp"

#include <span>
#include <vector>

namespace lingting::frames {

// A browsing socket's welcome: its visitor id, the department it landed in (after mapping) and
// whether a consultant of it is online now.
frame browsing_welcome(const std::string& visitor, const std::string& department, bool online);
// Someone of the department came online, or its last consultant went offline.
frame availability(const std::string& department, bool online);

// What the visitor page shows of the clinic: its name, its automatic greeting (from the
// clinic, not a message of the conversation), its departments (for the leave-a-message form)
// and the department this visitor is in.
frame clinic(const std::string& name, const std::string& greeting, std::span<const std::string> departments,
             const std::string& department);
// `status` `served`, naming the consultant who serves (the page shows "李医生 为您服务").
frame served_by(const std::string& conversation, const std::string& consultant);

// A resume's replay, in order: the `message` frames of `ms` with seq > `after`, but only the
// latest whose frames fit `budget_bytes` together (the last one always goes). The replay leaves
// in one go before the page can read any of it: a long conversation replayed whole overflowed
// the socket's send queue, and the visitor was cut off at every resume (the page resumes from 0
// on each page of the site).
std::vector<frame> replay(const std::string& conversation, std::span<const message> ms, std::uint64_t after,
                          std::size_t budget_bytes);

}  // namespace lingting::frames
