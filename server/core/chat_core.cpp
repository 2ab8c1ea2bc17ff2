#include "core/chat_core.hpp"

#include "core/analysis/copied_text.hpp"
#include "core/visit_json.hpp"
#include "core/visitor_frames.hpp"

#include <algorithm>
#include <charconv>

namespace lingting {

using proto::error_code;

namespace {

// The pre-send check runs on the relay's thread, and libime's part of it costs in proportion to
// the text: some 0.4 s for a 16 KiB draft, so a consultant sending such checks (20 at once within
// the frame budget) held up every conversation for seconds. Drafts up to this long get the IME
// check at once (a chat line is far shorter); a longer one gets its IME findings after it is
// sent, from the worker that checks every relayed message off this thread.
constexpr std::size_t check_ime_max_bytes = 1024;

}  // namespace

chat_core::chat_core(core_settings settings, std::shared_ptr<const lexicon> lex, speller* spell)
    : settings_(std::move(settings)), lex_(std::move(lex)), spell_(spell), queue_(settings_.max_queue),
      browsing_(settings_.list_snapshot), admission_(settings_.conversations_per_address) {}

// ---- joining -------------------------------------------------------------------------

chat_core::session_state chat_core::new_session(role r, time_point now) const {
    session_state s;
    s.r = r;
    s.frames = frame_budget(settings_.message_burst, now);
    s.indicator_bucket = token_bucket(settings_.indicator_burst, now);
    return s;
}

void chat_core::refuse_visitor(session_id sid, std::string_view reason, std::uint16_t code, outbox& out) {
    out.send(sid, frames::busy(reason));
    out.closes.push_back({sid, code, std::string(reason)});
}

std::optional<std::string_view> chat_core::admission_refusal(const std::string& address,
                                                            const std::string& department) const {
    bool full = false;
    if (queue_.full()) {
        auto cands = candidates();
        full = !pick_consultant(cands, routing_department(department), settings_.max_load);
    }
    return admission_.refusal(address, full);
}

void chat_core::visitor_join(session_id sid, const visitor_arrival& arrival, const std::string& id,
                             const std::string& token, time_point now, outbox& out) {
    if (admission_.refusal(arrival.address, false))
        return refuse_visitor(sid, "too_many", close_codes::too_many, out);
    std::string department = lex_->rules.department_or_default(arrival.department);
    std::optional<std::string> inviter;
    if (!arrival.invitation.empty())
        if (auto inv = browsing_.redeem(arrival.invitation, now)) {
            auto st = staff_.find(inv->consultant);
            if (st != staff_.end() && st->second.who.r == role::consultant && !st->second.sessions.empty())
                inviter = inv->consultant;
        }
    if (!inviter && admission_refusal(arrival.address, department))
        return refuse_visitor(sid, "queue_full", close_codes::busy, out);
    sessions_[sid] = new_session(role::visitor, now);
    auto& c = create_conversation(sid, id, token, department, arrival.address, arrival.visit, false, now, out);
    if (inviter) assign(c, *inviter, now, out);  // who invited serves, whatever the automatic maximum
    else route(c, now, out);
}

chat_core::conversation& chat_core::create_conversation(session_id sid, const std::string& id,
                                                      const std::string& token, const std::string& department,
                                                      const std::string& address, const visit_capture& visit,
                                                      bool was_browsing, time_point now, outbox& out) {
    admission_.opened(address);
    auto& s = sessions_.at(sid);
    s.conversation = id;
    auto& c = conversations_[id];
    c.id = id;
    c.department = department;
    c.address = address;
    c.visit = make_visit_record(lex_->sources, visit);
    c.resume_token = token;
    c.started = now;
    c.visitor_says = token_bucket(settings_.message_burst, now);
    c.size = conversation_size(settings_.max_conversation_bytes);
    c.visitors.insert(sid);
    c.analyzer = conversation_analyzer(department);
    c.analyzer.search_keyword(c.visit.source.keyword, c.visit.cost, *lex_);
    by_token_[token] = id;
    out.write(open_conversation{id, department, token, now, c.visit}, commit_ticket{id, 0, commit_kind::open});
    out.send(sid, frames::welcome(id, token));
    bool online = availability_.listen(sid, department, [this](const std::string& d) { return department_online(d); });
    if (!was_browsing) {  // a browsing page has had these already
        send_clinic(sid, department, out);
        out.send(sid, frames::availability(department, online));
    }
    return c;
}

void chat_core::visitor_browse(session_id sid, const visitor_arrival& arrival, time_point now, outbox& out) {
    auto s = new_session(role::visitor, now);
    s.browsing = std::make_unique<browsing_visit>(
        browsing_visit{lex_->rules.department_or_default(arrival.department), arrival.address, arrival.visit});
    const auto& b = *s.browsing;
    browsing_.join(sid, b.department, now, make_visit_record(lex_->sources, b.visit).source.keyword);
    bool online = availability_.listen(sid, b.department, [this](const std::string& d) { return department_online(d); });
    out.send(sid, frames::browsing_welcome(browsing_registry::visitor_id(sid), b.department, online));
    send_clinic(sid, b.department, out);
    sessions_[sid] = std::move(s);
}

chat_core::conversation* chat_core::reopened_by(const session_state& s, const proto::say& f) {
    auto id = openings_.find(s.browsing->address, f.id);
    if (!id) return nullptr;
    auto it = conversations_.find(*id);
    // Its old socket may still look alive: a dropped network sends no FIN, and the server notices
    // only at the heartbeat. The unguessable id says it is the same page.
    if (it == conversations_.end() || it->second.ending_as) return nullptr;
    return &it->second;
}

void chat_core::open_on_first_message(session_id sid, session_state& s, proto::say& f, time_point now,
                                      outbox& out) {
    if (auto* c = reopened_by(s, f)) {
        for (auto& d : browsing_.leave(sid)) to_consultants(d, out, false);
        s.browsing.reset();
        attach_visitor(sid, *c, 0, true, out);
        return on_say(sid, s, f, now, out);  // answered as the first one
    }
    // Refused, the socket stays a browsing one: the page offers the leave-a-message form, and
    // keeps hearing whether anyone comes online.
    if (auto why = admission_refusal(s.browsing->address, s.browsing->department)) {
        return out.send(sid, frames::busy(*why));
    }
    std::string id = settings_.make_conversation_id ? settings_.make_conversation_id()
                                                    : "c" + std::to_string(++conversations_made_);
    std::string token = settings_.make_resume_token ? settings_.make_resume_token() : "r" + id;
    for (auto& d : browsing_.leave(sid)) to_consultants(d, out, false);
    auto visit = std::move(s.browsing);
    auto& c = create_conversation(sid, id, token, visit->department, visit->address, visit->visit, true, now, out);
    c.opening_id = f.id;
    openings_.remember(c.address, c.opening_id, c.id);
    route(c, now, out);
    on_say(sid, s, f, now, out);
}

bool chat_core::department_online(const std::string& department) const {
    // Someone of the department is connected, whatever their presence: a 忙碌 or 离开 consultant
    // still sees the queue and can take a visitor (and a supervisor can assign one), so the
    // visitor queues; the leave-a-message form is for when nobody is there at all.
    auto dep = routing_department(department);
    for (auto& [name, st] : staff_)
        if (st.who.r == role::consultant && !st.sessions.empty() &&
            serves(routing_candidate{name, st.who.departments, 0, true, {}}, dep))
            return true;
    return false;
}

void chat_core::send_clinic(session_id sid, const std::string& department, outbox& out) {
    auto& r = lex_->rules;
    out.send(sid, frames::clinic(r.clinic_name, r.greeting, r.departments, department));
}

void chat_core::announce_availability(outbox& out) {
    for (auto& [sid, f] : availability_.changes([this](const std::string& d) { return department_online(d); }))
        out.send(sid, std::move(f));
}

void chat_core::on_page_view(session_id sid, session_state& s, const proto::page_view& f, time_point now, outbox& out) {
    if (!s.browsing) return out.send(sid, frames::error(error_code::forbidden, "page_view"));
    if (auto delta = browsing_.view(sid, f.url, f.title, now)) to_consultants(*delta, out, false);
}

void chat_core::on_invite(session_id sid, session_state& s, const proto::invite& f, time_point now, outbox& out) {
    if (s.r != role::consultant) return out.send(sid, frames::error(error_code::forbidden, "invite"));
    auto target = browsing_.find(f.visitor);
    if (!target) return out.send(sid, frames::error(error_code::bad_target, "visitor not browsing"));
    std::string token = settings_.make_token ? settings_.make_token() : "inv" + std::to_string(++tokens_made_);
    browsing_.invite(*target, token, s.name, now, settings_.invitation_ttl);
    out.send(*target, frames::invited(token));
}

void chat_core::on_presence(session_id sid, session_state& s, const proto::set_presence& f, time_point now,
                            outbox& out) {
    if (s.r != role::consultant) return out.send(sid, frames::error(error_code::forbidden, "presence"));
    roster_.set_presence(s.name, parse_presence(f.state).value_or(presence::online));
    // Every tab of this consultant shows the new state (publish_staff), not only the one that
    // changed it; setting the same state again is answered to the sender alone.
    if (!publish_staff(s.name, out))
        out.send(sid, staff_roster::own_frame(roster_line(s.name, staff_.at(s.name))));
    if (roster_.takes_new_conversations(s.name)) drain_queue(now, out);  // 在线 again: the queue moves
}

roster_entry chat_core::roster_line(const std::string& name, const staff_state& st) const {
    return {name, st.who.departments, roster_.presence_of(name), !st.sessions.empty(),
            static_cast<int>(st.conversations.size()), settings_.max_load};
}

bool chat_core::publish_staff(const std::string& name, outbox& out) {
    auto st = staff_.find(name);
    if (st == staff_.end() || st->second.who.r != role::consultant) return false;
    auto line = roster_line(name, st->second);
    if (!roster_.changed(line)) return false;
    auto own = staff_roster::own_frame(line);
    for (auto sid : st->second.sessions) out.send(sid, own);
    auto update = staff_roster::update_frame(line);
    for (auto sid : supervisor_sessions_) out.send(sid, update);
    return true;
}

void chat_core::to_consultants(const frames::frame& f, outbox& out, bool supervisors_too) {
    for (auto& [name, st] : staff_)
        if (st.who.r == role::consultant || (supervisors_too && st.who.r == role::supervisor))
            for (auto sid : st.sessions) out.send(sid, f);
}

bool chat_core::visitor_resume(session_id sid, const std::string& token, std::uint64_t after,
                               time_point now, outbox& out) {
    auto t = by_token_.find(token);
    if (t == by_token_.end()) return false;
    auto& c = conversations_.at(t->second);
    if (c.ending_as) return false;  // its end is being written; the store will answer
    sessions_[sid] = new_session(role::visitor, now);
    attach_visitor(sid, c, after, false, out);
    return true;
}

void chat_core::attach_visitor(session_id sid, conversation& c, std::uint64_t after, bool was_browsing,
                               outbox& out) {
    sessions_.at(sid).conversation = c.id;
    c.visitors.insert(sid);
    c.visitor_grace_until.reset();
    c.visitor_closed_cleanly = false;
    out.send(sid, frames::welcome(c.id, c.resume_token));
    bool online = availability_.listen(sid, c.department, [this](const std::string& d) { return department_online(d); });
    if (!was_browsing) {  // a browsing page has had these already
        send_clinic(sid, c.department, out);
        out.send(sid, frames::availability(c.department, online));
    }
    // Only committed messages are replayed; pending ones reach this socket when they commit.
    for (auto& f : frames::replay(c.id, c.messages, after, settings_.replay_budget_bytes)) out.send(sid, std::move(f));
    if (c.consultant.empty())
        out.send(sid, frames::queued(c.id, queue_.position(c.id).value_or(0)));
    else
        out.send(sid, frames::served_by(c.id, c.consultant));
}

void chat_core::visitor_attach_ended(session_id sid, const std::string& conversation, time_point now) {
    auto s = new_session(role::visitor, now);
    s.conversation = conversation;
    sessions_[sid] = std::move(s);
}

void chat_core::staff_join(session_id sid, const staff_identity& who, time_point now, outbox& out) {
    auto ss = new_session(who.r, now);
    ss.name = who.name;
    sessions_[sid] = std::move(ss);
    auto& st = staff_[who.name];
    st.who = who;
    st.sessions.insert(sid);
    st.grace_until.reset();
    if (who.r == role::supervisor) supervisor_sessions_.insert(sid);
    for (auto& id : st.conversations) {
        auto& c = conversations_.at(id);
        out.send(sid, frames::assigned(c.id, c.department, c.started, c.messages));
    }
    // Only the newcomer needs the lists: a staff member joining changes neither (sending them
    // to everyone made a shift start of N consultants cost N^2 frames).
    if (who.r == role::consultant || who.r == role::supervisor) out.send(sid, queue_.snapshot(settings_.list_snapshot));
    if (who.r == role::consultant) out.send(sid, browsing_.snapshot());
    if (who.r == role::consultant) {
        // A reload or reconnect finds the presence it left (it lasts while the grace does).
        if (!publish_staff(who.name, out)) out.send(sid, staff_roster::own_frame(roster_line(who.name, st)));
        drain_queue(now, out);
        announce_availability(out);
    }
    if (who.r == role::supervisor) out.send(sid, staff_roster::list_frame(roster()));
}

// ---- frames --------------------------------------------------------------------------

void chat_core::on_frame(session_id sid, proto::client_frame&& frame, time_point now,
                         outbox& out) {
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) return;
    auto& s = it->second;
    if (std::holds_alternative<proto::typing>(frame) || std::holds_alternative<proto::page_view>(frame)) {
        // Indicators (typing, where a browsing visitor is): frequent, and lossy by nature. They
        // have a budget of their own, so typing never uses up `say`'s, and beyond it they are
        // simply not relayed (a page-view flood costs staff nothing).
        // A real visitor views a page every few seconds at most; a browsing socket gets that rate.
        double rate = s.browsing ? settings_.page_views_per_second : settings_.indicators_per_second;
        if (!s.indicator_bucket.allow(now, rate, settings_.indicator_burst)) return;
        if (auto* t = std::get_if<proto::typing>(&frame)) on_typing(sid, s, *t, now, out);
        else on_page_view(sid, s, std::get<proto::page_view>(frame), now, out);
        return;
    }
    switch (s.frames.usable(now, settings_.messages_per_second, settings_.message_burst)) {
    case frame_budget::verdict::take: break;
    case frame_budget::verdict::refuse: {
        const auto* say = std::get_if<proto::say>(&frame);
        return out.send(sid, frames::error(error_code::rate_limited, {}, say ? say->id : std::string()));
    }
    case frame_budget::verdict::close:  // the answers were ignored: no more of them
        return out.closes.push_back({sid, close_codes::policy, "rate_limited"});
    }
    std::visit(
        [&](auto& f) {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, proto::say>) on_say(sid, s, f, now, out);
            else if constexpr (std::is_same_v<T, proto::end>) on_end(sid, s, f, now, out);
            else if constexpr (std::is_same_v<T, proto::leave>) {
                if (s.r != role::visitor) return out.send(sid, frames::error(error_code::forbidden, "leave"));
                auto c = conversations_.find(s.conversation);
                if (c == conversations_.end() || c->second.ending_as)
                    return out.send(sid, frames::error(error_code::ended));
                end(c->second, close_trigger::visitor_left, now, out);
            } else if constexpr (std::is_same_v<T, proto::take>) on_take(sid, s, f, now, out);
            else if constexpr (std::is_same_v<T, proto::transfer>) on_transfer(sid, s, f, now, out);
            else if constexpr (std::is_same_v<T, proto::watch>) on_watch(sid, s, f.conversation, true, out);
            else if constexpr (std::is_same_v<T, proto::unwatch>) on_watch(sid, s, f.conversation, false, out);
            else if constexpr (std::is_same_v<T, proto::rate>) on_rate(sid, s, f, out);
            else if constexpr (std::is_same_v<T, proto::check>) on_check(sid, s, f, out);
            else if constexpr (std::is_same_v<T, proto::invite>) on_invite(sid, s, f, now, out);
            else if constexpr (std::is_same_v<T, proto::set_presence>) on_presence(sid, s, f, now, out);
        },
        frame);
}

void chat_core::on_bad_frame(session_id sid, proto::error_code code, const std::string& detail, time_point now,
                             outbox& out) {
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) return out.send(sid, frames::error(code, detail));  // not joined yet: answered
    if (it->second.frames.unusable(now, settings_.messages_per_second, settings_.message_burst) ==
        frame_budget::verdict::close) {
        out.closes.push_back({sid, close_codes::policy, "rate_limited"});
        return;
    }
    out.send(sid, frames::error(code, detail));
}

chat_core::conversation* chat_core::staff_conversation(session_id sid, const session_state& s,
                                                       const std::string& id, outbox& out) {
    auto c = conversations_.find(id);
    // A consultant learns nothing about conversations that are not theirs: same error as absent.
    if (c == conversations_.end() ||
        (s.r == role::consultant && c->second.consultant != s.name)) {
        out.send(sid, frames::error(error_code::not_found));
        return nullptr;
    }
    if (c->second.ending_as) {
        out.send(sid, frames::error(error_code::ended));
        return nullptr;
    }
    return &c->second;
}

void chat_core::on_say(session_id sid, session_state& s, proto::say& f, time_point now,
                       outbox& out) {
    conversation* c = nullptr;
    if (s.r == role::visitor && s.browsing) {
        return open_on_first_message(sid, s, f, now, out);
    } else if (s.r == role::visitor) {
        auto it = conversations_.find(s.conversation);
        if (it == conversations_.end() || it->second.ending_as)
            return out.send(sid, frames::error(error_code::ended, {}, f.id));
        c = &it->second;
    } else if (s.r == role::consultant) {
        if (f.conversation.empty())
            return out.send(sid, frames::error(error_code::bad_frame, "field 'conversation' missing", f.id));
        c = staff_conversation(sid, s, f.conversation, out);
        if (!c) return;
    } else {
        return out.send(sid, frames::error(error_code::forbidden, "say", f.id));
    }
    if (answered_as_resend(sid, s, *c, f, out)) return;
    if (s.r == role::visitor && !c->visitor_says.allow(now, settings_.messages_per_second, settings_.message_burst))
        return out.send(sid, frames::error(error_code::rate_limited, {}, f.id));
    // Refused before it gets a seq: the sender keeps its text, and nothing acked is touched.
    if (!c->size.admits(conversation_size::cost(f.text.size(), s.name.size(), f.id.size()), s.r != role::visitor))
        return out.send(sid, frames::error(error_code::conversation_full, {}, f.id));
    text_check checked;
    const bool analyze = settings_.live_analysis;
    if (analyze && s.r == role::consultant) {
        checked = check_consultant(f.text, c->department, *lex_, spell_);
        if (blocks(checked.findings, lex_->rules)) {
            // Never relayed, never stored as a message: the consultant sees why. The attempt
            // itself is recorded and alerts supervisors (rule "blocked", no message seq).
            std::vector<finding> attempt;
            for (auto x : checked.findings)
                if (x.unambiguous) {
                    x.rule = "blocked";
                    x.at = now;
                    attempt.push_back(std::move(x));
                }
            publish(*c, std::move(attempt), out);
            return out.send(sid, frames::blocked(f.id, checked.findings));
        }
    }
    message m;
    m.seq = c->next_seq++;
    m.from = s.r == role::visitor ? sender::visitor : sender::consultant;
    m.author = s.name;
    m.text = std::move(f.text);  // the frame is not read again: its strings become the message's
    m.at = now;
    m.client_id = std::move(f.id);
    c->size.add(conversation_size::cost(m));
    if (m.from == sender::consultant) {
        c->waiting_since.reset();
    } else {
        // Kept even if its commit fails: a consultant's slip that copies a message the store lost
        // is rare enough not to keep a second ledger for.
        c->visitor_said.add(m.seq, m.text);
        if (!c->waiting_since) {
            c->waiting_since = now;
            if (settings_.reassign_after.count() > 0)
                deadlines_.add(now + settings_.reassign_after, {wakeup::what::conversation, c->id});
        }
    }
    out.write(append_message{c->id, m}, commit_ticket{c->id, m.seq});
    // After relay, off this path: the IME check and the rude-reply model (reply_model.hpp), given
    // the inline check's findings before the analyzer takes them over (usually none: no allocation).
    const bool late = analyze && (ime_ || rude_model_on(*lex_)) && m.from == sender::consultant;
    std::vector<finding> inline_found;
    if (late) inline_found = checked.findings;
    std::vector<finding> found;
    if (analyze) found = c->analyzer.on_message(m, *lex_, spell_, s.r == role::consultant ? &checked : nullptr);
    if (late)
        out.ime_checks.push_back({c->id, c->department, m.seq, now, m.text, lex_, std::move(inline_found),
                                  std::string(c->visitor_said.before(m.seq))});
    c->sent_ids.add(m.client_id);  // before its commit: a resend of it while pending is found too
    c->pending.emplace(m.seq, pending_message{std::move(m), sid});
    if (!analyze) return;
    publish(*c, std::move(found), out);
    schedule_analyzer(*c);
}

bool chat_core::answered_as_resend(session_id sid, const session_state& s, conversation& c, const proto::say& f,
                                   outbox& out) {
    // Every id of `pending` and `messages` is in the filter: a new id (nearly every say) stops here.
    if (!c.sent_ids.may_contain(f.id)) return false;
    const sender from = s.r == role::visitor ? sender::visitor : sender::consultant;
    for (auto& [seq, pm] : c.pending)
        if (pm.msg.client_id == f.id && pm.msg.from == from && pm.msg.author == s.name) {
            pm.from_session = sid;  // its ack (or failure) goes to the socket that is asking now
            return true;
        }
    if (auto* m = resent_message(c.messages, from, s.name, f.id)) {
        out.send(sid, frames::ack(m->client_id, m->seq, m->at));
        return true;
    }
    return false;
}

void chat_core::on_check(session_id sid, session_state& s, const proto::check& f, outbox& out) {
    if (s.r != role::consultant) return out.send(sid, frames::error(error_code::forbidden, "check"));
    std::string department;
    conversation* c = nullptr;
    if (!f.conversation.empty()) {
        c = staff_conversation(sid, s, f.conversation, out);
        if (!c) return;
        department = c->department;
    }
    auto checked = check_consultant(f.text, department, *lex_, spell_);
    auto found = checked.findings;
    // What the worker would find after relay: the rude-reply model where no entry or cue fired.
    for (auto& x : rude_model_findings(f.text, *lex_, checked.findings)) found.push_back(std::move(x));
    if (ime_ && f.text.size() <= check_ime_max_bytes) {
        auto listed = found;
        const std::string_view said = c ? c->visitor_said.before(c->next_seq) : std::string_view();
        auto model = ime_->check(f.text, *lex_, department, said);
        drop_copied_from_visitor(model, f.text, said);
        for (auto& x : model)
            if (!overlaps_a_typo(x, listed)) found.push_back(std::move(x));
    }
    if (c) {
        if (auto r = c->analyzer.would_repeat(f.text, *lex_)) found.push_back(std::move(*r));
        // A bare answer (能, 可以挂号) is terse only against what the visitor asked, which the
        // conversation knows: the draft is judged as the reply would be.
        if (auto b = c->analyzer.would_be_bare(f.text, checked, *lex_)) found.push_back(std::move(*b));
        c->analyzer.drop_fillers_when_nothing_asked(found, *lex_);
    }
    out.send(sid, frames::check_result(f.conversation, found, blocks(found, lex_->rules)));
}

void chat_core::publish(conversation& c, std::vector<finding> findings, outbox& out) {
    for (auto& f : findings) {
        ++c.findings;
        out.write(record_finding{c.id, f});
        auto for_consultant = frames::finding_frame(c.id, f);
        if (!c.consultant.empty()) send_to_staff(c.consultant, for_consultant, out);
        for (auto w : c.watchers) out.send(w, for_consultant);
        if (f.level == severity::info) continue;
        if (!quiet_rules_.empty() && quiet_rules_.count(rule_key(f.kind, f.rule))) continue;  // QA: imprecise
        auto alert = frames::alert(c.id, c.consultant, c.department, f);
        for (auto sid : supervisor_sessions_) out.send(sid, alert);
    }
}

void chat_core::late_findings(const std::string& conversation, std::uint64_t seq, time_point at,
                              std::string_view text, std::vector<finding> found, outbox& out) {
    for (auto& f : found) {
        f.seq = seq;
        f.at = at;
    }
    // The worker has the text only; the conversation says what the visitor wrote before it.
    auto c = conversations_.find(conversation);
    if (c != conversations_.end()) {
        drop_copied_from_visitor(found, text, c->second.visitor_said.before(seq));
        return publish(c->second, std::move(found), out);
    }
    // Ended meanwhile (within the worker's delay: a booking confirmed, then the visitor left):
    // compared with what its visitor wrote, kept at the end, and recorded.
    if (auto before = ended_texts_.before(conversation, seq)) drop_copied_from_visitor(found, text, *before);
    for (auto& f : found) out.write(record_finding{conversation, f});
}

void chat_core::schedule_analyzer(conversation& c) {
    if (auto next = c.analyzer.next_deadline(*lex_)) deadlines_.set(c.id, *next, {wakeup::what::conversation, c.id});
    else deadlines_.clear(c.id);
}

void chat_core::on_end(session_id sid, session_state& s, const proto::end& f, time_point now,
                       outbox& out) {
    if (s.r != role::consultant && s.r != role::supervisor)
        return out.send(sid, frames::error(error_code::forbidden, "end"));
    auto* c = staff_conversation(sid, s, f.conversation, out);
    if (!c) return;
    c->ended_by = s.name;
    end(*c, s.r == role::supervisor ? close_trigger::supervisor_ended : close_trigger::consultant_ended, now, out);
}

void chat_core::on_take(session_id sid, session_state& s, const proto::take& f, time_point now,
                        outbox& out) {
    if (s.r != role::consultant) return out.send(sid, frames::error(error_code::forbidden, "take"));
    std::string id = f.conversation.empty() ? (queue_.front() ? *queue_.front() : std::string()) : f.conversation;
    if (id.empty() || !queue_.position(id))
        return out.send(sid, frames::error(error_code::bad_target, "not in the queue"));
    dequeue(id, out);
    assign(conversations_.at(id), s.name, now, out);  // an explicit take may exceed the automatic maximum
}

void chat_core::on_transfer(session_id sid, session_state& s, const proto::transfer& f,
                            time_point now, outbox& out) {
    if (s.r != role::consultant && s.r != role::supervisor)
        return out.send(sid, frames::error(error_code::forbidden, "transfer"));
    auto* c = staff_conversation(sid, s, f.conversation, out);
    if (!c) return;
    auto target = staff_.find(f.to);
    if (target == staff_.end() || target->second.who.r != role::consultant ||
        target->second.sessions.empty() || f.to == c->consultant)
        return out.send(sid, frames::error(error_code::bad_target, "consultant not online"));
    frames::handover from{s.name, f.note};
    // A supervisor may also hand a queued visitor to a consultant: that visitor is simply served.
    const bool moved_from_someone = !c->consultant.empty();
    if (moved_from_someone) unassign(*c, "transferred", out);
    else dequeue(c->id, out);
    assign(*c, f.to, now, out, &from);
    if (!moved_from_someone) return;
    auto moved = frames::transferred(c->id);
    for (auto v : c->visitors) out.send(v, moved);
}

void chat_core::on_watch(session_id sid, session_state& s, const std::string& id, bool watch,
                         outbox& out) {
    if (s.r != role::supervisor) return out.send(sid, frames::error(error_code::forbidden, "watch"));
    auto* c = staff_conversation(sid, s, id, out);
    if (!c) return;
    if (watch) {
        c->watchers.insert(sid);
        s.watching.insert(id);
        out.send(sid, frames::transcript(c->id, c->consultant, c->messages));
    } else {
        c->watchers.erase(sid);
        s.watching.erase(id);
    }
}

void chat_core::on_typing(session_id sid, session_state& s, const proto::typing& f, time_point, outbox& out) {
    if (s.r == role::visitor) {
        auto c = conversations_.find(s.conversation);
        if (c != conversations_.end() && !c->second.consultant.empty())
            send_to_staff(c->second.consultant, frames::typing(c->first, sender::visitor), out);
    } else if (s.r == role::consultant) {
        if (auto* c = staff_conversation(sid, s, f.conversation, out))
            for (auto v : c->visitors) out.send(v, frames::typing(c->id, sender::consultant));
    } else {
        out.send(sid, frames::error(error_code::forbidden, "typing"));
    }
}

void chat_core::on_rate(session_id sid, session_state& s, const proto::rate& f, outbox& out) {
    if (s.r != role::visitor || s.conversation.empty())
        return out.send(sid, frames::error(error_code::forbidden, "rate"));
    // `rated` only once the rating is stored: a visitor told 感谢您的评价 while the disk was full
    // would never rate again, and the rating would be lost.
    out.write(rate_conversation{s.conversation, f.satisfied, f.comment},
              commit_ticket{s.conversation, 0, commit_kind::rating, sid});
}

// ---- connections, commits, time -------------------------------------------------------

void chat_core::on_disconnect(session_id sid, bool clean, time_point now, outbox& out) {
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) return;
    session_state s = std::move(it->second);
    sessions_.erase(it);
    availability_.forget(sid);
    if (s.browsing) {
        for (auto& f : browsing_.leave(sid)) to_consultants(f, out, false);
        return;
    }
    if (s.r == role::visitor) {
        auto c = conversations_.find(s.conversation);
        if (c == conversations_.end()) return;
        c->second.visitors.erase(sid);
        if (!c->second.visitors.empty() || c->second.ending_as) return;
        // A clean close is the page going away: the tab closed, or the visitor moved to another
        // page of the site, whose widget resumes within moments. Only a short wait tells which.
        c->second.visitor_closed_cleanly = clean;
        c->second.visitor_grace_until = now + (clean ? settings_.leave_grace : settings_.resume_grace);
        deadlines_.add(*c->second.visitor_grace_until, {wakeup::what::conversation, c->first});
        return;
    }
    supervisor_sessions_.erase(sid);
    for (auto& id : s.watching)
        if (auto c = conversations_.find(id); c != conversations_.end()) c->second.watchers.erase(sid);
    auto st = staff_.find(s.name);
    if (st == staff_.end()) return;
    st->second.sessions.erase(sid);
    if (st->second.sessions.empty() && st->second.who.r == role::consultant) {
        st->second.grace_until = now + settings_.consultant_grace;
        deadlines_.add(*st->second.grace_until, {wakeup::what::staff, s.name});
        announce_availability(out);
    }
    publish_staff(s.name, out);
}

void chat_core::staff_revoked(session_id sid, time_point now, outbox& out) {
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) return;
    std::string name = it->second.name;
    on_disconnect(sid, false, now, out);
    out.closes.push_back({sid, close_codes::unauthorized, "login revoked"});
    // A revoked log-in (log-out, disabled, expired) is not a dropped socket that may come back
    // within the grace: if it was the consultant's last, the visitors go to colleagues now
    // instead of waiting out consultant-grace-seconds behind someone who left.
    auto st = staff_.find(name);
    if (st != staff_.end() && st->second.sessions.empty() && st->second.grace_until) {
        st->second.grace_until = now;
        check_staff(name, now, out);
    }
}

void chat_core::on_committed(const commit_ticket& t, bool ok, time_point now, outbox& out) {
    if (t.kind == commit_kind::rating) {  // the conversation may be gone from memory: it has ended
        if (sessions_.count(t.session))
            out.send(t.session, ok ? frames::rated(t.conversation) : frames::error(error_code::unavailable, "rate"));
        return;
    }
    auto it = conversations_.find(t.conversation);
    if (it == conversations_.end()) return;
    auto& c = it->second;
    if (t.kind == commit_kind::open) {
        if (!ok) forget_unopened(c, now, out);
        return;
    }
    if (t.seq == 0) return finish(c, out);
    auto p = c.pending.find(t.seq);
    if (p == c.pending.end()) return;
    pending_message pm = std::move(p->second);
    c.pending.erase(p);
    bool sender_here = sessions_.count(pm.from_session) > 0;
    if (!ok) {
        c.size.remove(conversation_size::cost(pm.msg));
        if (sender_here)
            out.send(pm.from_session, frames::error(error_code::unavailable, {}, pm.msg.client_id));
        return;
    }
    auto encoded = frames::committed(c.id, pm.msg);  // both frames from one pass over the message
    if (sender_here) out.send(pm.from_session, std::move(encoded.ack));
    send_to_conversation(c, encoded.relay, out, pm.from_session);
    c.messages.push_back(std::move(pm.msg));
}

void chat_core::tick(time_point now, outbox& out) {
    while (auto w = deadlines_.pop_due(now)) {
        if (w->kind == wakeup::what::staff) check_staff(w->id, now, out);
        else check_conversation(w->id, now, out);
    }
}

void chat_core::check_conversation(const std::string& id, time_point now, outbox& out) {
    auto it = conversations_.find(id);
    if (it == conversations_.end() || it->second.ending_as) return;
    auto& c = it->second;
    if (c.visitor_grace_until && *c.visitor_grace_until <= now)
        return end(c, c.visitor_closed_cleanly ? close_trigger::visitor_left : close_trigger::system, now, out);
    publish(c, c.analyzer.advance(now, *lex_), out);
    schedule_analyzer(c);
    if (settings_.reassign_after.count() > 0 && !c.consultant.empty() && c.waiting_since &&
        *c.waiting_since + settings_.reassign_after <= now && c.reassigned_wait != c.waiting_since) {
        c.reassigned_wait = c.waiting_since;
        std::string previous = c.consultant;
        unassign(c, "reassigned", out);
        route(c, now, out, previous);
    }
}

void chat_core::check_staff(const std::string& name, time_point now, outbox& out) {
    auto st = staff_.find(name);
    if (st == staff_.end() || !st->second.grace_until || *st->second.grace_until > now) return;
    st->second.grace_until.reset();
    roster_.forget_presence(name);  // gone for good: the next log-in starts 在线
    publish_staff(name, out);
    std::vector<std::string> mine(st->second.conversations.begin(), st->second.conversations.end());
    for (auto& id : mine) {
        auto& c = conversations_.at(id);
        unassign(c, "consultant_offline", out);
        route(c, now, out, name);
    }
}

std::optional<time_point> chat_core::next_deadline() const { return deadlines_.next(); }

void chat_core::shutdown(time_point now, outbox& out) {
    std::vector<std::string> open;
    for (auto& [id, c] : conversations_)
        if (!c.ending_as) open.push_back(id);
    for (auto& id : open) end(conversations_.at(id), close_trigger::system, now, out);
}

core_stats chat_core::stats() const {
    core_stats s;
    s.open_conversations = conversations_.size();
    s.queued = queue_.size();
    for (auto& [sid, ss] : sessions_) {
        (ss.r == role::visitor ? s.visitor_sessions : s.staff_sessions)++;
        if (ss.r == role::consultant) ++s.consultant_sessions;
        else if (ss.r == role::supervisor) ++s.supervisor_sessions;
        else if (ss.r == role::qa) ++s.qa_sessions;
    }
    return s;
}

std::vector<board_row> chat_core::board() const {
    std::vector<board_row> rows;
    for (auto& [id, c] : conversations_) {
        if (c.ending_as) continue;
        rows.push_back({c.id, c.department, c.consultant, c.started, c.waiting_since,
                        c.messages.size() + c.pending.size(), c.findings, c.visit.source.keyword});
    }
    return rows;
}

std::vector<roster_entry> chat_core::roster() const {
    std::vector<roster_entry> all;
    for (auto& [name, st] : staff_)
        if (st.who.r == role::consultant) all.push_back(roster_line(name, st));
    return all;
}

std::optional<std::string> chat_core::consultant_of(const std::string& id) const {
    auto c = conversations_.find(id);
    if (c == conversations_.end()) return std::nullopt;
    return c->second.consultant;
}

// ---- routing -------------------------------------------------------------------------

std::vector<routing_candidate> chat_core::candidates() const {
    std::vector<routing_candidate> out;
    for (auto& [name, st] : staff_) {
        if (st.who.r != role::consultant) continue;
        // 忙碌 and 离开 take no new routing; their open conversations go on.
        out.push_back({name, st.who.departments, static_cast<int>(st.conversations.size()),
                       !st.sessions.empty() && roster_.takes_new_conversations(name), st.last_assigned});
    }
    return out;
}

std::string chat_core::routing_department(const std::string& department) const {
    // The default department is where visitors without a (known) department land: anyone serves it.
    return department == lex_->rules.default_department ? std::string() : department;
}

void chat_core::route(conversation& c, time_point now, outbox& out, const std::string& exclude) {
    auto cands = candidates();
    if (auto who = pick_consultant(cands, routing_department(c.department), settings_.max_load, exclude))
        assign(c, *who, now, out);
    else
        enqueue(c, now, out);
}

void chat_core::assign(conversation& c, const std::string& consultant, time_point now, outbox& out,
                       const frames::handover* from) {
    auto& st = staff_[consultant];
    c.consultant = consultant;
    st.conversations.insert(c.id);
    st.last_assigned = now;
    out.write(assign_conversation{c.id, consultant});
    send_to_staff(consultant, frames::assigned(c.id, c.department, c.started, c.messages, from), out);
    // The visitor panel's facts come with the conversation, before anything else about it.
    if (!c.visit.empty()) send_to_staff(consultant, frames::visit(c.id, c.visit), out);
    publish_staff(consultant, out);
    auto served = frames::served_by(c.id, consultant);
    for (auto v : c.visitors) out.send(v, served);
}

void chat_core::unassign(conversation& c, std::string_view reason, outbox& out) {
    if (c.consultant.empty()) return;
    auto st = staff_.find(c.consultant);
    if (st != staff_.end()) {
        st->second.conversations.erase(c.id);
        send_to_staff(c.consultant, frames::unassigned(c.id, reason), out);
        publish_staff(c.consultant, out);
    }
    c.consultant.clear();
}

void chat_core::enqueue(conversation& c, time_point now, outbox& out) {
    to_consultants(queue_.push(c.id, c.department, now), out, true);
    out.write(assign_conversation{c.id, {}});
    auto pos = frames::queued(c.id, queue_.size());
    for (auto v : c.visitors) out.send(v, pos);
}

std::optional<std::size_t> chat_core::dequeue(const std::string& id, outbox& out, bool tell_those_behind) {
    auto was = queue_.erase(id);
    if (!was) return std::nullopt;
    to_consultants(queue_.removed_frame(id), out, true);
    if (tell_those_behind) tell_positions_from(*was, out);
    return was;
}

void chat_core::tell_positions_from(std::size_t position, outbox& out) {
    std::size_t p = position;
    for (auto& id : queue_.from_position(position)) {
        auto f = frames::queued(id, p++);
        for (auto v : conversations_.at(id).visitors) out.send(v, f);
    }
}

void chat_core::drain_queue(time_point now, outbox& out) {
    std::optional<std::size_t> first_moved;
    for (auto& id : queue_.ids()) {
        auto cands = candidates();
        auto& c = conversations_.at(id);
        if (auto who = pick_consultant(cands, routing_department(c.department), settings_.max_load)) {
            auto was = dequeue(id, out, false);
            if (!first_moved || *was < *first_moved) first_moved = was;
            assign(c, *who, now, out);
        }
    }
    // One new place per waiting visitor, not one per conversation taken ahead of it.
    if (first_moved) tell_positions_from(*first_moved, out);
}

// ---- ending --------------------------------------------------------------------------

void chat_core::end(conversation& c, close_trigger trigger, time_point now, outbox& out) {
    if (c.ending_as) return;
    auto result = c.analyzer.finish(transcript_with_pending(c), trigger, now, *lex_);
    c.ending_as = result.how;
    c.closed_by = trigger;
    publish(c, std::move(result.findings), out);
    if (c.consultant.empty()) {
        dequeue(c.id, out);
    } else if (auto st = staff_.find(c.consultant); st != staff_.end()) {
        st->second.conversations.erase(c.id);  // frees the seat now, so the queue moves
        publish_staff(c.consultant, out);
    }
    out.write(end_conversation{c.id, *c.ending_as, now, trigger, c.analyzer.had_intent(*lex_),
                                c.analyzer.converted()},
              commit_ticket{c.id, 0, commit_kind::ending});
    drain_queue(now, out);
}

// The end is durable; every message before it has been delivered (commits are in order).
void chat_core::finish(conversation& c, outbox& out) {
    auto f = frames::ended(c.id, *c.ending_as, c.closed_by, c.ended_by);
    send_to_conversation(c, f, out);
    forget(c);
}

// Everything that points at a conversation goes with it.
void chat_core::forget(conversation& c) {
    ended_texts_.remember(c.id, std::move(c.visitor_said));  // the IME worker may still be at its last messages
    for (auto w : c.watchers)
        if (auto s = sessions_.find(w); s != sessions_.end()) s->second.watching.erase(c.id);
    by_token_.erase(c.resume_token);
    openings_.forget(c.address, c.opening_id, c.id);
    deadlines_.clear(c.id);
    admission_.closed(c.address);
    std::string id = c.id;  // not a reference into the element being erased
    conversations_.erase(id);
}

// The conversation's row could not be written, so nothing of it can be kept: its visitor is
// told and closed, and it is forgotten at once (out of the queue, its seat freed, no ending
// written for a row that does not exist). Writes already queued for it fail on their own.
void chat_core::forget_unopened(conversation& c, time_point now, outbox& out) {
    for (auto v : c.visitors) {
        out.send(v, frames::error(error_code::unavailable, "open"));
        out.closes.push_back({v, close_codes::unavailable, "store unavailable"});
        sessions_.erase(v);  // its disconnect then finds nothing to end
        availability_.forget(v);
    }
    if (!c.ending_as) {  // else end() has already left the queue and freed the seat
        if (c.consultant.empty()) dequeue(c.id, out);
        else unassign(c, "unavailable", out);
    }
    forget(c);
    drain_queue(now, out);
}

// ---- helpers -------------------------------------------------------------------------

void chat_core::send_to_conversation(const conversation& c, const frames::frame& f, outbox& out,
                                     session_id except) {
    for (auto v : c.visitors)
        if (v != except) out.send(v, f);
    if (!c.consultant.empty())
        if (auto st = staff_.find(c.consultant); st != staff_.end())
            for (auto sid : st->second.sessions)
                if (sid != except) out.send(sid, f);
    for (auto w : c.watchers)
        if (w != except) out.send(w, f);
}

void chat_core::send_to_staff(const std::string& name, const frames::frame& f, outbox& out) {
    if (auto st = staff_.find(name); st != staff_.end())
        for (auto sid : st->second.sessions) out.send(sid, f);
}

std::vector<message> chat_core::transcript_with_pending(const conversation& c) const {
    std::vector<message> all = c.messages;
    for (auto& [seq, p] : c.pending) all.push_back(p.msg);
    return all;
}

}  // namespace lingting
