#include "core/frames.hpp"

#include "core/json_writer.hpp"

namespace lingting::frames {
namespace {

frame done(json_writer& w) {
    w.end_object();
    return std::make_shared<const std::string>(w.str());
}

void write_message(json_writer& w, const std::string& conversation, const message& m, bool with_author = false) {
    w.begin_object()
        .field("type", "message")
        .field("conversation", conversation)
        .field("seq", m.seq)
        .field("from", to_string(m.from))
        .field("text", m.text)
        .field("at", iso8601(m.at));
    if (!m.client_id.empty()) w.field("id", m.client_id);
    if (with_author && !m.author.empty()) w.field("author", m.author);
    w.end_object();
}

void write_messages(json_writer& w, const std::string& conversation, std::span<const message> ms,
                    bool with_author = false) {
    w.key("messages").begin_array();
    for (auto& m : ms) write_message(w, conversation, m, with_author);
    w.end_array();
}

// A transcript for staff, bounded: the latest messages up to `transcript_budget_bytes` of text
// (always the last one), and how many earlier ones were left out (the page loads them over the
// API). One visitor's long conversation must not push a consultant's socket over its send
// queue every time it connects, takes the conversation or a supervisor watches it.
constexpr std::size_t transcript_budget_bytes = 32 * 1024;

void write_recent_messages(json_writer& w, const std::string& conversation, std::span<const message> ms) {
    std::size_t keep = 0, bytes = 0;
    while (keep < ms.size()) {
        bytes += ms[ms.size() - 1 - keep].text.size() + 100;  // text plus the fields around it
        if (keep > 0 && bytes > transcript_budget_bytes) break;
        ++keep;
    }
    w.field("earlier", static_cast<std::uint64_t>(ms.size() - keep));
    write_messages(w, conversation, ms.subspan(ms.size() - keep), true);
}

void write_finding(json_writer& w, const finding& f) {
    w.begin_object()
        .field("kind", f.kind)
        .field("rule", f.rule)
        .field("category", f.category)
        .field("severity", to_string(f.level))
        .field("seq", f.seq)
        .field("matched", f.matched)
        .field("begin", static_cast<std::uint64_t>(f.begin))
        .field("end", static_cast<std::uint64_t>(f.end))
        .field("suggestion", f.suggestion)
        .field("at", iso8601(f.at));
    // The suggestion again under what it is, so a page offers to insert only a replacement.
    if (!f.suggestion.empty()) w.field(f.replaces ? "replacement" : "advice", f.suggestion);
    if (!f.detail.empty()) w.field("detail", f.detail);
    if (f.duration_ms) w.field("duration_ms", static_cast<std::int64_t>(f.duration_ms));
    if (f.escalates) w.field("escalates", true);
    if (f.cost > 0) w.field("cost", f.cost);
    if (f.id) w.field("id", static_cast<std::int64_t>(f.id));
    if (!f.verdict.empty()) w.field("verdict", f.verdict).field("verdict_note", f.verdict_note);
    w.end_object();
}

void write_findings(json_writer& w, std::span<const finding> fs) {
    w.key("findings").begin_array();
    for (auto& f : fs) write_finding(w, f);
    w.end_array();
}

}  // namespace

std::string finding_json(const finding& f) {
    json_writer w;
    write_finding(w, f);
    return w.str();
}

frame finding_frame(const std::string& conversation, const finding& f) {
    json_writer w;
    w.begin_object().field("type", "finding").field("conversation", conversation).key("finding");
    write_finding(w, f);
    return done(w);
}

frame alert(const std::string& conversation, const std::string& consultant, const std::string& department,
            const finding& f) {
    json_writer w;
    w.begin_object()
        .field("type", "alert")
        .field("conversation", conversation)
        .field("consultant", consultant)
        .field("department", department)
        .key("finding");
    write_finding(w, f);
    return done(w);
}

frame check_result(const std::string& conversation, std::span<const finding> findings, bool would_block) {
    json_writer w;
    w.begin_object().field("type", "check_result").field("conversation", conversation).field("blocked", would_block);
    write_findings(w, findings);
    return done(w);
}

frame blocked(const std::string& client_id, std::span<const finding> findings) {
    json_writer w;
    w.begin_object()
        .field("type", "error")
        .field("code", proto::to_string(proto::error_code::blocked))
        .field("message", proto::user_message(proto::error_code::blocked))
        .field("id", client_id);
    write_findings(w, findings);
    return done(w);
}

frame welcome(const std::string& conversation, const std::string& resume_token) {
    json_writer w;
    w.begin_object().field("type", "welcome").field("conversation", conversation).field("resume", resume_token);
    return done(w);
}

frame ack(const std::string& client_id, std::uint64_t seq, time_point at) {
    json_writer w;
    w.begin_object().field("type", "ack").field("id", client_id).field("seq", seq).field("at", iso8601(at));
    return done(w);
}

std::string message_json(const std::string& conversation, const message& m) {
    json_writer w;
    write_message(w, conversation, m);
    return w.str();
}

frame message_frame(const std::string& conversation, const message& m) {
    return std::make_shared<const std::string>(message_json(conversation, m));
}

frame ended(const std::string& conversation, ending how) {
    json_writer w;
    w.begin_object().field("type", "ended").field("conversation", conversation).field("ending", to_string(how));
    return done(w);
}

frame error(proto::error_code code, std::string_view detail, std::string_view client_id) {
    json_writer w;
    w.begin_object()
        .field("type", "error")
        .field("code", proto::to_string(code))
        .field("message", proto::user_message(code));
    if (!detail.empty()) w.field("detail", detail);
    if (!client_id.empty()) w.field("id", client_id);
    return done(w);
}

frame queued(const std::string& conversation, std::size_t position) {
    json_writer w;
    w.begin_object()
        .field("type", "status")
        .field("conversation", conversation)
        .field("state", "queued")
        .field("position", static_cast<std::uint64_t>(position));
    return done(w);
}

frame transferred(const std::string& conversation) {
    json_writer w;
    w.begin_object().field("type", "status").field("conversation", conversation).field("state", "transferred");
    return done(w);
}

frame assigned(const std::string& conversation, const std::string& department, time_point started,
               std::span<const message> transcript, const handover* from) {
    json_writer w;
    w.begin_object()
        .field("type", "assigned")
        .field("conversation", conversation)
        .field("department", department)
        .field("started", iso8601(started));
    if (from) w.key("transfer").begin_object().field("from", from->from).field("note", from->note).end_object();
    write_recent_messages(w, conversation, transcript);
    return done(w);
}

frame unassigned(const std::string& conversation, std::string_view reason) {
    json_writer w;
    w.begin_object().field("type", "unassigned").field("conversation", conversation).field("reason", reason);
    return done(w);
}

frame transcript(const std::string& conversation, const std::string& consultant,
                 std::span<const message> messages) {
    json_writer w;
    w.begin_object().field("type", "transcript").field("conversation", conversation).field("consultant", consultant);
    write_recent_messages(w, conversation, messages);
    return done(w);
}

frame typing(const std::string& conversation, sender from) {
    json_writer w;
    w.begin_object().field("type", "typing").field("conversation", conversation).field("from", to_string(from));
    return done(w);
}

frame rated(const std::string& conversation) {
    json_writer w;
    w.begin_object().field("type", "rated").field("conversation", conversation);
    return done(w);
}

frame invited(const std::string& token) {
    json_writer w;
    w.begin_object().field("type", "invited").field("invitation", token);
    return done(w);
}

namespace {

void write_browsing_entry(json_writer& w, const browsing_entry& v) {
    w.begin_object()
        .field("visitor", v.visitor)
        .field("department", v.department)
        .field("url", v.url)
        .field("title", v.title)
        .field("keyword", v.keyword)
        .field("since", iso8601(v.since))
        .end_object();
}

void write_queue_entry(json_writer& w, const queue_entry& q) {
    w.begin_object()
        .field("conversation", q.conversation)
        .field("department", q.department)
        .field("since", iso8601(q.since))
        .end_object();
}

}  // namespace

frame browsing_list(std::span<const browsing_entry> visitors, std::size_t total) {
    json_writer w;
    w.begin_object().field("type", "browsing_list").field("total", static_cast<std::uint64_t>(total));
    w.key("visitors").begin_array();
    for (auto& v : visitors) write_browsing_entry(w, v);
    w.end_array();
    return done(w);
}

frame browsing_update(const browsing_entry& visitor, std::size_t total) {
    json_writer w;
    w.begin_object().field("type", "browsing_update").field("total", static_cast<std::uint64_t>(total));
    w.key("visitor");
    write_browsing_entry(w, visitor);
    return done(w);
}

frame browsing_remove(const std::string& visitor, std::size_t total) {
    json_writer w;
    w.begin_object()
        .field("type", "browsing_remove")
        .field("visitor", visitor)
        .field("total", static_cast<std::uint64_t>(total));
    return done(w);
}

frame queue_state(std::span<const queue_entry> queue, std::size_t total) {
    json_writer w;
    w.begin_object().field("type", "queue_state").field("total", static_cast<std::uint64_t>(total));
    w.key("queue").begin_array();
    for (auto& q : queue) write_queue_entry(w, q);
    w.end_array();
    return done(w);
}

frame queue_add(const queue_entry& entry, std::size_t total) {
    json_writer w;
    w.begin_object().field("type", "queue_add").field("total", static_cast<std::uint64_t>(total));
    w.key("entry");
    write_queue_entry(w, entry);
    return done(w);
}

frame queue_remove(const std::string& conversation, std::size_t total) {
    json_writer w;
    w.begin_object()
        .field("type", "queue_remove")
        .field("conversation", conversation)
        .field("total", static_cast<std::uint64_t>(total));
    return done(w);
}

frame busy(std::string_view reason) {
    json_writer w;
    w.begin_object()
        .field("type", "busy")
        .field("reason", reason)
        .field("message", "当前咨询人数较多，请稍后再试，或留下您的联系方式，我们会尽快与您联系。");
    return done(w);
}

}  // namespace lingting::frames
