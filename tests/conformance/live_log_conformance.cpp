// The live log: group commit in submission order, durable once acknowledged, one bad write
// failing only its own client, and the reads a reconnecting visitor needs.
#include "store_conformance.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

namespace lingting::conformance {

TEST_P(store_conformance, writes_are_durable_and_survive_reopen) {
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "男科", "tok", t0, {}}));
    ASSERT_TRUE(submit_and_wait(assign_conversation{"c1", "li"}));
    ASSERT_TRUE(submit_and_wait(append_message{"c1", {1, sender::visitor, "", "你好", t0, "v1"}}));
    auto& s = reopen();
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->department, "男科");
    EXPECT_EQ(c->consultant, "li");
    ASSERT_EQ(c->messages.size(), 1u);
    EXPECT_EQ(c->messages[0].text, "你好");
    EXPECT_EQ(c->messages[0].at, t0);
    EXPECT_EQ(c->messages[0].client_id, "v1");
    EXPECT_EQ(s.conversation_by_resume_token("tok"), "c1");
    EXPECT_FALSE(s.conversation_by_resume_token("other"));
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 1);
    EXPECT_EQ(s.conversation("c1")->how, ending::system);
    EXPECT_EQ(s.conversation("c1")->ended_at, t0 + seconds{9});
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 0);
}

TEST_P(store_conformance, group_commit_keeps_submission_order) {
    auto& s = store();
    s.submit(open_conversation{"c1", "", "t", t0, {}}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 200; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m" + std::to_string(i), t0, ""}},
                 [&, i](bool ok) {
                     std::lock_guard l(m);
                     if (ok) done.push_back(i);
                 });
    s.flush();
    {
        std::lock_guard l(m);
        ASSERT_EQ(done.size(), 200u) << "flush returns once every completion ran";
        EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    }
    auto c = s.conversation("c1");
    ASSERT_EQ(c->messages.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(c->messages[i].text, "m" + std::to_string(i + 1));
}

// An acknowledgement is a promise that the write is durable: when the completion runs, another
// connection to the database (another process, another node) already sees it.
TEST_P(store_conformance, a_write_is_acknowledged_only_once_committed) {
    auto& s = store();
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "", "t", t0, {}}));
    auto other = open_another();
    std::atomic<int> acked{0}, seen{0};
    for (int i = 1; i <= 40; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m", t0, ""}},
                 [&, i](bool ok) {
                     if (!ok) return;
                     ++acked;
                     // Read from the completion itself, before anyone could commit later.
                     auto c = other->conversation("c1");
                     if (c && std::any_of(c->messages.begin(), c->messages.end(),
                                          [&](const message& m) { return m.seq == static_cast<std::uint64_t>(i); }))
                         ++seen;
                 });
    s.flush();
    EXPECT_EQ(acked.load(), 40);
    EXPECT_EQ(seen.load(), 40) << "a message was acknowledged before another connection could read it";
}

TEST_P(store_conformance, a_failed_write_is_reported_and_is_not_a_store_fault) {
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "", "t", t0, {}}));
    ASSERT_TRUE(submit_and_wait(append_message{"c1", {1, sender::visitor, "", "a", t0, ""}}));
    // The same seq twice violates the key: not acknowledged. The write was bad, not the
    // database, so readiness stays (a locked, full or lost database is what fails it).
    EXPECT_FALSE(submit_and_wait(append_message{"c1", {1, sender::visitor, "", "b", t0, ""}}));
    EXPECT_TRUE(store().healthy());
    EXPECT_TRUE(submit_and_wait(append_message{"c1", {2, sender::visitor, "", "c", t0, ""}}));
    EXPECT_TRUE(store().healthy());
    auto c = store().conversation("c1");
    ASSERT_EQ(c->messages.size(), 2u);
    EXPECT_EQ(c->messages[0].text, "a") << "the failed write changed nothing";
}

TEST_P(store_conformance, one_bad_write_fails_only_its_own_client) {
    auto& s = store();
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "", "t", t0, {}}));
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "x"}));
    std::map<std::string, bool> result;
    std::mutex m;
    auto record = [&](std::string name) {
        return [&, name](bool ok) {
            std::lock_guard l(m);
            result[name] = ok;
        };
    };
    writer_gate gate(s);
    auto* histogram = s.commit_histogram();
    auto commits_before = histogram ? histogram->count() : 0;
    // One batch: good writes around a message for a conversation that does not exist (foreign
    // key) and a duplicate seq (primary key).
    s.submit(append_message{"c1", {1, sender::visitor, "", "第一句", t0, "v1"}}, record("good1"));
    s.submit(append_message{"nowhere", {1, sender::visitor, "", "病人的秘密", t0, "x1"}}, record("no_row"));
    s.submit(append_message{"c1", {2, sender::consultant, "li", "第二句", t0, "c1"}}, record("good2"));
    s.submit(append_message{"c1", {1, sender::visitor, "", "重复", t0, "v1-again"}}, record("duplicate"));
    std::promise<bool> last;
    s.submit(end_conversation{"c1", ending::greeting, t0 + seconds{5}}, [&](bool ok) { last.set_value(ok); });
    // A write that answers, in the same batch: done once, kept once.
    auto token = std::async(std::launch::async, [&] { s.put_token("tok", "li", t0 + seconds{60}); });
    for (int i = 0; i < 500 && s.queue_depth() < 6; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(s.queue_depth(), 6u);
    gate.open();
    EXPECT_TRUE(last.get_future().get());
    token.get();
    EXPECT_EQ(s.token_user("tok", t0), "li");
    if (histogram) {
        EXPECT_EQ(histogram->count() - commits_before, 1u) << "the six writes shared one commit";
    }
    EXPECT_EQ(result, (std::map<std::string, bool>{{"good1", true}, {"no_row", false}, {"good2", true},
                                                   {"duplicate", false}}));
    EXPECT_TRUE(s.healthy()) << "bad writes are not a store fault";

    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->messages.size(), 2u);
    EXPECT_EQ(c->messages[0].text, "第一句");
    EXPECT_EQ(c->messages[1].text, "第二句");
    EXPECT_EQ(c->how, ending::greeting);
    EXPECT_FALSE(s.conversation("nowhere"));

    // One report per failed write, with its kind, conversation and the database's reason; never the text.
    auto lines = failures.all();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].rfind("append_message|1|nowhere|", 0), 0u) << lines[0];
    EXPECT_EQ(lines[1].rfind("append_message|1|c1|", 0), 0u) << lines[1];
    for (auto& l : lines) {
        EXPECT_GT(l.size(), l.rfind('|') + 1) << "a cause is given: " << l;
        EXPECT_EQ(l.find("秘密"), std::string::npos) << "message text in a report: " << l;
    }
}

// What a visitor coming back needs: the token finds the conversation, open or ended, and the
// transcript comes back whole and in order, with the rating.
TEST_P(store_conformance, resume_reads_find_the_conversation_by_token_open_or_ended) {
    ASSERT_TRUE(submit_and_wait(open_conversation{"c1", "妇科", "secret-token", t0, {}}));
    for (std::uint64_t i = 1; i <= 5; ++i)
        ASSERT_TRUE(submit_and_wait(append_message{
            "c1", {i, i % 2 ? sender::visitor : sender::consultant, i % 2 ? "" : "li", "第" + std::to_string(i) + "句",
                   t0 + seconds{static_cast<int>(i)}, "id" + std::to_string(i)}}));
    auto& s = store();
    EXPECT_EQ(s.conversation_by_resume_token("secret-token"), "c1");
    EXPECT_FALSE(s.conversation_by_resume_token("secret-token2"));
    EXPECT_FALSE(s.conversation_by_resume_token(""));
    auto open = s.conversation("c1");
    ASSERT_TRUE(open);
    EXPECT_FALSE(open->ended_at);
    EXPECT_FALSE(open->how);
    ASSERT_TRUE(submit_and_wait(end_conversation{"c1", ending::visitor, t0 + seconds{30}, close_trigger::visitor_left}));
    ASSERT_TRUE(submit_and_wait(rate_conversation{"c1", true, "很耐心"}));
    EXPECT_EQ(s.conversation_by_resume_token("secret-token"), "c1") << "an ended conversation is still found";
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->messages.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(c->messages[i].seq, i + 1);
        EXPECT_EQ(c->messages[i].text, "第" + std::to_string(i + 1) + "句");
        EXPECT_EQ(c->messages[i].at, t0 + seconds{static_cast<int>(i + 1)});
    }
    EXPECT_EQ(c->messages[1].from, sender::consultant);
    EXPECT_EQ(c->messages[1].author, "li");
    EXPECT_EQ(c->how, ending::visitor);
    EXPECT_EQ(c->ended_at, t0 + seconds{30});
    EXPECT_EQ(c->satisfied, true);
    EXPECT_EQ(c->rating_comment, "很耐心");
    EXPECT_FALSE(s.conversation("c2"));
}

TEST_P(store_conformance, sql_injection_payloads_are_just_text) {
    std::string evil = "x'); DROP TABLE messages; --";
    ASSERT_TRUE(submit_and_wait(open_conversation{evil, evil, evil, t0, {}}));
    ASSERT_TRUE(submit_and_wait(append_message{evil, {1, sender::visitor, "", evil, t0, evil}}));
    auto c = store().conversation(evil);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->messages.at(0).text, evil);
    EXPECT_EQ(store().conversation_by_resume_token(evil), evil);
}

}  // namespace lingting::conformance
