// The hub joins the pure chat_core to live sockets, the store and the clock.
// Threading: every call takes one mutex around the core and carries out the core's outbox
// while holding it: a send posts to the socket's strand, or on the one network thread of a
// one-thread server writes at once (ws_session), so the order the core decided is the order
// every socket sees, and nothing re-enters the hub. Store completions arrive on the store's
// writer thread, go to the hub's strand in one post per commit and take the same mutex there.
#pragma once

#include "core/chat_core.hpp"
#include "core/analysis/transcript.hpp"
#include "core/clock.hpp"
#include "core/conversation_store.hpp"
#include "core/live_log.hpp"
#include "core/recent_revocations.hpp"
#include "core/verdict_store.hpp"
#include "net/ime_worker.hpp"
#include "net/log.hpp"
#include "net/metrics.hpp"
#include "net/work_pool.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace lingting {

// What the hub needs of a connection; implemented by ws_session.
class socket_sink {
public:
    virtual ~socket_sink() = default;
    virtual void send(frames::frame f) = 0;
    // Several frames in order, handed over at once (one post to the socket's strand, not one each).
    virtual void send_all(std::vector<frames::frame> fs) {
        for (auto& f : fs) send(std::move(f));
    }
    virtual void close(std::uint16_t code, std::string reason) = 0;
};

class hub {
public:
    // The store's roles the relay uses: the live log (writes, resume), whole conversations
    // (replay after the end) and rule standings (quiet rules).
    hub(boost::asio::any_io_executor ex, chat_core core, live_log& store, conversation_store& conversations,
        verdict_store& verdicts, const clock& clk, logger& log, server_metrics& metrics);

    session_id next_session_id() { return ++last_session_; }
    server_metrics& metrics() { return metrics_; }

    void visitor_join(std::shared_ptr<socket_sink> s, session_id sid, const visitor_arrival& arrival);
    void visitor_browse(std::shared_ptr<socket_sink> s, session_id sid, const visitor_arrival& arrival);
    // A visitor coming back with its resume token. An open conversation is joined at once. Any
    // other token needs the store (an ended conversation, to see and rate it): with a pool
    // (use_store_pool) that read runs there, never on the network thread, and the answer follows
    // from it. A token naming no conversation gets `not_found` and close 4404; a store that cannot
    // answer (or a full pool) `unavailable` and close 4503.
    void visitor_resume(std::shared_ptr<socket_sink> s, session_id sid, const std::string& token,
                        std::uint64_t after);
    // Where store reads made for a socket run (the API's pool); null: on the caller's thread.
    void use_store_pool(work_pool* pool) { store_pool_ = pool; }
    // `token` is the log-in the socket was opened with; it stays valid until `expires` unless
    // revoked (see revoke_token, revoke_staff, revoke_expired). False, and the socket closed with
    // 4401, when the token was revoked after it was checked (a log-out during the handshake).
    bool staff_join(std::shared_ptr<socket_sink> s, session_id sid, const staff_identity& who,
                    const std::string& token, time_point expires);
    // Revocation reaches open sockets: each staff socket opened with that log-in (or of that
    // person, or whose log-in has expired) is treated as lost and closed with 4401.
    void revoke_token(const std::string& token);
    void revoke_staff(const std::string& name);
    void revoke_expired();
    // The names of staff with an open socket (for the disabled-account sweep).
    std::vector<std::string> staff_online();
    // The log-ins (tokens) open staff sockets were opened with, each once (for the sweep that
    // finds log-outs made on another server of the same database).
    std::vector<std::string> staff_tokens();
    void on_text(session_id sid, std::string_view text);
    // A frame the socket could not even hand over as text (binary, over max-frame-bytes): answered
    // within the socket's frame budget (chat_core::on_bad_frame).
    void on_bad_frame(session_id sid, proto::error_code code, const std::string& detail);
    void on_disconnect(session_id sid, bool clean);

    // Ends every open conversation as `system` and waits until that is durable.
    void shutdown();
    void close_all(std::uint16_t code, const std::string& reason);
    std::size_t socket_count();
    // Re-checks deadlines at once; for tests that move a manual clock.
    void wake();
    void set_lexicon(std::shared_ptr<const lexicon> lex);
    // Turns on the IME typo check (before the first socket): inline in the pre-send `check`, and
    // on relayed consultant messages on a worker thread with a queue of `queue` messages (full:
    // skipped and counted). `checker` must outlive the hub.
    // `linger`: ime_worker's (the drained worker's wait for a batch).
    void use_ime_checker(const ime_checker& checker, std::size_t queue, std::chrono::milliseconds linger);
    // Without an IME checker, the same worker for the rude-reply model alone (reply_model.hpp: run
    // after relay when rules.conf switches it on). Before the first socket; no-op if one exists.
    void use_late_checks(std::size_t queue, std::chrono::milliseconds linger);
    // The worker's figures for /metrics; null before use_ime_checker/use_late_checks.
    const ime_worker* ime() const { return ime_.get(); }
    // How long after its end a conversation's resume token still opens it (to rate it).
    void set_rating_window(milliseconds w) { rating_window_ = w; }

    // Runs the analyzer over a finished transcript with the rules and speller in force (under the
    // lock: the speller is the relay's and is not thread-safe).
    audit_result audit(const transcript& t);
    core_stats stats();
    std::vector<board_row> board();
    std::vector<roster_entry> roster();
    analysis_rules rules();
    std::optional<std::string> consultant_of(const std::string& conversation);

    // Precision per rule: reads the rules' standings from the store and tells the core which
    // rules are quiet (no live alerts). Called at start (set_rule_thresholds) and after every
    // verdict, review or re-analysis, never per message. Throws store_error.
    void set_rule_thresholds(rule_thresholds t);
    const rule_thresholds& thresholds() const { return thresholds_; }
    void refresh_quiet_rules();

private:
    struct staff_socket {
        std::string name, token;
        time_point expires{};
    };
    // The resume of a conversation not open here, from the store (on the store pool).
    void resume_from_store(const std::shared_ptr<socket_sink>& s, session_id sid, const std::string& token,
                           std::uint64_t after);
    void carry_out(outbox& out);  // called with mutex_ held
    void send_frames(std::vector<outbox::send_frame>& frames);  // called with mutex_ held
    void revoke_where(const std::function<bool(const staff_socket&)>& match);
    void rearm();                 // on strand_
    void on_timer();
    // Hands the store's completions to the core in one go, under one lock (on strand_, or from
    // shutdown() once the store is flushed).
    void drain_committed();

    chat_core core_;
    rule_thresholds thresholds_;  // set once at start, before any request
    std::mutex refresh_mutex_;    // one refresh at a time: a slower read never lands last
    live_log& store_;
    conversation_store& conversations_;
    verdict_store& verdicts_;
    const clock& clock_;
    logger& log_;
    server_metrics& metrics_;
    std::mutex mutex_;
    std::unordered_map<session_id, std::weak_ptr<socket_sink>> sockets_;
    std::unordered_map<session_id, staff_socket> staff_sockets_;  // guarded by mutex_
    recent_revocations revoked_;  // guarded by mutex_; log-outs that no socket may join with
    work_pool* store_pool_ = nullptr;  // set once at start
    // Visitor sockets waiting for their resume to be read from the store (guarded by mutex_): one
    // gone meanwhile is not attached when the answer comes.
    std::unordered_set<session_id> resuming_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer timer_;
    std::optional<time_point> armed_for_;  // guarded by mutex_
    // Commits reported by the store's writer thread, in commit order, not yet handed to the core.
    // The writer only appends here: the core's work (acks, relays) happens on the network thread,
    // once per batch rather than once per message with a lock and a wake-up each.
    std::mutex committed_mutex_;
    std::vector<live_log::outcome> committed_;  // guarded by committed_mutex_
    std::atomic<session_id> last_session_{0};
    milliseconds rating_window_{3'600'000};
    // Last: stopped and joined first, while everything its deliveries use still exists.
    std::unique_ptr<ime_worker> ime_;
    void start_late_checks(const ime_checker* checker, std::size_t queue, std::chrono::milliseconds linger);
};

}  // namespace lingting
