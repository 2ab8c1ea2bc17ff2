// The rude-reply n-gram model (lexicon/reply_model.tsv, issue 12) inside the running server, over
// real sockets and a real SQLite file: it runs off the relay's hot path, on the worker that runs
// the IME check (here without the IME model), so a rude sentence in words no entry or cue holds is
// relayed first and then reaches the supervisor as a model:rude alert and the store as a finding; a
// polite sentence gets nothing. The pre-send check has it too, and never blocks.
#include "test_server.hpp"

#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

// Rude in this test author's own words (no corpus line; no entry or cue finds it), and polite.
const char* const rude_text = "周末也上班。我们又不是你家保姆";
const char* const polite_text = "你到了以后先去二楼抽血，结果下午就能出来。";

struct rude_model_live : ::testing::Test {
    std::unique_ptr<test_server> srv = std::make_unique<test_server>();  // no IME model
    std::unique_ptr<ws_client> li, boss, visitor;
    std::string conv;

    void SetUp() override {
        // The project's lexicon with the model switched on (whatever rules.conf says), as a reload would.
        script_variants variants;
        auto r = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon", std::ref(variants));
        ASSERT_TRUE(r.lex);
        auto lex = std::make_shared<lexicon>(*r.lex);
        lex->rules.reply_model_enabled = true;
        ASSERT_FALSE(lex->rude_model.empty());
        srv->chat().set_lexicon(lex);
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

    // Bounded wait until the worker has checked n messages.
    bool checked(std::uint64_t n) {
        for (int i = 0; i < 500; ++i) {
            if (srv->chat().ime() && srv->chat().ime()->checked() >= n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
};

}  // namespace

TEST_F(rude_model_live, a_rude_reply_in_new_words_reaches_the_supervisor_after_relay_and_a_polite_one_does_not) {
    ASSERT_NE(srv->chat().ime(), nullptr) << "the worker runs without the IME model";
    li->send(say(rude_text, "c1", conv));
    auto m = visitor->next_of("message");  // relayed: the model is not on the relay's path
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), rude_text);
    auto a = boss->next_of("alert", 10s);
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "conversation"), conv);
    auto& f = (*a)["finding"];
    EXPECT_EQ(std::string(f["kind"].GetString()), "forbidden_phrase");
    EXPECT_EQ(std::string(f["rule"].GetString()), "model:rude");
    EXPECT_EQ(std::string(f["severity"].GetString()), "warning");
    EXPECT_EQ(std::string(f["matched"].GetString()), "我们又不是你家保姆");
    EXPECT_EQ(f["seq"].GetUint64(), 1u);
    ASSERT_TRUE(li->next_of("finding", 10s)) << "the consultant sees it too";
    EXPECT_TRUE(checked(1)) << "found by the worker";

    li->send(say(polite_text, "c2", conv));
    ASSERT_TRUE(visitor->next_of("message"));
    ASSERT_TRUE(checked(2));
    // Whatever the worker had to say of the polite reply it said before counting it checked.
    while (auto frame = boss->next(std::chrono::milliseconds(300))) {
        if (str(*frame, "type") == "alert") {
            EXPECT_NE(std::string((*frame)["finding"]["rule"].GetString()), "model:rude") << "the polite reply alerted";
        }
    }
    srv->store().flush();
    auto stored = srv->store().conversation(conv);
    ASSERT_TRUE(stored);
    std::vector<std::uint64_t> model_seqs;
    for (auto& x : stored->findings)
        if (x.rule == "model:rude") model_seqs.push_back(x.seq);
    EXPECT_EQ(model_seqs, std::vector<std::uint64_t>{1u});
    EXPECT_EQ(srv->chat().ime()->skipped(), 0u);
}

TEST_F(rude_model_live, the_pre_send_check_has_the_models_finding_and_never_blocks) {
    li->send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + rude_text + R"("})");
    auto r = li->next_of("check_result");
    ASSERT_TRUE(r);
    bool found = false;
    for (auto& f : (*r)["findings"].GetArray()) found |= std::string(f["rule"].GetString()) == "model:rude";
    EXPECT_TRUE(found);
    EXPECT_FALSE((*r)["blocked"].GetBool());
    li->send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + polite_text + R"("})");
    auto p = li->next_of("check_result");
    ASSERT_TRUE(p);
    for (auto& f : (*p)["findings"].GetArray()) EXPECT_NE(std::string(f["rule"].GetString()), "model:rude");
}
