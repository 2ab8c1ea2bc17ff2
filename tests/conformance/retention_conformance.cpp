// Retention: message text of conversations ended before the cutoff is emptied; findings,
// endings and figures stay; a purged conversation is not offered for re-analysis.
#include "store_conformance.hpp"

namespace lingting::conformance {

TEST_P(store_conformance, retention_empties_old_text_and_keeps_findings_and_figures) {
    using std::chrono::hours;
    auto old_at = t0, new_at = t0 + hours{48};
    std::vector<store_write> w;
    // The old conversation's visitor came from a search, on a landing URL that carries a phone,
    // and left a comment with the rating.
    auto old_writes = ended_conversation("old", "男科", "li", ending::greeting, old_at);
    auto& visit = std::get<open_conversation>(old_writes.front()).visit;
    visit.capture.referrer = "https://www.baidu.com/s?wd=%E5%8C%85%E7%9A%AE";
    visit.capture.landing = "https://clinic.example/nk?tel=13800138000";
    visit.capture.landing_title = "男科";
    visit.capture.page = "https://clinic.example/nk?tel=13800138000";
    visit.source.keyword = "包皮";
    for (auto& x : old_writes) w.push_back(x);
    w.push_back(rate_conversation{"old", false, "我叫王五，电话13800138000"});
    for (auto& x : ended_conversation("new", "男科", "li", ending::greeting, new_at)) w.push_back(x);
    finding f;
    f.kind = "forbidden_phrase";
    f.rule = "phrase:等着吧";
    f.level = severity::warning;
    f.seq = 2;
    f.matched = "等着吧";
    f.at = old_at;
    w.push_back(record_finding{"old", f});
    w.push_back(open_conversation{"open", "男科", "tok-open", old_at, {}});
    w.push_back(append_message{"open", {1, sender::visitor, "", "还在吗", old_at, "v1"}});
    ASSERT_TRUE(submit_all(std::move(w)));
    auto& s = store();
    auto cutoff = to_epoch_ms(t0 + hours{24});

    EXPECT_EQ(s.purge_text(cutoff), 1) << "only the conversation ended before the cutoff";
    auto old = reopen().conversation("old");
    ASSERT_TRUE(old);
    ASSERT_EQ(old->messages.size(), 2u) << "the messages stay, without their text";
    for (auto& m : old->messages) EXPECT_TRUE(m.text.empty()) << m.text;
    EXPECT_EQ(old->how, ending::greeting);
    EXPECT_EQ(old->rating_comment, "") << "the visitor's own words go with the text";
    ASSERT_TRUE(old->visit);
    EXPECT_EQ(old->visit->capture.referrer, "");
    EXPECT_EQ(old->visit->capture.landing, "");
    EXPECT_EQ(old->visit->capture.page, "");
    EXPECT_EQ(old->visit->source.keyword, "包皮") << "the keyword report still counts it";
    ASSERT_EQ(old->findings.size(), 1u) << "findings stay";
    EXPECT_EQ(old->findings[0].rule, "phrase:等着吧");
    auto fresh = store().conversation("new");
    ASSERT_EQ(fresh->messages.size(), 2u);
    EXPECT_EQ(fresh->messages[0].text, "你好");
    EXPECT_EQ(store().conversation("open")->messages.at(0).text, "还在吗") << "an open conversation keeps its text";

    auto cards = store().scorecards(report_group::consultant, 0, to_epoch_ms(t0 + hours{72}), 480);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].conversations, 2) << "figures stay";
    EXPECT_EQ(cards[0].consultant_messages, 2);

    auto batch = store().ended_for_reanalysis(0, to_epoch_ms(t0 + hours{72}), "", 10);
    ASSERT_EQ(batch.size(), 1u) << "a purged conversation has nothing left to analyze";
    EXPECT_EQ(batch[0].id, "new");
    EXPECT_EQ(store().purge_text(cutoff), 0) << "purged once";
}

TEST_P(store_conformance, reanalysis_batches_walk_every_ended_conversation_once) {
    std::vector<store_write> w;
    for (int i = 0; i < 7; ++i)
        for (auto& x : ended_conversation("c" + std::to_string(i), "男科", "li", ending::visitor,
                                          t0 + std::chrono::minutes{i}))
            w.push_back(x);
    w.push_back(open_conversation{"open", "男科", "tok-open", t0, {}});
    ASSERT_TRUE(submit_all(std::move(w)));
    std::vector<std::string> seen;
    std::string after;
    for (int i = 0; i < 10; ++i) {
        auto batch = store().ended_for_reanalysis(0, to_epoch_ms(t0 + std::chrono::hours{1}), after, 3);
        if (batch.empty()) break;
        EXPECT_LE(batch.size(), 3u);
        for (auto& c : batch) seen.push_back(c.id);
        after = batch.back().id;
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{"c0", "c1", "c2", "c3", "c4", "c5", "c6"}));
    auto later = store().ended_for_reanalysis(to_epoch_ms(t0 + std::chrono::minutes{3} + seconds{60}),
                                              to_epoch_ms(t0 + std::chrono::hours{1}), "", 10);
    EXPECT_EQ(later.size(), 4u) << "ended in [from, to)";
}

}  // namespace lingting::conformance
