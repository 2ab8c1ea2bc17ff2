// The relay's rules: conversations, routing, queue, resume, acks and endings.
// Pure and single-threaded: the shell feeds it events with the time, and carries out what it
// puts in the outbox (frames to send, sockets to close, writes to make durable). The caller
// serialises all calls (the hub holds one mutex around it).
#pragma once

#include "core/analysis/analyzer.hpp"
#include "core/analysis/copied_text.hpp"
#include "core/analysis/ime_checker.hpp"
#include "core/browsing_registry.hpp"
#include "core/conversation_size.hpp"
#include "core/deadlines.hpp"
#include "core/department_availability.hpp"
#include "core/ending_rules.hpp"
#include "core/frames.hpp"
#include "core/protocol.hpp"
#include "core/frame_budget.hpp"
#include "core/rate_limiter.hpp"
#include "core/resent_messages.hpp"
#include "core/rule_precision.hpp"
#include "core/routing.hpp"
#include "core/staff_roster.hpp"
#include "core/store_write.hpp"
#include "core/visit_source.hpp"
#include "core/visitor_admission.hpp"
#include "core/visitor_queue.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace lingting {

struct outbox {
    struct send_frame {
        session_id to;
        frames::frame text;
    };
    struct close_session {
        session_id to;
        std::uint16_t code;
        std::string reason;
    };
    // A consultant message for the IME typo check, run by the shell off the relay's path
    // (late_findings() brings its findings back).
    struct ime_check {
        std::string conversation, department;
        std::uint64_t seq;
        time_point at;
        std::string text;
        std::shared_ptr<const lexicon> lex;
        // What the inline check found (check_consultant), so the worker's rude-reply model knows
        // which sentences are flagged already without running that check a second time.
        std::vector<finding> inline_findings;
        std::string visitor_said;  // what the visitor wrote before it (visitor_transcript::before)
    };
    std::vector<send_frame> frames;
    std::vector<close_session> closes;
    std::vector<pending_write> writes;
    std::vector<ime_check> ime_checks;

    void send(session_id to, frames::frame f) { frames.push_back({to, std::move(f)}); }
    void write(store_write w, std::optional<commit_ticket> t = std::nullopt) {
        writes.push_back({std::move(w), std::move(t)});
    }
};

// WebSocket close codes the core asks for (documented in PROTOCOL.md).
namespace close_codes {
constexpr std::uint16_t unauthorized = 4401;   // staff log-in revoked, disabled or expired
constexpr std::uint16_t not_found = 4404;      // unknown or expired resume token
constexpr std::uint16_t too_many = 4429;       // per-address limit on anonymous conversations
// RFC 6455 policy violation: frames the server cannot use (not JSON, unknown type, binary, too
// large) sent faster than the frame budget allows.
constexpr std::uint16_t policy = 1008;
// 4503 is "service unavailable, try later": after a `busy` frame (queue full: the page offers to
// leave a message, no reconnect), or after an `unavailable` error (a store fault: reconnect later).
constexpr std::uint16_t busy = 4503;
constexpr std::uint16_t unavailable = 4503;
}  // namespace close_codes

struct core_settings {
    int max_load = 5;
    milliseconds resume_grace{60'000};
    // A visitor whose page closed its socket cleanly (1000/1001: the tab closed, or the visitor
    // went to another page of the site) has this long to come back before it counts as leaving.
    milliseconds leave_grace{5'000};
    milliseconds consultant_grace{60'000};
    milliseconds reassign_after{0};  // 0: off
    double messages_per_second = 5;
    double message_burst = 20;
    bool live_analysis = true;  // false: messages are relayed unread (to measure the analyzer's cost)
    // Indicators (typing, page views) have a budget of their own: a fast typist must never use
    // up `say`'s, and a page-view flood must not reach staff.
    double indicators_per_second = 1;
    double page_views_per_second = 0.2;
    double indicator_burst = 3;
    // Anonymous traffic: open conversations per client address (0: no limit) and waiting
    // conversations in all; beyond either a visitor is told to try later, not queued.
    int conversations_per_address = 10;
    std::size_t max_queue = 200;
    // Staff lists (queue, browsing visitors) are sent whole only up to this many entries.
    std::size_t list_snapshot = 100;
    // A resume replays the latest missed messages up to this many bytes of frames (frames::replay);
    // the server sets half the socket's send queue (max-queue-bytes).
    std::size_t replay_budget_bytes = 512 * 1024;
    // The message text an open conversation may hold in memory (0: no limit); beyond it a `say`
    // is refused with `conversation_full` (core/conversation_size.hpp).
    std::size_t max_conversation_bytes = 1024 * 1024;
    milliseconds invitation_ttl{300'000};
    // Random tokens (invitations); the shell gives a CSPRNG, tests a counter.
    std::function<std::string()> make_token;
    // A conversation opened by the core itself (at a browsing visitor's first message) needs an
    // id and a resume token: random in the shell, counters in tests.
    std::function<std::string()> make_conversation_id, make_resume_token;
};

// What a new visitor brought: all of it from a URL anyone can write.
struct visitor_arrival {
    std::string department;  // as asked; unknown names become the default department
    std::string address;     // the client's address, for the per-address limit
    std::string invitation;  // a one-time invitation token, if the visitor accepted one
    visit_capture visit;     // referrer, landing page, browser id...: read by the source rules
};

struct staff_identity {
    std::string name;
    role r = role::consultant;
    std::vector<std::string> departments;
};

// Counts for metrics and the supervisor board.
struct core_stats {
    std::size_t open_conversations = 0;
    std::size_t queued = 0;
    std::size_t visitor_sessions = 0;
    std::size_t staff_sessions = 0;
    std::size_t consultant_sessions = 0, supervisor_sessions = 0, qa_sessions = 0;
};

// One open conversation on the supervisor's board.
struct board_row {
    std::string id, department, consultant;  // consultant empty: queued
    time_point started{};
    std::optional<time_point> waiting_since;  // the visitor's unanswered wait, if any
    std::size_t messages = 0, findings = 0;
    std::string keyword;  // the visitor's search keyword, if any
};

class chat_core {
public:
    // `spell` may be null (no Latin spelling checks); it is used only from the calling thread.
    chat_core(core_settings settings, std::shared_ptr<const lexicon> lex, speller* spell = nullptr);

    // A reloaded lexicon applies to every conversation from its next event on.
    void set_lexicon(std::shared_ptr<const lexicon> lex) { lex_ = std::move(lex); }
    const lexicon& current_lexicon() const { return *lex_; }
    // Rules QA found imprecise (rule_key of kind and rule, core/rule_precision.hpp): their
    // findings are still stored and sent to the consultant, but raise no alert. Set by the shell
    // at start and whenever a verdict or a review changes them: never read per message.
    void set_quiet_rules(std::set<std::string> keys) { quiet_rules_ = std::move(keys); }
    const std::set<std::string>& quiet_rules() const { return quiet_rules_; }
    speller* current_speller() const { return spell_; }
    // With an IME checker (may be null: none), the pre-send `check` runs it inline (the
    // consultant waits anyway) and every consultant message relayed is handed to the shell in
    // outbox::ime_checks. Read-only and shared; it must outlive the core.
    void set_ime_checker(const ime_checker* ime) { ime_ = ime; }
    const ime_checker* current_ime_checker() const { return ime_; }
    // Findings the shell's IME check found in message `seq` (`text`; kind typo, rule ime_model):
    // stored, sent to the consultant and watchers, alerts for supervisors, as any finding. A
    // conversation that ended meanwhile only gets them stored. Either way what the consultant
    // copied from the visitor is dropped (copied_text.hpp).
    void late_findings(const std::string& conversation, std::uint64_t seq, time_point at, std::string_view text,
                       std::vector<finding> found, outbox& out);

    // A new visitor; the shell made the conversation id and resume token (random). Refused
    // (a `busy` frame and a close) over the per-address limit or when the queue is full. A valid
    // invitation gives the conversation to the consultant who sent it, if still online.
    void visitor_join(session_id sid, const visitor_arrival& arrival, const std::string& conversation,
                      const std::string& resume_token, time_point now, outbox& out);
    // A visitor browsing the clinic's site with the widget, or on the chat page before writing
    // anything: no conversation, no seat, no queue place, no row. Listed for invitation once it
    // reports a page view, told whether its department has anyone online. Its first `say` opens
    // the conversation (admission limits apply then).
    void visitor_browse(session_id sid, const visitor_arrival& arrival, time_point now, outbox& out);
    void visitor_browse(session_id sid, const std::string& department, time_point now, outbox& out) {
        visitor_browse(sid, visitor_arrival{department, {}, {}, {}}, now, out);
    }
    // A visitor coming back. False if no open conversation has that token (the shell then
    // looks in the store for an ended one).
    bool visitor_resume(session_id sid, const std::string& resume_token, std::uint64_t after,
                        time_point now, outbox& out);
    // A visitor resuming a conversation that has already ended: it may still rate it.
    void visitor_attach_ended(session_id sid, const std::string& conversation, time_point now);
    void staff_join(session_id sid, const staff_identity& who, time_point now, outbox& out);

    // A frame given by value is taken apart: a say's text and id move into the message (the
    // shell's path); the const overload copies first.
    void on_frame(session_id sid, proto::client_frame&& frame, time_point now, outbox& out);
    void on_frame(session_id sid, const proto::client_frame& frame, time_point now, outbox& out) {
        on_frame(sid, proto::client_frame(frame), now, out);
    }
    // A frame the server could not use (not JSON, an unknown type, binary, too large). It costs
    // the socket's frame budget like any frame: answered with `code` while the budget lasts,
    // beyond it the socket is closed with close_codes::policy (a flood of bad frames must not
    // become a flood of answers).
    void on_bad_frame(session_id sid, proto::error_code code, const std::string& detail, time_point now, outbox& out);
    // The socket is gone: `clean` for a close frame with 1000/1001, else a drop.
    void on_disconnect(session_id sid, bool clean, time_point now, outbox& out);
    // A staff member's log-in was revoked (log-out, disabled, expired): the socket is treated as
    // lost at once (conversations follow the consultant-lost path) and closed with 4401.
    void staff_revoked(session_id sid, time_point now, outbox& out);
    void on_committed(const commit_ticket& ticket, bool ok, time_point now, outbox& out);
    // Fires every deadline at or before now.
    void tick(time_point now, outbox& out);
    std::optional<time_point> next_deadline() const;
    // Ends every open conversation as `system` (server stopping).
    void shutdown(time_point now, outbox& out);

    core_stats stats() const;
    std::size_t replay_budget_bytes() const { return settings_.replay_budget_bytes; }
    std::vector<board_row> board() const;
    // Every consultant's presence and load (the staff list of the board, the console's transfer choices).
    std::vector<roster_entry> roster() const;
    // Who may read an open conversation over the API: its consultant (empty if none).
    std::optional<std::string> consultant_of(const std::string& conversation) const;

private:
    struct pending_message {
        message msg;
        session_id from_session;
    };
    struct conversation {
        std::string id, department, resume_token, consultant;  // consultant empty: queued
        std::string address;  // the visitor's, for the per-address limit
        std::string opening_id;  // client id of the browsing visitor's say that opened it (openings_)
        visit_record visit;   // where the visitor came from (shown to the consultant, stored)
        time_point started{};
        std::vector<message> messages;  // committed, in seq order
        client_id_filter sent_ids;      // the client ids of `pending` and `messages`
        std::map<std::uint64_t, pending_message> pending;
        std::uint64_t next_seq = 1;
        std::set<session_id> visitors, watchers;
        std::optional<time_point> visitor_grace_until;
        bool visitor_closed_cleanly = false;  // the grace is the short leave grace
        std::optional<time_point> waiting_since;    // first unanswered visitor message
        std::optional<time_point> reassigned_wait;  // the wait already re-routed once
        std::optional<ending> ending_as;            // set once the end is requested
        close_trigger closed_by = close_trigger::system;  // what requested it
        std::string ended_by;  // the staff member who ended it; empty: the visitor or the system
        conversation_analyzer analyzer{""};
        std::size_t findings = 0;
        // The visitor's `say`s over all its sockets: a page may resume one conversation on many
        // sockets (up to visitor-sockets-per-address), each with a budget of its own.
        token_bucket visitor_says;
        conversation_size size;  // its messages' text in memory, bounded
        visitor_transcript visitor_said;  // what the visitor wrote, for the IME check's context
    };
    struct staff_state {
        staff_identity who;
        std::set<session_id> sessions;
        std::set<std::string> conversations;
        std::optional<time_point> grace_until;
        time_point last_assigned{};
    };
    // What a browsing visitor's socket keeps for the conversation its first `say` may open. Held
    // apart from session_state (only browsing sockets have one), so a socket in a conversation or a
    // staff socket does not carry its ~270 bytes for its lifetime (idle memory, issue #14).
    struct browsing_visit {
        std::string department, address;
        visit_capture visit;  // where it came from (referrer, landing page ...)
    };
    struct session_state {
        role r = role::visitor;
        std::unique_ptr<browsing_visit> browsing;  // set: a browsing visitor (no conversation)
        std::string name;          // staff user name
        std::string conversation;  // visitor's conversation
        frame_budget frames;  // every frame but the indicators (core/frame_budget.hpp)
        token_bucket indicator_bucket;
        std::set<std::string> watching;
    };
    session_state new_session(role r, time_point now) const;

    void on_say(session_id sid, session_state& s, proto::say& f, time_point now, outbox& out);
    void on_end(session_id sid, session_state& s, const proto::end& f, time_point now, outbox& out);
    void on_take(session_id sid, session_state& s, const proto::take& f, time_point now, outbox& out);
    void on_transfer(session_id sid, session_state& s, const proto::transfer& f, time_point now, outbox& out);
    void on_watch(session_id sid, session_state& s, const std::string& id, bool watch, outbox& out);
    void on_typing(session_id sid, session_state& s, const proto::typing& f, time_point now, outbox& out);
    void on_rate(session_id sid, session_state& s, const proto::rate& f, outbox& out);
    void on_check(session_id sid, session_state& s, const proto::check& f, outbox& out);
    void on_page_view(session_id sid, session_state& s, const proto::page_view& f, time_point now, outbox& out);
    void on_invite(session_id sid, session_state& s, const proto::invite& f, time_point now, outbox& out);
    void on_presence(session_id sid, session_state& s, const proto::set_presence& f, time_point now, outbox& out);
    // A consultant's presence and load as the pages show them; sends it where it is news.
    roster_entry roster_line(const std::string& name, const staff_state& st) const;
    bool publish_staff(const std::string& name, outbox& out);  // false: nothing new to tell
    void refuse_visitor(session_id sid, std::string_view reason, std::uint16_t code, outbox& out);
    // Why a new conversation in `department` from `address` cannot be opened now, if it cannot.
    std::optional<std::string_view> admission_refusal(const std::string& address, const std::string& department) const;
    // Creates the conversation with `sid` as its visitor socket (welcome sent, row written);
    // the caller routes it.
    conversation& create_conversation(session_id sid, const std::string& id, const std::string& token,
                                    const std::string& department, const std::string& address,
                                    const visit_capture& visit, bool was_browsing, time_point now, outbox& out);
    // The clinic's name, greeting and departments, for the visitor page.
    void send_clinic(session_id sid, const std::string& department, outbox& out);
    // A browsing visitor's first message: the conversation begins here, with it.
    void open_on_first_message(session_id sid, session_state& s, proto::say& f, time_point now, outbox& out);
    // The conversation a browsing socket's say already opened from another socket that dropped
    // before its welcome arrived (see resent_messages.hpp); null if none.
    conversation* reopened_by(const session_state& s, const proto::say& f);
    // Joins a visitor's socket to its conversation: welcome, committed messages after `after`,
    // and where it stands in the queue. `clinic` and `availability` too unless it was browsing.
    void attach_visitor(session_id sid, conversation& c, std::uint64_t after, bool was_browsing, outbox& out);
    // True if `f` repeats a message of this sender already taken: it is answered as the first
    // (its ack, once committed) and not taken again.
    bool answered_as_resend(session_id sid, const session_state& s, conversation& c, const proto::say& f, outbox& out);
    // Whether any consultant serving the department has a live socket.
    bool department_online(const std::string& department) const;
    void announce_availability(outbox& out);
    // Sends one frame to every consultant (and supervisors too, for queue changes).
    void to_consultants(const frames::frame& f, outbox& out, bool supervisors_too);
    // Stores findings, sends each to the conversation's consultant and watchers, and the
    // warnings and criticals to every supervisor as alerts.
    void publish(conversation& c, std::vector<finding> findings, outbox& out);
    void schedule_analyzer(conversation& c);

    // The conversation the sender may act on, or nullptr after sending the error.
    conversation* staff_conversation(session_id sid, const session_state& s, const std::string& id,
                                     outbox& out);
    void route(conversation& c, time_point now, outbox& out, const std::string& exclude = {});
    void assign(conversation& c, const std::string& consultant, time_point now, outbox& out,
                const frames::handover* from = nullptr);
    void unassign(conversation& c, std::string_view reason, outbox& out);
    void enqueue(conversation& c, time_point now, outbox& out);
    void drain_queue(time_point now, outbox& out);
    // Takes a conversation out of the queue: staff get the delta, visitors behind it (if told
    // to) their new place. Returns the position it had.
    std::optional<std::size_t> dequeue(const std::string& id, outbox& out, bool tell_those_behind = true);
    void tell_positions_from(std::size_t position, outbox& out);
    void end(conversation& c, close_trigger trigger, time_point now, outbox& out);
    void finish(conversation& c, outbox& out);
    void forget(conversation& c);
    void forget_unopened(conversation& c, time_point now, outbox& out);

    void send_to_conversation(const conversation& c, const frames::frame& f, outbox& out,
                              session_id except = 0);
    void send_to_staff(const std::string& name, const frames::frame& f, outbox& out);
    std::vector<routing_candidate> candidates() const;
    std::string routing_department(const std::string& department) const;
    std::span<const message> committed(const conversation& c) const { return c.messages; }
    std::vector<message> transcript_with_pending(const conversation& c) const;

    core_settings settings_;
    std::shared_ptr<const lexicon> lex_;
    std::set<std::string> quiet_rules_;
    speller* spell_;
    const ime_checker* ime_ = nullptr;
    std::unordered_map<std::string, conversation> conversations_;
    ended_visitor_texts ended_texts_;  // for IME findings that arrive after their conversation ended
    std::unordered_map<std::string, std::string> by_token_;
    std::map<std::string, staff_state> staff_;
    // Supervisors' sockets, so an alert costs O(supervisors), not a walk over every staff member.
    std::set<session_id> supervisor_sessions_;
    std::unordered_map<session_id, session_state> sessions_;
    visitor_queue queue_;
    browsing_registry browsing_;
    opening_index openings_;
    staff_roster roster_;
    deadlines deadlines_;
    std::uint64_t tokens_made_ = 0;  // for the counter token source of tests
    visitor_admission admission_;
    department_availability availability_;
    std::uint64_t conversations_made_ = 0;  // for the counter id source of tests
    void check_conversation(const std::string& id, time_point now, outbox& out);
    void check_staff(const std::string& name, time_point now, outbox& out);
};

}  // namespace lingting
