#include "core/frames.hpp"

#include "core/json_writer.hpp"

#include <charconv>

namespace lingting::frames {
namespace {

// The relay's per-message frames (ack, message) written straight into their string: the fixed
// keys as literals, each string value checked for UTF-8 once and escaped exactly as RapidJSON's
// writer does (json_writer), the number with to_chars. The bytes are the same as json_writer's;
// they cost no StringBuffer, no copy out of it and no second validation of the keys.
class lean_writer {
public:
    explicit lean_writer(std::size_t reserve) { s_.reserve(reserve); }
    lean_writer& raw(std::string_view v) {
        s_.append(v);
        return *this;
    }
    lean_writer& str(std::string_view v) {
        if (!valid_utf8(v)) return escaped(to_valid_utf8(v));
        return escaped(v);
    }
    lean_writer& num(std::uint64_t v) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        s_.append(buf, r.ptr);
        return *this;
    }
    frame done() { return std::make_shared<const std::string>(std::move(s_)); }
    std::string take() { return std::move(s_); }

private:
    lean_writer& escaped(std::string_view v) {
        static constexpr char hex[] = "0123456789ABCDEF";
        s_ += '"';
        std::size_t run = 0;  // start of the bytes that need no escape
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto c = static_cast<unsigned char>(v[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            s_.append(v.data() + run, i - run);
            run = i + 1;
            switch (c) {
            case '"': s_ += "\\\""; break;
            case '\\': s_ += "\\\\"; break;
            case '\b': s_ += "\\b"; break;
            case '\f': s_ += "\\f"; break;
            case '\n': s_ += "\\n"; break;
            case '\r': s_ += "\\r"; break;
            case '\t': s_ += "\\t"; break;
            default:
                s_ += "\\u00";
                s_ += hex[c >> 4];
                s_ += hex[c & 0xF];
            }
        }
        s_.append(v.data() + run, v.size() - run);
        s_ += '"';
        return *this;
    }
    std::string s_;
};

// iso8601(t) without snprintf and gmtime_r (a message's timestamp is formatted on the hot path):
// the same text for years 0-9999, iso8601 itself outside them.
std::string timestamp(time_point t) {
    using namespace std::chrono;
    auto ms = time_point_cast<milliseconds>(t);  // truncated, as iso8601 does
    auto day = floor<days>(ms);
    year_month_day ymd{day};
    int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) return iso8601(t);
    hh_mm_ss<milliseconds> hms{ms - day};
    char b[24] = "0000-00-00T00:00:00.000";
    auto put = [&](int at, int width, long v) {
        for (int i = at + width - 1; i >= at; --i, v /= 10) b[i] = static_cast<char>('0' + v % 10);
    };
    put(0, 4, y);
    put(5, 2, static_cast<unsigned>(ymd.month()));
    put(8, 2, static_cast<unsigned>(ymd.day()));
    put(11, 2, hms.hours().count());
    put(14, 2, hms.minutes().count());
    put(17, 2, static_cast<long>(hms.seconds().count()));
    put(20, 3, static_cast<long>(hms.subseconds().count()));
    std::string r(b, 23);
    r += 'Z';
    return r;
}

// The message frame's bytes (as write_message with no author), with `at` already formatted.
void write_lean_message(lean_writer& w, const std::string& conversation, const message& m, std::string_view at) {
    w.raw(R"({"type":"message","conversation":)").str(conversation).raw(R"(,"seq":)").num(m.seq);
    w.raw(R"(,"from":")").raw(to_string(m.from)).raw(R"(","text":)").str(m.text);
    w.raw(R"(,"at":")").raw(at).raw("\"");
    if (!m.client_id.empty()) w.raw(R"(,"id":)").str(m.client_id);
    w.raw("}");
}

frame lean_ack(std::string_view client_id, std::uint64_t seq, std::string_view at) {
    lean_writer w(48 + client_id.size());
    w.raw(R"({"type":"ack","id":)").str(client_id).raw(R"(,"seq":)").num(seq);
    w.raw(R"(,"at":")").raw(at).raw("\"}");
    return w.done();
}

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
    if (!f.consultant.empty()) w.field("consultant", f.consultant);
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
    return lean_ack(client_id, seq, timestamp(at));
}

std::string message_json(const std::string& conversation, const message& m) {
    lean_writer w(160 + m.text.size() + conversation.size() + m.author.size());
    write_lean_message(w, conversation, m, timestamp(m.at));
    std::string s = w.take();
    // Staff read stored transcripts through the API: after a transfer, QA must see which
    // consultant wrote each reply (the live frames to visitors never carry it).
    if (!m.author.empty()) {
        s.pop_back();  // the closing brace
        lean_writer a(16 + m.author.size());
        a.raw(R"(,"author":)").str(m.author).raw("}");
        s += a.take();
    }
    return s;
}

frame message_frame(const std::string& conversation, const message& m) {
    lean_writer w(160 + m.text.size() + conversation.size());
    write_lean_message(w, conversation, m, timestamp(m.at));
    return w.done();
}

committed_frames committed(const std::string& conversation, const message& m) {
    std::string at = timestamp(m.at);  // once for both
    lean_writer w(160 + m.text.size() + conversation.size());
    write_lean_message(w, conversation, m, at);
    return {lean_ack(m.client_id, m.seq, at), w.done()};
}

frame ended(const std::string& conversation, ending how, std::optional<close_trigger> closed_by, std::string_view by) {
    json_writer w;
    w.begin_object().field("type", "ended").field("conversation", conversation).field("ending", to_string(how));
    if (closed_by) w.field("closed_by", to_string(*closed_by));
    if (!by.empty()) w.field("by", by);
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
