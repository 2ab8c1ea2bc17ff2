// Migrations: a new, empty database gets the whole schema (every kind of write works and is
// there after reopening); the previous release's database is brought up to date with its data.
#include "store_conformance.hpp"

namespace lingting::conformance {
namespace {

visit_record a_visit() {
    visit_record v;
    v.source = {source_kind::search, "baidu", "一侧输卵管切除还能怀孕吗", ""};
    v.capture.referrer = "https://www.baidu.com/s?wd=x";
    v.capture.landing = "https://www.clinic.example/a.html";
    v.capture.browser_id = "b1";
    v.cost = 150;
    return v;
}

// Every kind of write there is, on conversation `id` and beside it; true if all committed.
void write_everything(message_store& s, const std::string& id, time_point at) {
    std::vector<std::promise<bool>> acks(6);
    std::vector<store_write> w{open_conversation{id, "妇科", "tok-" + id, at, a_visit()},
                               assign_conversation{id, "li"},
                               append_message{id, {1, sender::visitor, "", "一侧输卵管切除还能怀孕吗", at, "v1"}},
                               record_finding{id, [&] {
                                                  finding f;
                                                  f.kind = "forbidden_phrase";
                                                  f.rule = "classifier:scolding";
                                                  f.category = "scolding";
                                                  f.detail = "scroll_up+second_person";
                                                  f.level = severity::info;
                                                  f.seq = 1;
                                                  f.at = at;
                                                  return f;
                                              }()},
                               end_conversation{id, ending::visitor, at + seconds{60}, close_trigger::visitor_left,
                                                true, true},
                               rate_conversation{id, true, "好"}};
    for (std::size_t i = 0; i < w.size(); ++i) s.submit(std::move(w[i]), [&, i](bool ok) { acks[i].set_value(ok); });
    for (auto& a : acks) ASSERT_TRUE(a.get_future().get());
    ASSERT_TRUE(s.add_staff({"qa-" + id, role::qa, {}, false, "h"}));
    s.put_token("token-" + id, "qa-" + id, at + std::chrono::hours{1});
    lead l;
    l.name = "王女士";
    l.phone = "13800138000";
    l.department = "妇科";
    l.created = at;
    EXPECT_GT(s.add_lead(l), 0);
    canned_reply r;
    r.department = "妇科";
    r.title = "问候-" + id;
    r.text = "您好，请问有什么可以帮您？";
    r.updated_by = "li";
    r.updated_at = at;
    EXPECT_GT(s.add_canned_reply(r), 0);
    EXPECT_TRUE(s.add_conversation_verdict(id, "pass", "", "qa1", at));
}

void expect_everything(message_store& s, const std::string& id, time_point at) {
    auto c = s.conversation(id);
    ASSERT_TRUE(c) << id;
    EXPECT_EQ(c->department, "妇科");
    EXPECT_EQ(c->consultant, "li");
    ASSERT_EQ(c->messages.size(), 1u);
    EXPECT_EQ(c->messages[0].text, "一侧输卵管切除还能怀孕吗");
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].rule, "classifier:scolding");
    EXPECT_EQ(c->findings[0].detail, "scroll_up+second_person") << "the cues that fired are kept for QA";
    EXPECT_EQ(c->how, ending::visitor);
    EXPECT_EQ(c->satisfied, true);
    EXPECT_EQ(c->verdict, "pass");
    EXPECT_EQ(s.conversation_by_resume_token("tok-" + id), id);
    EXPECT_EQ(s.token_user("token-" + id, at), "qa-" + id);
    EXPECT_TRUE(s.staff("qa-" + id));
    qa_filter f;
    f.keyword = "输卵管";
    bool listed = false;
    for (auto& r : s.list_ended(f, {}, 100).rows) listed |= r.id == id;
    EXPECT_TRUE(listed) << "the visit's keyword is kept and filters the list";
}

}  // namespace

TEST_P(store_conformance, a_new_database_takes_every_kind_of_write_and_keeps_it) {
    write_everything(store(), "c1", t0);
    auto& s = reopen();  // opening a database that is up to date changes nothing
    expect_everything(s, "c1", t0);
    EXPECT_EQ(s.leads(10, 0).size(), 1u);
    EXPECT_EQ(s.canned_replies({"妇科"}, "").size(), 1u);
}

TEST_P(store_conformance, the_previous_releases_database_is_migrated_and_keeps_its_data) {
    if (!GetParam().seed_previous_version) GTEST_SKIP() << GetParam().name << " has only one schema version so far";
    GetParam().seed_previous_version(database());
    auto& s = store();
    auto old = s.conversation("old");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->department, "男科");
    EXPECT_EQ(old->consultant, "li");
    EXPECT_EQ(old->how, ending::greeting);
    EXPECT_EQ(old->ended_at, t0 + seconds{60});
    ASSERT_EQ(old->messages.size(), 2u);
    EXPECT_EQ(old->messages[0].text, "你好");
    EXPECT_EQ(old->messages[1].text, "您好");
    EXPECT_EQ(old->messages[1].at, t0 + seconds{10});
    EXPECT_EQ(s.conversation_by_resume_token("old-token"), "old");
    auto li = s.staff("li");
    ASSERT_TRUE(li);
    EXPECT_EQ(li->departments, std::vector<std::string>{"男科"});
    auto page = s.list_ended({}, {}, 10);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].id, "old");
    auto cards = s.scorecards(report_group::consultant, 0, to_epoch_ms(t0 + std::chrono::hours{1}), 480);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].first_response_median_s, 10.0);
    // The classifier's old per-combination rule is its family's rule now, the cues its detail.
    ASSERT_EQ(old->findings.size(), 1u);
    EXPECT_EQ(old->findings[0].rule, "classifier:scolding");
    EXPECT_EQ(old->findings[0].detail, "scroll_up+second_person");
    EXPECT_EQ(old->findings[0].category, "scolding");
    EXPECT_EQ(old->findings[0].consultant, "li") << "whose finding it is: the author of the message";

    // What the newest schema added works on the migrated database too, and all of it stays.
    write_everything(s, "new", t0 + std::chrono::hours{1});
    expect_everything(reopen(), "new", t0 + std::chrono::hours{1});
    EXPECT_TRUE(store().conversation("old"));
}

}  // namespace lingting::conformance
