// How much text an open conversation holds in memory, and whether one more message fits.
// An open conversation keeps every message in memory (the consultant's `assigned` frame, a
// watching supervisor's transcript, the resume replay and the resend check all read it), so its
// size must be bounded, or one address could grow its ten conversations without end (about
// 80 KB/s each within the frame budget). At the bound a message is refused before it gets a
// `seq`: nothing acknowledged is ever dropped, and the store keeps all that was acknowledged.
//
// It counts what memory holds per message, not only its text: counting text alone let many tiny
// messages through (a one-byte `say` costs the text's byte and some 200 bytes around it: the
// message record with its author, client id and time, the map entry of the pending write, the
// analyzer's share), so a conversation of 1 MiB of text bound could hold a million records.
// Findings are not held per conversation (they are written to the store and counted), so they
// cost nothing here.
#pragma once

#include "core/message.hpp"

#include <cstddef>

namespace lingting {

class conversation_size {
public:
    // What one message costs beyond its strings' bytes: the record itself, its slot in the
    // conversation's message vector (or pending map node), and the analyzer's per-message state
    // (a hash of each reply, the visitor's unanswered lines). An estimate on the high side.
    static constexpr std::size_t per_message_overhead = sizeof(message) + 96;

    conversation_size() = default;
    // `limit` bytes held per open conversation; 0: no limit.
    explicit conversation_size(std::size_t limit) : limit_(limit) {}

    // The bytes a message of these strings holds in memory. Text twice: the analyzer keeps a copy
    // of the visitor's lines until they are answered.
    static std::size_t cost(std::size_t text, std::size_t author, std::size_t client_id) {
        return per_message_overhead + 2 * text + author + client_id;
    }
    static std::size_t cost(const message& m) { return cost(m.text.size(), m.author.size(), m.client_id.size()); }

    // Whether a message costing `bytes` may still be taken. Staff messages have a reserve of a
    // sixteenth of the bound beyond it: a visitor who fills the conversation (a flood, or a paste
    // of a whole document) would otherwise leave the consultant unable to say anything more, not
    // even to ask the visitor to stop or to call; the consultant could only end it. The memory
    // bound is then the limit plus the reserve.
    bool admits(std::size_t bytes, bool staff = false) const {
        return limit_ == 0 || bytes_ + bytes <= limit_ + (staff ? limit_ / 16 : 0);
    }
    // A message was taken (pending or committed) ...
    void add(std::size_t bytes) { bytes_ += bytes; }
    // ... or one taken failed to commit and is gone from memory.
    void remove(std::size_t bytes) { bytes_ -= bytes < bytes_ ? bytes : bytes_; }
    std::size_t bytes() const { return bytes_; }

private:
    std::size_t limit_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace lingting
