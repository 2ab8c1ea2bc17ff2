// The IME typo check inside the running server, over real sockets, with libime's real model:
// the message is relayed at once, the worker finds the typo afterwards and the supervisor is
// alerted; the pre-send check has it inline. Also the send policy's blocked attempt, recorded
// and alerted (#12 item 4).
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct ime_live : ::testing::Test {
    std::unique_ptr<test_server> srv = std::make_unique<test_server>([](server_config& c) { c.ime_check = true; });
    std::unique_ptr<ws_client> li, boss, visitor;
    std::string conv;

    void SetUp() override {
        srv->add_staff("li", role::consultant);
        srv->add_staff("boss", role::supervisor);
        li = std::make_unique<ws_client>();
        ASSERT_EQ(li->connect(srv->port(), "/ws/staff?token=" + srv->login("li")), 101);
        boss = std::make_unique<ws_client>();
        ASSERT_EQ(boss->connect(srv->port(), "/ws/staff?token=" + srv->login("boss")), 101);
        visitor = std::make_unique<ws_client>();
        ASSERT_EQ(visitor->connect(srv->port(), "/ws/visitor?department=%E5%A6%87%E7%A7%91"), 101);
        auto w = visitor->next_of("welcome");
        ASSERT_TRUE(w);
        conv = str(*w, "conversation");
        ASSERT_TRUE(li->next_of("assigned"));
    }
};

const char* const typo_text = "您描述的症状比较像霉菌性引导炎，建议来院检查。";

// The finding names 引导炎 (→ 阴道炎) or its wrong part 引导 (→ 阴道): either corrects it.
bool corrects_the_typo(const rapidjson::Value& f) {
    std::string matched = f["matched"].GetString(), suggestion = f["suggestion"].GetString();
    return (matched == "引导炎" && suggestion == "阴道炎") || (matched == "引导" && suggestion == "阴道");
}

}  // namespace

TEST_F(ime_live, a_relayed_message_with_an_ime_typo_alerts_the_supervisor_and_is_stored) {
    ASSERT_NE(srv->chat().ime(), nullptr) << "libime-data and libime-data-language-model are installed by install-deps";
    li->send(say(typo_text, "c1", conv));
    // Relayed first: the check is not on the relay's path.
    auto m = visitor->next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), typo_text);
    // Then, from the worker, an alert like any other finding (loose bound: no timing asserted).
    auto a = boss->next_of("alert", 10s);
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "conversation"), conv);
    auto& f = (*a)["finding"];
    EXPECT_EQ(std::string(f["kind"].GetString()), "typo");
    EXPECT_EQ(std::string(f["rule"].GetString()), "ime_model");
    EXPECT_TRUE(corrects_the_typo(f));
    EXPECT_EQ(std::string(f["severity"].GetString()), "warning");
    EXPECT_EQ(f["seq"].GetUint64(), 1u);
    auto mine = li->next_of("finding", 10s);
    ASSERT_TRUE(mine) << "the consultant sees it too";
    srv->store().flush();
    auto stored = srv->store().conversation(conv);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->findings.size(), 1u);
    EXPECT_EQ(stored->findings[0].rule, "ime_model");
    EXPECT_EQ(stored->findings[0].seq, 1u);
    EXPECT_EQ(srv->chat().ime()->checked(), 1u);
    EXPECT_EQ(srv->chat().ime()->skipped(), 0u);
}

TEST_F(ime_live, the_pre_send_check_has_the_ime_typo_inline_and_never_blocks) {
    li->send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + typo_text + R"("})");
    auto r = li->next_of("check_result");
    ASSERT_TRUE(r);
    ASSERT_EQ((*r)["findings"].Size(), 1u);
    auto& f = (*r)["findings"][0];
    EXPECT_EQ(std::string(f["rule"].GetString()), "ime_model");
    EXPECT_TRUE(corrects_the_typo(f));
    EXPECT_FALSE((*r)["blocked"].GetBool());
}

TEST_F(ime_live, metrics_show_the_workers_queue_skips_and_cost) {
    li->send(say(typo_text, "c1", conv));
    ASSERT_TRUE(boss->next_of("alert", 10s));
    auto r = http_request(srv->port(), "GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    for (const char* line : {"lingting_ime_queue_depth 0", "lingting_ime_checked_total 1", "lingting_ime_skipped_total 0",
                             "lingting_ime_check_seconds_count 1"})
        EXPECT_NE(r.body.find(line), std::string::npos) << line << "\n" << r.body;
}

// #12 item 4: a message the send policy stops is recorded as a finding and alerts supervisors.
TEST_F(ime_live, a_blocked_attempt_is_recorded_and_alerts_the_supervisor) {
    li->send(say("T M D，你有完没完", "c1", conv));
    auto e = li->next_of("error");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "code"), "blocked");
    auto a = boss->next_of("alert");
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "conversation"), conv);
    EXPECT_EQ(std::string((*a)["finding"]["rule"].GetString()), "blocked");
    EXPECT_EQ(std::string((*a)["finding"]["category"].GetString()), "profanity");
    srv->store().flush();
    auto stored = srv->store().conversation(conv);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->messages.empty()) << "the blocked text is not a message";
    ASSERT_EQ(stored->findings.size(), 1u);
    EXPECT_EQ(stored->findings[0].rule, "blocked");
    EXPECT_EQ(stored->findings[0].seq, 0u);
}

// The running server gives the checker the conversation's department and what the visitor wrote:
// a child's name the parent typed, copied into the booking, is no slip of the consultant's (after
// relay nor before sending), and a gynaecology chat's 药盒 (the pill box) is no slip for the dental
// 咬合. The typo sent after them is the supervisor's first and only alert.
TEST_F(ime_live, a_name_copied_from_the_visitor_and_another_departments_word_raise_nothing) {
    visitor->send(say("好的 周四下午 孩子叫沈欣怡 我电话 135 8516 0427", "v1"));
    ASSERT_TRUE(li->next_of("message"));
    const std::string booking = "好的，已经帮沈欣怡约好周四下午2点半，到三楼预防接种门诊。";
    const std::string pill_box = "那您把处方和药盒拍个照发过来，我帮您问一下。";
    for (const auto& text : {booking, pill_box}) {
        li->send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + text + R"("})");
        auto r = li->next_of("check_result");
        ASSERT_TRUE(r);
        EXPECT_EQ((*r)["findings"].Size(), 0u) << text;
    }
    li->send(say(booking, "c1", conv));
    li->send(say(pill_box, "c2", conv));
    li->send(say(typo_text, "c3", conv));
    auto a = boss->next_of("alert", 10s);
    ASSERT_TRUE(a);
    EXPECT_EQ((*a)["finding"]["seq"].GetUint64(), 4u) << "the typo, the fourth message; nothing for the name or 药盒";
    EXPECT_TRUE(corrects_the_typo((*a)["finding"]));
}
