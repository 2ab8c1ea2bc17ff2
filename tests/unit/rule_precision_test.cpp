// Precision per rule: the quiet rule (pure), the core staying silent for a quiet rule, and the
// SQLite store's windows since a review.
#include "auth/password.hpp"
#include "core/chat_core.hpp"
#include "core/rule_precision.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <filesystem>
#include <future>

using namespace lingting;
using std::chrono::hours;

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

bool submit_and_wait(sqlite_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
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
    core.visitor_join(1, visitor_arrival{"", "198.51.100.1", ""}, "c1", "tok", now, out);
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

TEST(rule_precision, the_store_counts_each_findings_latest_verdict_since_the_rules_review) {
    auto path = (std::filesystem::temp_directory_path() / ("lingting-rules-" + crypto::random_hex(6)) / "t.db").string();
    sqlite_store s(path);
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "男科", "tok", t0}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::consultant, "li", "等着吧，马上好。", t0, "c1"}}));
    for (int i = 0; i < 7; ++i) {
        finding f;
        f.kind = "forbidden_phrase";
        f.rule = "phrase:等着吧";
        f.level = severity::warning;
        f.seq = 1;
        f.matched = "等着吧";
        f.begin = static_cast<std::uint32_t>(i);  // seven findings (one message is enough here)
        f.at = t0;
        ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", f}));
    }
    auto c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 7u);
    auto judge = [&](int i, const char* v, const char* note) {
        ASSERT_TRUE(s.add_finding_verdict(c->findings[i].id, v, note, "qa1", t0 + seconds{i}));
    };
    judge(0, "dismissed", "先驳回");
    judge(0, "confirmed", "复核后确认");  // the newest verdict of a finding counts, once
    judge(1, "dismissed", "一");
    judge(2, "dismissed", "二");
    judge(3, "dismissed", "三");
    auto r = s.rule_standings(2);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].judged, 4);
    EXPECT_EQ(r[0].confirmed, 1);
    ASSERT_EQ(r[0].dismissed.size(), 2u) << "at most the examples asked for";
    EXPECT_EQ(r[0].dismissed[0].note, "三") << "newest first";
    EXPECT_EQ(r[0].dismissed[0].text, "等着吧，马上好。");
    EXPECT_EQ(r[0].dismissed[1].note, "二");
    EXPECT_FALSE(r[0].reviewed_at);

    s.review_rule("forbidden_phrase", "phrase:等着吧", "boss", t0 + hours{1});
    r = s.rule_standings(5);
    ASSERT_EQ(r.size(), 1u) << "a reviewed rule stays listed";
    EXPECT_EQ(r[0].judged, 0);
    EXPECT_TRUE(r[0].dismissed.empty());
    EXPECT_EQ(r[0].reviewed_by, "boss");
    EXPECT_EQ(r[0].reviewed_at, t0 + hours{1});
    judge(4, "confirmed", "");
    judge(1, "confirmed", "改判");  // judged again after the review: counts in the new window
    r = s.rule_standings(5);
    EXPECT_EQ(r[0].judged, 2);
    EXPECT_EQ(r[0].confirmed, 2);
}
