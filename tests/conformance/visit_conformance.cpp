// The visit side of the store (issue 13): the visit kept with its conversation, the QA filters,
// a browser's history, the keyword report and the spend import.
#include "store_conformance.hpp"

namespace lingting::conformance {
namespace {

bool submit_and_wait(message_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
}

visit_record visit(const std::string& source, const std::string& keyword, const std::string& browser = "",
                   const std::string& campaign = "") {
    visit_record v;
    v.source = {source.empty() ? source_kind::direct : source_kind::search, source, keyword, campaign};
    v.capture.referrer = "https://www.baidu.com/s?wd=x";
    v.capture.landing = "https://www.clinic.example/a.html";
    v.capture.landing_title = "示例";
    v.capture.pages = 2;
    v.capture.browser_id = browser;
    v.device = "手机 · iOS · 微信";
    v.cost = 200;
    return v;
}

// One ended conversation: opened with `v`, served by `consultant`, ended `how`; a wasted one
// gets its wasted_intent finding with `cost`.
void conversation(message_store& s, const std::string& id, const visit_record& v, const std::string& consultant,
                  ending how, bool intent, bool converted, double wasted_cost, milliseconds at) {
    ASSERT_TRUE(submit_and_wait(s, open_conversation{id, "不孕不育", "tok-" + id, t0 + at, v}));
    ASSERT_TRUE(submit_and_wait(s, assign_conversation{id, consultant}));
    if (wasted_cost > 0) {
        finding f;
        f.kind = "wasted_intent";
        f.rule = "no_contact_no_appointment";
        f.level = severity::critical;
        f.cost = wasted_cost;
        f.at = t0 + at;
        ASSERT_TRUE(submit_and_wait(s, record_finding{id, f}));
    }
    ASSERT_TRUE(submit_and_wait(s, end_conversation{id, how, t0 + at + seconds{60}, close_trigger::consultant_ended,
                                                    intent, converted}));
}

}  // namespace

TEST_P(store_conformance, visit_the_visit_is_kept_with_its_conversation) {
    auto& s = store();
    conversation(s, "c1", visit("baidu", "一侧输卵管能怀孕吗", "b1"), "li", ending::consultant, true, false, 200, {});
    ASSERT_TRUE(submit_and_wait(open_conversation{"c2", "男科", "tok-c2", t0, {}}));  // no visit reported
    auto c = s.conversation("c1");
    ASSERT_TRUE(c && c->visit);
    EXPECT_EQ(c->visit->source.keyword, "一侧输卵管能怀孕吗");
    EXPECT_EQ(c->visit->source.source, "baidu");
    EXPECT_EQ(to_string(c->visit->source.kind), "search");
    EXPECT_EQ(c->visit->capture.landing, "https://www.clinic.example/a.html");
    EXPECT_EQ(c->visit->capture.landing_title, "示例");
    EXPECT_EQ(c->visit->capture.pages, 2u);
    EXPECT_EQ(c->visit->device, "手机 · iOS · 微信");
    EXPECT_EQ(c->visit->capture.browser_id, "b1");
    EXPECT_FALSE(s.conversation("c2")->visit);
}

TEST_P(store_conformance, visit_qa_list_filters_by_source_and_keyword_substring) {
    auto& s = store();
    conversation(s, "c1", visit("baidu", "一侧输卵管能怀孕吗"), "li", ending::consultant, true, false, 200, {});
    conversation(s, "c2", visit("360", "试管婴儿多少钱"), "li", ending::greeting, true, true, 0, seconds{1});
    conversation(s, "c3", visit("", ""), "wang", ending::visitor, false, false, 0, seconds{2});
    auto ids = [&](qa_filter f) {
        std::vector<std::string> out;
        for (auto& r : s.list_ended(f, "", 50).rows) out.push_back(r.id);
        return out;
    };
    qa_filter f;
    f.source = "baidu";
    EXPECT_EQ(ids(f), std::vector<std::string>{"c1"});
    f = {};
    f.source = "search";  // a kind works too
    EXPECT_EQ(ids(f), (std::vector<std::string>{"c2", "c1"}));
    f = {};
    f.keyword = "输卵管";
    EXPECT_EQ(ids(f), std::vector<std::string>{"c1"});
    f = {};
    f.keyword = "%";  // a substring, not a LIKE pattern
    EXPECT_TRUE(ids(f).empty());
    auto all = s.list_ended({}, "", 50).rows;
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all.back().keyword, "一侧输卵管能怀孕吗");
    EXPECT_EQ(all.back().source, "baidu");
}

TEST_P(store_conformance, visit_a_browser_history_lists_its_earlier_conversations) {
    auto& s = store();
    conversation(s, "old1", visit("baidu", "一侧输卵管能怀孕吗", "b1"), "li", ending::consultant, true, false, 200, {});
    conversation(s, "old2", visit("", "", "b1"), "wang", ending::greeting, false, false, 0, seconds{5});
    conversation(s, "other", visit("", "", "b2"), "wang", ending::greeting, false, false, 0, seconds{6});
    ASSERT_TRUE(submit_and_wait(open_conversation{"now", "不孕不育", "tok-now", t0 + seconds{9}, visit("", "", "b1")}));
    auto h = s.browser_history("b1", "now", 20);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0].id, "old2");  // newest first
    EXPECT_EQ(h[1].id, "old1");
    EXPECT_EQ(h[1].keyword, "一侧输卵管能怀孕吗");
    EXPECT_EQ(h[1].ending, "consultant");
    EXPECT_TRUE(s.browser_history("", "", 20).empty());
    EXPECT_TRUE(s.browser_history("b3", "", 20).empty());
}

TEST_P(store_conformance, visit_keyword_report_puts_the_best_keywords_we_wasted_first) {
    auto& s = store();
    conversation(s, "c1", visit("baidu", "一侧输卵管能怀孕吗"), "li", ending::consultant, true, false, 200, {});
    conversation(s, "c2", visit("baidu", "一侧输卵管能怀孕吗"), "wang", ending::greeting, true, true, 0, seconds{1});
    conversation(s, "c3", visit("360", "试管婴儿多少钱", "", "spring"), "li", ending::consultant, true, false, 160, seconds{2});
    conversation(s, "c4", visit("", ""), "wang", ending::visitor, false, false, 0, seconds{3});
    keyword_report_query q;
    auto rows = s.keyword_report(q);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].key, "一侧输卵管能怀孕吗");
    EXPECT_EQ(rows[0].source, "baidu");
    EXPECT_EQ(rows[0].conversations, 2);
    EXPECT_EQ(rows[0].with_intent, 2);
    EXPECT_EQ(rows[0].converted, 1);
    EXPECT_EQ(rows[0].wasted, 1);
    EXPECT_EQ(rows[0].wasted_cost, 200);
    EXPECT_EQ(rows[0].endings.at("consultant"), 1);
    EXPECT_EQ(rows[0].endings.at("greeting"), 1);
    EXPECT_EQ(rows[0].consultants, (std::vector<std::string>{"li", "wang"}));
    EXPECT_EQ(rows[1].key, "试管婴儿多少钱");
    EXPECT_EQ(rows[2].key, "");  // no keyword
    q.group = keyword_group::source;
    rows = s.keyword_report(q);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].key, "baidu");
    EXPECT_EQ(rows[2].key, "direct");
    q.group = keyword_group::campaign;
    rows = s.keyword_report(q);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].key, "");  // c1's 200 wasted outside any campaign
    EXPECT_EQ(rows[1].key, "spring");
    EXPECT_EQ(rows[1].wasted_cost, 160);
    // The period counts by end time: only c1 (ended at t0 + 60 s) is in [t0, t0 + 61 s).
    q = {};
    q.from_ms = to_epoch_ms(t0);
    q.to_ms = to_epoch_ms(t0 + seconds{61});
    rows = s.keyword_report(q);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].conversations, 1);
}

TEST_P(store_conformance, visit_imported_spend_joins_the_keyword_rows_of_its_days) {
    auto& s = store();
    conversation(s, "c1", visit("baidu", "一侧输卵管能怀孕吗"), "li", ending::consultant, true, false, 200, {});
    EXPECT_EQ(s.import_keyword_spend({{"一侧输卵管能怀孕吗", "2026-11-22", 12, 360.5},
                                      {"一侧输卵管能怀孕吗", "2026-11-23", 3, 90},
                                      {"试管婴儿", "2026-11-22", 5, 150}}),
              3u);
    // Importing a day again replaces it.
    EXPECT_EQ(s.import_keyword_spend({{"一侧输卵管能怀孕吗", "2026-11-23", 4, 100}}), 1u);
    keyword_report_query q;
    auto rows = s.keyword_report(q);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].key, "一侧输卵管能怀孕吗");
    EXPECT_EQ(rows[0].clicks, 16);
    EXPECT_DOUBLE_EQ(rows[0].spend, 460.5);
    EXPECT_EQ(rows[1].key, "试管婴儿");
    EXPECT_EQ(rows[1].conversations, 0);
    EXPECT_EQ(rows[1].clicks, 5);
    // A period of one local (UTC+8) day: 2026-11-22 only.
    q.from_ms = to_epoch_ms(t0 - std::chrono::hours{8});
    q.to_ms = to_epoch_ms(t0 + std::chrono::hours{16});
    rows = s.keyword_report(q);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0].key, "一侧输卵管能怀孕吗");
    EXPECT_EQ(rows[0].clicks, 12);
}

}  // namespace lingting::conformance
