// What the chat_core unit tests share: a core with the built-in lexicon, its outbox, time set by
// hand, the store's commits played by hand, and the frames sent to a session, parsed.
#pragma once

#include "core/chat_core.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lingting::testing {

inline rapidjson::Document parse(const std::string& s) {
    rapidjson::Document d;
    d.Parse(s.c_str());
    return d;
}

class core_fixture : public ::testing::Test {
protected:
    time_point now{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};
    core_settings settings;
    std::unique_ptr<chat_core> core;
    outbox out;

    void SetUp() override { make(); }
    void make() { core = std::make_unique<chat_core>(settings, builtin_lexicon()); }

    // Commits every pending write, as the store would, in order.
    void commit_all(bool ok = true) {
        while (!out.writes.empty()) {
            auto writes = std::move(out.writes);
            out.writes.clear();
            for (auto& w : writes)
                if (w.ticket) core->on_committed(*w.ticket, ok, now, out);
        }
    }
    // Frames of a type sent to one session, parsed; clears nothing.
    std::vector<rapidjson::Document> sent(session_id to, std::string_view type) {
        std::vector<rapidjson::Document> r;
        for (auto& f : out.frames)
            if (f.to == to) {
                auto d = parse(*f.text);
                if (type == d["type"].GetString()) r.push_back(std::move(d));
            }
        return r;
    }
    void clear() { out = outbox{}; }
    void consultant(session_id sid, const std::string& name, std::vector<std::string> deps = {}) {
        core->staff_join(sid, {name, role::consultant, std::move(deps)}, now, out);
    }
};

}  // namespace lingting::testing
