// Precision per rule: the quiet rule (pure) and the core staying silent for a quiet rule. (The
// store's windows since a review, every backend: tests/conformance/verdict_conformance.cpp.)
#include "core/chat_core.hpp"
#include "core/rule_precision.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

rule_standing standing(int judged, int confirmed) {
    rule_standing r;
    r.kind = "forbidden_phrase";
    r.rule = "phrase:等着吧";
    r.judged = judged;
    r.confirmed = confirmed;
    return r;
}

}  // namespace

TEST(rule_precision, a_rule_goes_quiet_only_below_the_floor_over_enough_verdicts) {
    rule_thresholds t{0.5, 10};
    EXPECT_FALSE(is_quiet(standing(0, 0), t)) << "no verdicts: no precision";
    EXPECT_FALSE(standing(0, 0).precision().has_value());
    EXPECT_FALSE(is_quiet(standing(9, 0), t)) << "too few verdicts to judge the rule";
    EXPECT_TRUE(is_quiet(standing(10, 4), t));
    EXPECT_DOUBLE_EQ(*standing(10, 4).precision(), 0.4);
    EXPECT_FALSE(is_quiet(standing(10, 5), t)) << "at the floor is not below it";
    EXPECT_FALSE(is_quiet(standing(100, 0), {0.0, 10})) << "a floor of 0 never quiets a rule";
    auto quiet = quiet_rules({standing(10, 1), standing(3, 0)}, t);
    EXPECT_EQ(quiet, (std::set<std::string>{rule_key("forbidden_phrase", "phrase:等着吧")}));
}

TEST(rule_precision, a_quiet_rule_is_stored_and_shown_to_the_consultant_but_alerts_no_supervisor) {
    time_point now = t0;
    chat_core core(core_settings{}, builtin_lexicon());
    outbox out;
    core.staff_join(100, {"li", role::consultant, {}}, now, out);
    core.staff_join(300, {"boss", role::supervisor, {}}, now, out);
    core.visitor_join(1, visitor_arrival{"", "198.51.100.1", "", {}}, "c1", "tok", now, out);
    core.on_frame(1, proto::say{"", "请问周末上班吗？", "v1"}, now, out);
    for (auto& w : out.writes)
        if (w.ticket) core.on_committed(*w.ticket, true, now, out);
    core.set_quiet_rules({rule_key("idle_gap", "idle_warning")});
    out = outbox{};
    auto alerts = [&] {
        std::vector<std::string> rules;
        for (auto& f : out.frames)
            if (f.to == 300) {
                rapidjson::Document d;
                d.Parse(f.text->c_str());
                if (std::string(d["type"].GetString()) == "alert") rules.push_back(d["finding"]["rule"].GetString());
            }
        return rules;
    };
    auto recorded = [&] {
        int n = 0;
        for (auto& w : out.writes) n += std::holds_alternative<record_finding>(w.write);
        return n;
    };
    auto to_consultant = [&] {
        int n = 0;
        for (auto& f : out.frames) n += f.to == 100 && f.text->find("\"type\":\"finding\"") != std::string::npos;
        return n;
    };
    now += std::chrono::seconds{61};
    core.tick(now, out);
    EXPECT_TRUE(alerts().empty()) << "idle_warning is quiet";
    EXPECT_EQ(recorded(), 1) << "and still recorded";
    EXPECT_EQ(to_consultant(), 1) << "and still shown to the consultant";
    out = outbox{};
    now += std::chrono::seconds{60};
    core.tick(now, out);
    EXPECT_EQ(alerts(), (std::vector<std::string>{"idle_critical"})) << "another rule still alerts";
    core.set_quiet_rules({});
    out = outbox{};
    core.on_frame(1, proto::say{"", "还在吗？", "v2"}, now, out);  // the same wait: nothing new
    EXPECT_TRUE(alerts().empty());
}

