#include "net/hub.hpp"

#include "auth/password.hpp"
#include "core/visitor_frames.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace lingting {

hub::hub(boost::asio::any_io_executor ex, chat_core core, live_log& store, conversation_store& conversations,
         verdict_store& verdicts, const clock& clk, logger& log, server_metrics& metrics)
    : core_(std::move(core)), store_(store), conversations_(conversations), verdicts_(verdicts), clock_(clk), log_(log), metrics_(metrics),
      strand_(boost::asio::make_strand(ex)), timer_(strand_) {
    // On the store's writer thread, once per group commit: one lock, and one post to the hub's
    // strand for as many commits as gather before it runs.
    store_.set_outcome_listener([this](std::vector<live_log::outcome>& done) {
        auto now = std::chrono::steady_clock::now();
        for (auto& o : done)
            if (o.ticket.seq > 0) {
                (o.ok ? metrics_.messages_relayed : metrics_.messages_failed)++;
                metrics_.ack_latency.observe(now - o.ticket.accepted);
            }
        bool first;
        {
            std::lock_guard lock(committed_mutex_);
            first = committed_.empty();
            if (first) committed_.swap(done);
            else committed_.insert(committed_.end(), std::make_move_iterator(done.begin()),
                                   std::make_move_iterator(done.end()));
        }
        if (first) boost::asio::post(strand_, [this] { drain_committed(); });
    });
}

void hub::visitor_join(std::shared_ptr<socket_sink> s, session_id sid, const visitor_arrival& arrival) {
    std::string id = crypto::random_hex(8);
    std::string token = crypto::random_hex(24);
    std::lock_guard lock(mutex_);
    sockets_[sid] = s;
    outbox out;
    core_.visitor_join(sid, arrival, id, token, clock_.now(), out);
    carry_out(out);
}

void hub::visitor_browse(std::shared_ptr<socket_sink> s, session_id sid, const visitor_arrival& arrival) {
    std::lock_guard lock(mutex_);
    sockets_[sid] = s;
    outbox out;
    core_.visitor_browse(sid, arrival, clock_.now(), out);
    carry_out(out);
}

void hub::visitor_resume(std::shared_ptr<socket_sink> s, session_id sid, const std::string& token,
                         std::uint64_t after) {
    {
        std::lock_guard lock(mutex_);
        outbox out;
        if (core_.visitor_resume(sid, token, after, clock_.now(), out)) {
            sockets_[sid] = s;
            carry_out(out);
            return;
        }
        if (store_pool_) resuming_.insert(sid);
    }
    // Not open here: ended (or open at a crash and closed on restart). Replayed from the store,
    // which may be slow or hung: never on the network thread that runs this handshake.
    if (!store_pool_) return resume_from_store(s, sid, token, after);
    std::function<void()> job = [this, s, sid, token, after] { resume_from_store(s, sid, token, after); };
    if (store_pool_->try_post(job)) return;
    {
        std::lock_guard lock(mutex_);
        resuming_.erase(sid);
    }
    log_.warn("resume_busy", {{"session", std::to_string(sid)}});
    s->send(frames::error(proto::error_code::unavailable, "resume"));
    s->close(close_codes::unavailable, "busy");
}

void hub::resume_from_store(const std::shared_ptr<socket_sink>& s, session_id sid, const std::string& token,
                            std::uint64_t after) {
    auto refuse = [&] {
        s->send(frames::error(proto::error_code::not_found, "unknown resume token"));
        s->close(close_codes::not_found, "unknown resume token");
    };
    auto still_here = [&] {  // with mutex_ held
        if (!store_pool_) return true;
        return resuming_.erase(sid) > 0;  // gone meanwhile: on_disconnect took it out
    };
    std::optional<stored_conversation> c;
    try {
        auto id = store_.conversation_by_resume_token(token);
        if (id) {
            store_.flush();  // an end may still be on its way to disk
            c = conversations_.conversation(*id);
        }
    } catch (const store_error& e) {
        // Answered here, never thrown into Asio or the pool. The token may well be good, so this
        // is not a 4404 (which makes the page start over).
        log_.error("store_unavailable", {{"cause", e.what()}});
        {
            std::lock_guard lock(mutex_);
            still_here();
        }
        s->send(frames::error(proto::error_code::unavailable, "resume"));
        s->close(close_codes::unavailable, "store unavailable");
        return;
    }
    // A resume token is a key to a patient's transcript: it stops working with the rating window.
    if (!c || (c->ended_at && *c->ended_at + rating_window_ <= clock_.now())) {
        {
            std::lock_guard lock(mutex_);
            still_here();
        }
        return refuse();
    }
    std::lock_guard lock(mutex_);
    if (!still_here()) return;
    // One hand-over, bounded like an open conversation's replay (chat_core::attach_visitor).
    std::vector<frames::frame> all{frames::welcome(c->id, token)};
    for (auto& f : frames::replay(c->id, c->messages, after, core_.replay_budget_bytes())) all.push_back(std::move(f));
    all.push_back(frames::ended(c->id, c->how.value_or(ending::system)));
    s->send_all(std::move(all));
    sockets_[sid] = s;
    core_.visitor_attach_ended(sid, c->id, clock_.now());
}

bool hub::staff_join(std::shared_ptr<socket_sink> s, session_id sid, const staff_identity& who,
                     const std::string& token, time_point expires) {
    std::lock_guard lock(mutex_);
    // The token was checked when the upgrade request arrived; a log-out since (the handshake lies
    // between) found no socket to close. Checked again here, under the lock revoke_token takes.
    if (revoked_.contains(token, clock_.now()) || expires <= clock_.now()) {
        log_.info("staff_socket_revoked", {{"user", who.name}, {"session", std::to_string(sid)}});
        s->close(close_codes::unauthorized, "log-in revoked");
        return false;
    }
    sockets_[sid] = s;
    staff_sockets_[sid] = {who.name, token, expires};
    outbox out;
    core_.staff_join(sid, who, clock_.now(), out);
    carry_out(out);
    return true;
}

void hub::revoke_where(const std::function<bool(const staff_socket&)>& match) {
    std::lock_guard lock(mutex_);
    outbox out;
    auto now = clock_.now();
    for (auto it = staff_sockets_.begin(); it != staff_sockets_.end();) {
        if (!match(it->second)) {
            ++it;
            continue;
        }
        log_.info("staff_socket_revoked", {{"user", it->second.name}, {"session", std::to_string(it->first)}});
        core_.staff_revoked(it->first, now, out);
        it = staff_sockets_.erase(it);
    }
    carry_out(out);
}

void hub::revoke_token(const std::string& token) {
    {
        std::lock_guard lock(mutex_);
        revoked_.add(token, clock_.now());  // a socket still in its handshake must not join with it
    }
    revoke_where([&](const staff_socket& s) { return s.token == token; });
}

void hub::revoke_staff(const std::string& name) {
    revoke_where([&](const staff_socket& s) { return s.name == name; });
}

void hub::revoke_expired() {
    auto now = clock_.now();
    revoke_where([&](const staff_socket& s) { return s.expires <= now; });
}

std::vector<std::string> hub::staff_online() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (auto& [sid, s] : staff_sockets_) names.push_back(s.name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::vector<std::string> hub::staff_tokens() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> tokens;
    for (auto& [sid, s] : staff_sockets_) tokens.push_back(s.token);
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    return tokens;
}

void hub::on_text(session_id sid, std::string_view text) {
    auto decoded = proto::decode(text);  // outside the lock: pure and the costliest part
    std::lock_guard lock(mutex_);
    outbox out;
    if (auto* err = std::get_if<proto::decode_error>(&decoded))
        core_.on_bad_frame(sid, err->code, err->detail, clock_.now(), out);
    else
        core_.on_frame(sid, std::move(std::get<proto::client_frame>(decoded)), clock_.now(), out);
    carry_out(out);
}

void hub::on_bad_frame(session_id sid, proto::error_code code, const std::string& detail) {
    std::lock_guard lock(mutex_);
    outbox out;
    core_.on_bad_frame(sid, code, detail, clock_.now(), out);
    carry_out(out);
}

void hub::on_disconnect(session_id sid, bool clean) {
    std::lock_guard lock(mutex_);
    resuming_.erase(sid);
    sockets_.erase(sid);
    staff_sockets_.erase(sid);
    outbox out;
    core_.on_disconnect(sid, clean, clock_.now(), out);
    carry_out(out);
}

void hub::use_ime_checker(const ime_checker& checker, std::size_t queue, std::chrono::milliseconds linger) {
    start_late_checks(&checker, queue, linger);
    std::lock_guard lock(mutex_);
    core_.set_ime_checker(&checker);
}

void hub::use_late_checks(std::size_t queue, std::chrono::milliseconds linger) {
    if (!ime_) start_late_checks(nullptr, queue, linger);
}

void hub::start_late_checks(const ime_checker* checker, std::size_t queue, std::chrono::milliseconds linger) {
    if (ime_) ime_->stop();  // before start(): nothing queued yet
    ime_ = std::make_unique<ime_worker>(checker, queue, [this](const ime_worker::job& j, std::vector<finding> found) {
        std::lock_guard lock(mutex_);
        outbox out;
        core_.late_findings(j.conversation, j.seq, j.at, j.text, std::move(found), out);
        carry_out(out);
    }, linger);
}

void hub::shutdown() {
    // The worker delivers under mutex_: stopped (and joined) outside it, before the last ends.
    if (ime_) ime_->stop();
    {
        std::lock_guard lock(mutex_);
        outbox out;
        core_.shutdown(clock_.now(), out);
        carry_out(out);
    }
    store_.flush();
    drain_committed();  // the `ended` frames go out now, before the sockets are closed
}

void hub::close_all(std::uint16_t code, const std::string& reason) {
    std::lock_guard lock(mutex_);
    for (auto& [sid, w] : sockets_)
        if (auto s = w.lock()) s->close(code, reason);
}

std::size_t hub::socket_count() {
    std::lock_guard lock(mutex_);
    return sockets_.size();
}

void hub::wake() {
    boost::asio::post(strand_, [this] { on_timer(); });
}

void hub::set_lexicon(std::shared_ptr<const lexicon> lex) {
    std::lock_guard lock(mutex_);
    core_.set_lexicon(std::move(lex));
}

audit_result hub::audit(const transcript& t) {
    std::lock_guard lock(mutex_);
    return lingting::audit(t, core_.current_lexicon(), core_.current_speller(), core_.current_ime_checker());
}

core_stats hub::stats() {
    std::lock_guard lock(mutex_);
    return core_.stats();
}

std::vector<board_row> hub::board() {
    std::lock_guard lock(mutex_);
    return core_.board();
}

std::vector<roster_entry> hub::roster() {
    std::lock_guard lock(mutex_);
    return core_.roster();
}

analysis_rules hub::rules() {
    std::lock_guard lock(mutex_);
    return core_.current_lexicon().rules;
}

void hub::set_rule_thresholds(rule_thresholds t) {
    thresholds_ = t;
    refresh_quiet_rules();
}

void hub::refresh_quiet_rules() {
    std::lock_guard refreshing(refresh_mutex_);
    auto quiet = quiet_rules(verdicts_.rule_standings(0), thresholds_);  // a store read: not under mutex_
    std::lock_guard lock(mutex_);
    core_.set_quiet_rules(std::move(quiet));
}

std::optional<std::string> hub::consultant_of(const std::string& conversation) {
    std::lock_guard lock(mutex_);
    return core_.consultant_of(conversation);
}

void hub::carry_out(outbox& out) {
    // Writes are queued in the core's order while the lock is held, so commits keep that order.
    for (auto& w : out.writes) {
        if (auto* f = std::get_if<record_finding>(&w.write))
            metrics_.count_finding(f->what.kind, std::string(to_string(f->what.level)));
        else if (auto* e = std::get_if<end_conversation>(&w.write))
            metrics_.count_ending(std::string(to_string(e->how)));
        if (w.ticket) {
            w.ticket->accepted = std::chrono::steady_clock::now();
            store_.submit_ticketed(std::move(w.write), std::move(*w.ticket));
        } else {
            store_.submit(std::move(w.write), {});
        }
    }
    for (auto& c : out.ime_checks)
        if (ime_)
            ime_->submit({std::move(c.conversation), c.seq, c.at, std::move(c.text), std::move(c.lex),
                          std::move(c.inline_findings), std::move(c.department), std::move(c.visitor_said)});
    send_frames(out.frames);
    for (auto& c : out.closes)
        if (auto it = sockets_.find(c.to); it != sockets_.end())
            if (auto s = it->second.lock()) s->close(c.code, c.reason);
    auto next = core_.next_deadline();
    if (next && (!armed_for_ || *next < *armed_for_)) {
        armed_for_ = next;
        boost::asio::post(strand_, [this] { rearm(); });
    }
}

void hub::send_frames(std::vector<outbox::send_frame>& frames) {
    // Grouped per socket (each socket's frames keep the core's order): one handover to each
    // socket, however many frames a batch of commits has for it (an ack and a relayed message).
    if (frames.size() > 1)
        std::stable_sort(frames.begin(), frames.end(), [](auto& a, auto& b) { return a.to < b.to; });
    for (std::size_t i = 0; i < frames.size();) {
        std::size_t end = i + 1;
        while (end < frames.size() && frames[end].to == frames[i].to) ++end;
        auto it = sockets_.find(frames[i].to);
        auto s = it != sockets_.end() ? it->second.lock() : nullptr;
        if (s && end == i + 1) {
            s->send(std::move(frames[i].text));
        } else if (s) {
            std::vector<frames::frame> group;
            group.reserve(end - i);
            for (auto k = i; k < end; ++k) group.push_back(std::move(frames[k].text));
            s->send_all(std::move(group));
        }
        i = end;
    }
}

void hub::drain_committed() {
    // mutex_ first: two drains (the posted one, shutdown's) then run one after the other, each
    // taking everything committed so far, so the core always sees commits in commit order.
    std::lock_guard lock(mutex_);
    std::vector<live_log::outcome> done;
    {
        std::lock_guard queued(committed_mutex_);
        done.swap(committed_);
    }
    if (done.empty()) return;
    outbox after;
    auto now = clock_.now();
    for (auto& o : done) core_.on_committed(o.ticket, o.ok, now, after);
    carry_out(after);
}

void hub::rearm() {
    std::optional<time_point> when;
    {
        std::lock_guard lock(mutex_);
        when = armed_for_;
    }
    if (!when) return;
    auto delay = *when - clock_.now();
    timer_.expires_after(std::max(delay, decltype(delay)::zero()));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) on_timer();
    });
}

void hub::on_timer() {
    {
        std::lock_guard lock(mutex_);
        armed_for_.reset();
        outbox out;
        core_.tick(clock_.now(), out);
        carry_out(out);  // re-arms for whatever is due next
    }
}

}  // namespace lingting
