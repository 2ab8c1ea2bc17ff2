// Precision per rule, end to end over real sockets and a real SQLite file: QA's verdicts give a
// rule its precision; below the floor it stops alerting supervisors (its findings are still
// recorded and reach the consultant); a supervisor's review lets it alert again.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

const std::string rule = "phrase:说了多少次了";

struct qa_rules : ::testing::Test {
    std::unique_ptr<test_server> srv = std::make_unique<test_server>([](server_config& c) {
        c.rule_min_judged = 3;
        c.rule_min_precision = 0.5;
    });
    std::unique_ptr<ws_client> li, boss;
    std::string qa, supervisor;
    std::vector<std::pair<std::string, std::string>> told;  // (conversation, rule) of li's findings

    void SetUp() override {
        srv->add_staff("li", role::consultant);
        srv->add_staff("boss", role::supervisor);
        srv->add_staff("qa1", role::qa);
        li = std::make_unique<ws_client>();
        ASSERT_EQ(li->connect(srv->port(), "/ws/staff?token=" + srv->login("li")), 101);
        boss = std::make_unique<ws_client>();
        supervisor = srv->login("boss");
        ASSERT_EQ(boss->connect(srv->port(), "/ws/staff?token=" + supervisor), 101);
        qa = srv->login("qa1");
    }

    // A conversation in which li says `reply`; returns its id once ended and stored.
    std::string converse(const std::string& reply) {
        ws_client v;
        EXPECT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
        auto w = v.next_of("welcome");
        std::string id = (*w)["conversation"].GetString();
        EXPECT_TRUE(li->next_of("assigned"));
        v.send(say("周末上班吗？", "q"));
        EXPECT_TRUE(v.next_of("ack"));
        li->send(say(reply, "a", id));
        // The finding comes before the ack (the ack waits for the commit): keep what li is told.
        for (;;) {
            auto f = li->next();
            if (!f) {
                ADD_FAILURE() << "no ack";
                break;
            }
            std::string type = (*f)["type"].GetString();
            if (type == "finding") told.emplace_back(id, (*f)["finding"]["rule"].GetString());
            if (type == "ack") break;
        }
        li->send(R"({"type":"end","conversation":")" + id + R"("})");
        EXPECT_TRUE(v.next_of("ended"));
        srv->store().flush();
        return id;
    }

    std::int64_t finding_of(const std::string& conversation) {
        auto c = parse(srv->http("GET", "/api/conversations/" + conversation, {}, qa).body);
        for (auto& f : c["findings"].GetArray())
            if (std::string(f["rule"].GetString()) == rule) return f["id"].GetInt64();
        ADD_FAILURE() << "no finding of " << rule << " in " << conversation;
        return 0;
    }

    void judge(std::int64_t finding, const std::string& verdict, const std::string& note) {
        auto r = srv->http("POST", "/api/findings/" + std::to_string(finding) + "/verdict",
                           R"({"verdict":")" + verdict + R"(","note":")" + note + R"("})", qa);
        ASSERT_EQ(r.status, 200) << r.body;
    }

    json standing() {
        auto r = srv->http("GET", "/api/qa/rules", {}, qa);
        EXPECT_EQ(r.status, 200) << r.body;
        auto all = parse(r.body);
        json out;
        for (auto& x : all["rules"].GetArray())
            if (std::string(x["rule"].GetString()) == rule) out.CopyFrom(x, out.GetAllocator());
        return out;
    }

    // The rule of the next alert a supervisor gets.
    std::string next_alert_rule() {
        for (;;) {
            auto a = boss->next_of("alert");
            if (!a) return "(none)";
            std::string r = (*a)["finding"]["rule"].GetString();
            if (std::string((*a)["finding"]["kind"].GetString()) != "wasted_intent") return r;  // not this test's
        }
    }
};

}  // namespace

TEST_F(qa_rules, verdicts_make_an_imprecise_rule_quiet_until_a_supervisor_reviews_it) {
    std::vector<std::int64_t> findings;
    for (int i = 0; i < 3; ++i) {
        findings.push_back(finding_of(converse("说了多少次了，周末不上班。")));
        EXPECT_EQ(next_alert_rule(), rule) << "the rule alerts while it has no verdicts";
    }
    judge(findings[0], "confirmed", "确实不耐烦");
    judge(findings[1], "dismissed", "引用访客原话");
    auto two = standing();
    ASSERT_TRUE(two.IsObject());
    EXPECT_EQ(two["judged"].GetInt(), 2);
    EXPECT_FALSE(two["quiet"].GetBool()) << "fewer verdicts than rule-min-judged";
    judge(findings[2], "dismissed", "客户自己说的");

    auto s = standing();
    EXPECT_EQ(s["kind"].GetString(), std::string("forbidden_phrase"));
    EXPECT_EQ(s["judged"].GetInt(), 3);
    EXPECT_EQ(s["confirmed"].GetInt(), 1);
    EXPECT_NEAR(s["precision"].GetDouble(), 1.0 / 3, 1e-9);
    EXPECT_TRUE(s["quiet"].GetBool());
    ASSERT_EQ(s["dismissed"].Size(), 2u);
    EXPECT_EQ(s["dismissed"][0]["note"].GetString(), std::string("客户自己说的")) << "newest first";
    EXPECT_EQ(s["dismissed"][0]["text"].GetString(), std::string("说了多少次了，周末不上班。"));
    EXPECT_EQ(s["dismissed"][0]["matched"].GetString(), std::string("说了多少次了"));

    // Quiet: the consultant still sees the finding and it is stored, but no alert is raised.
    // Another rule's alert right after shows that none of the quiet rule's came before it.
    auto quiet = converse("说了多少次了，周末不上班。");
    bool consultant_told = std::find(told.begin(), told.end(), std::pair{quiet, rule}) != told.end();
    EXPECT_TRUE(consultant_told) << "the consultant still sees the finding";
    converse("你慢慢等，我去问问。");
    EXPECT_EQ(next_alert_rule(), "phrase:你慢慢等") << "the quiet rule raised no alert";
    EXPECT_NE(finding_of(quiet), 0) << "still recorded for QA";

    // QA reads; only a supervisor reviews.
    EXPECT_EQ(srv->http("POST", "/api/qa/rules/review", R"({"kind":"forbidden_phrase","rule":")" + rule + R"("})", qa).status, 403);
    EXPECT_EQ(srv->http("POST", "/api/qa/rules/review", R"({"kind":"forbidden_phrase","rule":"phrase:没有这条"})", supervisor).status, 404);
    EXPECT_EQ(srv->http("POST", "/api/qa/rules/review", R"({"kind":"forbidden_phrase"})", supervisor).status, 400);
    ASSERT_EQ(srv->http("POST", "/api/qa/rules/review", R"({"kind":"forbidden_phrase","rule":")" + rule + R"("})", supervisor).status, 200);
    auto reviewed = standing();
    EXPECT_EQ(reviewed["judged"].GetInt(), 0) << "a review starts a new window";
    EXPECT_TRUE(reviewed["precision"].IsNull());
    EXPECT_FALSE(reviewed["quiet"].GetBool());
    EXPECT_EQ(reviewed["reviewed_by"].GetString(), std::string("boss"));
    EXPECT_FALSE(reviewed["reviewed_at"].IsNull());

    converse("说了多少次了，周末不上班。");
    EXPECT_EQ(next_alert_rule(), rule) << "reviewed: it alerts again";
}

TEST_F(qa_rules, the_list_is_for_qa_and_supervisors_least_precise_first) {
    auto a = finding_of(converse("说了多少次了，周末不上班。"));
    converse("你慢慢等，我去问问。");
    judge(a, "dismissed", "");
    // The other rule: one confirmed verdict.
    auto page = parse(srv->http("GET", "/api/qa/conversations", {}, qa).body);
    std::int64_t other = 0;
    for (auto& row : page["conversations"].GetArray()) {
        auto d = parse(srv->http("GET", std::string("/api/conversations/") + row["id"].GetString(), {}, qa).body);
        for (auto& f : d["findings"].GetArray())
            if (std::string(f["rule"].GetString()) == "phrase:你慢慢等") other = f["id"].GetInt64();
    }
    ASSERT_NE(other, 0);
    judge(other, "confirmed", "");
    auto r = srv->http("GET", "/api/qa/rules", {}, supervisor);
    ASSERT_EQ(r.status, 200);
    auto all = parse(r.body);
    EXPECT_DOUBLE_EQ(all["min_precision"].GetDouble(), 0.5);
    EXPECT_EQ(all["min_judged"].GetInt(), 3);
    ASSERT_EQ(all["rules"].Size(), 2u);
    EXPECT_EQ(all["rules"][0]["rule"].GetString(), rule) << "precision 0 before precision 1";
    EXPECT_EQ(all["rules"][1]["rule"].GetString(), std::string("phrase:你慢慢等"));
    EXPECT_EQ(srv->http("GET", "/api/qa/rules", {}, srv->login("li")).status, 403);
}

// The rude-reply classifier is one rule per cue family (issue 12): findings whose cues differ
// (scroll_up+second_person, written_plain+not_read+question) are one row of the precision page,
// classifier:scolding, judged together; the consultant is told which cues fired (detail).
TEST_F(qa_rules, the_classifier_is_one_rule_per_cue_family_with_its_cues_in_the_detail) {
    const std::string family = "classifier:scolding";
    auto classified = [&](const std::string& reply) {
        std::string id = converse(reply);
        auto c = parse(srv->http("GET", "/api/conversations/" + id, {}, qa).body);
        for (auto& f : c["findings"].GetArray())
            if (std::string(f["rule"].GetString()) == family) return f["id"].GetInt64();
        ADD_FAILURE() << "no finding of " << family << " for " << reply;
        return std::int64_t{0};
    };
    auto a = classified("你自己往上翻翻");
    auto b = classified("写那么大你没看到？");
    EXPECT_EQ(std::count_if(told.begin(), told.end(), [&](auto& t) { return t.second == family; }), 2)
        << "li was told the family rule both times";
    judge(a, "confirmed", "");
    judge(b, "dismissed", "");
    auto r = srv->http("GET", "/api/qa/rules", {}, qa);
    ASSERT_EQ(r.status, 200);
    auto all = parse(r.body);
    int rows = 0;
    for (auto& x : all["rules"].GetArray()) {
        std::string name = x["rule"].GetString();
        EXPECT_EQ(name.find('+'), std::string::npos) << "no row per combination of cues: " << name;
        if (name != family) continue;
        ++rows;
        EXPECT_EQ(x["judged"].GetInt(), 2);
        EXPECT_EQ(x["confirmed"].GetInt(), 1);
    }
    EXPECT_EQ(rows, 1);
}
