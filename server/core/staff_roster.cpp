#include "core/staff_roster.hpp"

#include "core/json_writer.hpp"

#include <memory>

namespace lingting {

std::string_view to_string(presence p) {
    switch (p) {
    case presence::online: return "online";
    case presence::busy: return "busy";
    case presence::away: return "away";
    }
    return "online";
}

std::optional<presence> parse_presence(std::string_view s) {
    if (s == "online") return presence::online;
    if (s == "busy") return presence::busy;
    if (s == "away") return presence::away;
    return std::nullopt;
}

presence staff_roster::presence_of(const std::string& name) const {
    auto it = presence_.find(name);
    return it == presence_.end() ? presence::online : it->second;
}

void staff_roster::set_presence(const std::string& name, presence p) {
    if (p == presence::online) presence_.erase(name);  // the default needs no entry
    else presence_[name] = p;
}

bool staff_roster::changed(const roster_entry& now) {
    auto it = published_.find(now.name);
    if (it != published_.end() && it->second == now) return false;
    published_[now.name] = now;
    return true;
}

namespace {

void fields(json_writer& w, const roster_entry& e) {
    w.field("name", e.name).field("state", to_string(e.state)).field("connected", e.connected)
        .field("load", e.load).field("max", e.max).key("departments").begin_array();
    for (auto& d : e.departments) w.value(d);
    w.end_array();
}

frames::frame done(json_writer& w) { return std::make_shared<const std::string>(w.str()); }

}  // namespace

frames::frame staff_roster::own_frame(const roster_entry& e) {
    json_writer w;
    w.begin_object().field("type", "presence").field("state", to_string(e.state)).field("load", e.load)
        .field("max", e.max).end_object();
    return done(w);
}

frames::frame staff_roster::update_frame(const roster_entry& e) {
    json_writer w;
    w.begin_object().field("type", "staff_update").key("staff").begin_object();
    fields(w, e);
    w.end_object().end_object();
    return done(w);
}

frames::frame staff_roster::list_frame(std::span<const roster_entry> all) {
    json_writer w;
    w.begin_object().field("type", "staff_list").key("staff").begin_array();
    for (auto& e : all) {
        w.begin_object();
        fields(w, e);
        w.end_object();
    }
    w.end_array().end_object();
    return done(w);
}

}  // namespace lingting
