// How much text an open conversation holds in memory, and whether one more message fits.
// An open conversation keeps every message in memory (the consultant's `assigned` frame, a
// watching supervisor's transcript, the resume replay and the resend check all read it), so its
// size must be bounded, or one address could grow its ten conversations without end (about
// 80 KB/s each within the frame budget). At the bound a message is refused before it gets a
// `seq`: nothing acknowledged is ever dropped, and the store keeps all that was acknowledged.
#pragma once

#include <cstddef>

namespace lingting {

class conversation_size {
public:
    conversation_size() = default;
    // `limit` bytes of message text; 0: no limit.
    explicit conversation_size(std::size_t limit) : limit_(limit) {}

    // Whether a message of `text_bytes` may still be taken.
    bool admits(std::size_t text_bytes) const { return limit_ == 0 || bytes_ + text_bytes <= limit_; }
    // A message was taken (pending or committed) ...
    void add(std::size_t text_bytes) { bytes_ += text_bytes; }
    // ... or one taken failed to commit and is gone from memory.
    void remove(std::size_t text_bytes) { bytes_ -= text_bytes < bytes_ ? text_bytes : bytes_; }
    std::size_t bytes() const { return bytes_; }

private:
    std::size_t limit_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace lingting
