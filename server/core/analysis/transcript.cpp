#include "core/analysis/transcript.hpp"

#include "core/analysis/copied_text.hpp"
#include "core/frames.hpp"
#include "core/json_writer.hpp"

#include <rapidjson/document.h>

#include <sstream>

namespace lingting {

std::variant<transcript, transcript_error> parse_transcript(std::string_view jsonl) {
    transcript t;
    std::istringstream in{std::string(jsonl)};
    std::string line;
    bool closed = false;
    int n = 0;
    std::optional<time_point> last;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto fail = [&](std::string reason) { return transcript_error{n, std::move(reason)}; };
        if (closed) return fail("nothing may follow the closing event line");
        rapidjson::Document d;
        d.Parse<rapidjson::kParseValidateEncodingFlag>(line.data(), line.size());
        if (d.HasParseError() || !d.IsObject()) return fail("not a JSON object");
        auto str = [&](const char* k) -> const char* {
            auto it = d.FindMember(k);
            return it != d.MemberEnd() && it->value.IsString() ? it->value.GetString() : nullptr;
        };
        if (!d.HasMember("at") && (d.HasMember("department") || d.HasMember("referrer") || d.HasMember("landing"))) {
            if (!t.messages.empty()) return fail("the department line must come first");
            for (auto [key, out] : {std::pair{"department", &t.department}, {"referrer", &t.referrer}, {"landing", &t.landing}}) {
                if (!d.HasMember(key)) continue;
                auto v = str(key);
                if (!v) return fail(std::string("\"") + key + "\" must be a string");
                *out = v;
            }
            continue;
        }
        const char* at_text = str("at");
        if (!at_text) return fail("missing \"at\" (ISO 8601 with a zone)");
        auto at = parse_iso8601(at_text);
        if (!at) return fail("\"at\" is not ISO 8601 with a zone: " + std::string(at_text));
        if (last && *at < *last) return fail("time goes backwards");
        last = at;
        if (auto ev = str("event")) {
            std::string e = ev;
            if (e == "leave") t.closed_by = close_trigger::visitor_left;
            else if (e == "end") t.closed_by = close_trigger::consultant_ended;
            else if (e == "supervisor_end") t.closed_by = close_trigger::supervisor_ended;
            else if (e == "drop") t.closed_by = close_trigger::system;
            else return fail("event must be leave, end, supervisor_end or drop");
            t.closed_at = *at;
            closed = true;
            continue;
        }
        const char* from = str("from");
        const char* text = str("text");
        if (!from || !text) return fail("a message line needs \"from\" and \"text\"");
        message m;
        m.seq = t.messages.size() + 1;
        m.at = *at;
        m.text = text;
        if (std::string_view(from) == "visitor") m.from = sender::visitor;
        else if (std::string_view(from) == "consultant") m.from = sender::consultant;
        else return fail("\"from\" must be visitor or consultant");
        t.messages.push_back(std::move(m));
    }
    if (!closed) return transcript_error{n + 1, "missing the closing event line {\"at\":...,\"event\":\"leave\"|\"end\"|\"drop\"}"};
    return t;
}

audit_result audit(const transcript& t, const lexicon& lex, speller* spell, const ime_checker* ime) {
    conversation_analyzer a(t.department);
    audit_result r{ending::system, {}, std::nullopt};
    if (!t.referrer.empty() || !t.landing.empty()) {
        r.source = derive_visit_source(lex.sources, t.referrer, t.landing);
        a.search_keyword(r.source->keyword, source_cost(lex.sources, *r.source, 0), lex);
    }
    visitor_transcript visitor_said;  // as the server keeps it (chat_core's conversation)
    for (auto& m : t.messages) {
        if (m.from == sender::visitor) visitor_said.add(m.seq, m.text);
        auto found = a.on_message(m, lex, spell);
        if (m.from == sender::consultant) {
            // The rude-reply model, as the server's worker runs it after relaying (reply_model.hpp).
            for (auto& f : rude_model_findings(m.text, lex)) {
                f.seq = m.seq;
                f.at = m.at;
                found.push_back(std::move(f));
            }
        }
        if (ime && m.from == sender::consultant) {
            // What the server's worker finds after relaying; a place typos.tsv already names is
            // reported once.
            auto listed = found;
            const std::string_view said = visitor_said.before(m.seq);
            auto model = ime->check(m.text, lex, t.department, said);
            drop_copied_from_visitor(model, m.text, said);
            for (auto& f : model) {
                f.seq = m.seq;
                f.at = m.at;
                if (!overlaps_a_typo(f, listed)) found.push_back(std::move(f));
            }
        }
        for (auto& f : found) r.findings.push_back(std::move(f));
    }
    auto end = a.finish(t.messages, t.closed_by, t.closed_at, lex);
    r.how = end.how;
    for (auto& f : end.findings) r.findings.push_back(std::move(f));
    return r;
}

std::string audit_json(const audit_result& r) {
    json_writer w;
    w.begin_object().field("ending", to_string(r.how));
    if (r.source)
        w.key("visit").begin_object().field("source_kind", to_string(r.source->kind)).field("source", r.source->source)
            .field("keyword", r.source->keyword).field("campaign", r.source->campaign).end_object();
    w.key("findings").begin_array();
    for (auto& f : r.findings) w.raw(frames::finding_json(f));
    w.end_array().end_object();
    return w.str();
}

}  // namespace lingting
