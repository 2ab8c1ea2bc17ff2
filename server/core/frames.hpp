// Encoders for every server-to-client frame. Each returns the frame once, shared, so the
// same bytes can be queued for every recipient.
#pragma once

#include "core/analysis/finding.hpp"
#include "core/ending_rules.hpp"
#include "core/message.hpp"
#include "core/protocol.hpp"

#include <memory>
#include <span>
#include <string>

namespace lingting::frames {

using frame = std::shared_ptr<const std::string>;

frame welcome(const std::string& conversation, const std::string& resume_token);
frame ack(const std::string& client_id, std::uint64_t seq, time_point at);
frame message_frame(const std::string& conversation, const message& m);
// A committed message's two frames, encoded once: the sender's ack and the message for everyone
// else in the conversation (the same bytes as ack() and message_frame(), one timestamp for both).
struct committed_frames {
    frame ack, relay;
};
committed_frames committed(const std::string& conversation, const message& m);
// `closed_by`: what closed it (the ending rules' trigger), when known; `by`: the staff member who
// ended it (a consultant or a supervisor), so the consultant is told who closed their chat.
frame ended(const std::string& conversation, ending how, std::optional<close_trigger> closed_by = {},
            std::string_view by = {});
frame error(proto::error_code code, std::string_view detail = {}, std::string_view client_id = {});
// Visitor: where it stands; position 0 with state "served" once a consultant has it.
frame queued(const std::string& conversation, std::size_t position);
// Visitor: the conversation moved to another consultant ("已为您转接").
frame transferred(const std::string& conversation);
// Staff: a conversation (with its transcript so far) now belongs to them, or no longer does.
// Staff-bound transcripts name each consultant message's author, so a receiver of a transfer
// sees whose words were whose. A transfer says who handed it over and their note.
struct handover {
    std::string from, note;
};
frame assigned(const std::string& conversation, const std::string& department, time_point started,
               std::span<const message> transcript, const handover* from = nullptr);
frame unassigned(const std::string& conversation, std::string_view reason);
// Supervisor watching: the transcript so far.
frame transcript(const std::string& conversation, const std::string& consultant,
                 std::span<const message> messages);
frame typing(const std::string& conversation, sender from);
frame rated(const std::string& conversation);

// Findings: to the consultant (finding), to supervisors (alert), for a draft (check_result),
// and the refusal of a message the policy blocks (an error with code "blocked").
frame finding_frame(const std::string& conversation, const finding& f);
frame alert(const std::string& conversation, const std::string& consultant, const std::string& department,
            const finding& f);
frame check_result(const std::string& conversation, std::span<const finding> findings, bool would_block);
frame blocked(const std::string& client_id, std::span<const finding> findings);
std::string finding_json(const finding& f);

// Browsing visitors (the widget on a clinic page, not chatting) and invitations; their welcome
// is in visitor_frames.hpp.
// An invitation: the one-time token the widget opens its chat with (no staff name is told).
frame invited(const std::string& token);
struct browsing_entry {
    std::string visitor, department, url, title, keyword;  // keyword: the search keyword, if any
    time_point since{};
};
// Staff: a bounded snapshot (the first entries and the total), then one delta per change.
frame browsing_list(std::span<const browsing_entry> visitors, std::size_t total);
frame browsing_update(const browsing_entry& visitor, std::size_t total);
frame browsing_remove(const std::string& visitor, std::size_t total);

struct queue_entry {
    std::string conversation, department;
    time_point since{};
};
frame queue_state(std::span<const queue_entry> queue, std::size_t total);
frame queue_add(const queue_entry& entry, std::size_t total);
frame queue_remove(const std::string& conversation, std::size_t total);

// A visitor refused before any conversation exists (`reason`: queue_full, too_many): the page
// offers to leave a message or try later.
frame busy(std::string_view reason);

// For tests and the API: a message as a JSON object, with its `author` (the consultant who
// wrote it) when the message has one.
std::string message_json(const std::string& conversation, const message& m);

}  // namespace lingting::frames
