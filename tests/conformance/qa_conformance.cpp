// QA reads: the list's filters and keyset pagination (while conversations keep ending), the
// day's figures and the scorecards.
#include "store_conformance.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

namespace lingting::conformance {
namespace {

finding make_finding(const std::string& kind, const std::string& rule, severity level, time_point at,
                     double cost = 0) {
    finding f;
    f.kind = kind;
    f.rule = rule;
    f.category = kind == "forbidden_phrase" ? "brush_off" : "";
    f.level = level;
    f.seq = 2;
    f.at = at;
    f.cost = cost;
    return f;
}

}  // namespace

TEST_P(store_conformance, qa_filters_and_keyset_pagination_hold_while_conversations_keep_ending) {
    // 30 ended conversations, a minute apart, two of them ending at the same moment (the id
    // breaks the tie); departments and consultants mixed.
    std::vector<store_write> writes;
    for (int i = 0; i < 30; ++i) {
        auto id = "q" + std::string(i < 10 ? "0" : "") + std::to_string(i);
        auto at = t0 + std::chrono::minutes{i == 11 ? 10 : i};
        auto w = ended_conversation(id, i % 2 ? "妇科" : "男科", i % 3 ? "li" : "wang",
                                    i % 2 ? ending::greeting : ending::consultant, at);
        writes.insert(writes.end(), w.begin(), w.end());
        if (i % 5 == 0) writes.push_back(record_finding{id, make_finding("forbidden_phrase", "phrase:等着吧",
                                                                         severity::warning, at)});
        if (i % 4 == 0) writes.push_back(rate_conversation{id, i % 8 == 0, ""});
    }
    writes.push_back(open_conversation{"still-open", "男科", "tok-open", t0, {}});
    ASSERT_TRUE(submit_all(std::move(writes)));
    auto& s = store();

    // Paging through everything, four at a time, while another client keeps ending
    // conversations: some later than every row, some in between. Each may be listed or not
    // (depending on when it ended), but at most once, and no earlier row is skipped or repeated.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int k = 0; k < 20 && !stop; ++k) {
            auto id = "n" + std::to_string(k);
            auto at = k % 2 ? t0 + std::chrono::hours{2} + seconds{k} : t0 + std::chrono::minutes{k} + seconds{30};
            for (auto& w : ended_conversation(id, "儿科", "zhao", ending::visitor, at)) s.submit(std::move(w), {});
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    std::vector<qa_row> all;
    std::string cursor;
    int pages = 0;
    do {
        auto page = s.list_ended({}, cursor, 4);
        EXPECT_LE(page.rows.size(), 4u);
        all.insert(all.end(), page.rows.begin(), page.rows.end());
        cursor = page.next_cursor;
        ++pages;
    } while (!cursor.empty() && pages < 100);
    stop = true;
    writer.join();
    s.flush();

    std::set<std::string> ids;
    for (auto& r : all) EXPECT_TRUE(ids.insert(r.id).second) << r.id << " listed twice";
    for (int i = 0; i < 30; ++i) {
        auto id = "q" + std::string(i < 10 ? "0" : "") + std::to_string(i);
        EXPECT_TRUE(ids.count(id)) << id << " skipped";
    }
    EXPECT_FALSE(ids.count("still-open")) << "only ended conversations are listed";
    // Strictly newest first across pages: a row that ended meanwhile is either on a page read
    // after it ended, in its place, or not at all; it never pushes a row onto the next page twice.
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_TRUE(std::tie(all[i - 1].ended, all[i - 1].id) > std::tie(all[i].ended, all[i].id))
            << "newest first: " << all[i - 1].id << " before " << all[i].id;

    // The filters, now that everything has ended.
    auto ids_of = [&](const qa_filter& f) {
        std::set<std::string> out;
        std::string c;
        for (int p = 0; p < 100; ++p) {
            auto page = s.list_ended(f, c, 7);
            for (auto& r : page.rows) out.insert(r.id);
            if (page.next_cursor.empty()) break;
            c = page.next_cursor;
        }
        return out;
    };
    qa_filter f;
    f.department = "男科";
    EXPECT_EQ(ids_of(f).size(), 15u);
    f = {};
    f.consultant = "wang";
    EXPECT_EQ(ids_of(f).size(), 10u);
    f = {};
    f.ending = "greeting";
    EXPECT_EQ(ids_of(f).size(), 15u);
    f.department = "男科";
    EXPECT_TRUE(ids_of(f).empty()) << "filters combine";
    f = {};
    f.kind = "forbidden_phrase";
    EXPECT_EQ(ids_of(f), (std::set<std::string>{"q00", "q05", "q10", "q15", "q20", "q25"}));
    f.kind.clear();
    f.severity = "critical";
    EXPECT_TRUE(ids_of(f).empty());
    f = {};
    f.satisfied = true;
    EXPECT_EQ(ids_of(f), (std::set<std::string>{"q00", "q08", "q16", "q24"}));
    f.satisfied = false;
    EXPECT_EQ(ids_of(f), (std::set<std::string>{"q04", "q12", "q20", "q28"}));
    f = {};
    f.from_ms = to_epoch_ms(t0 + std::chrono::minutes{20} + seconds{60});  // ended_at in [from, to)
    f.to_ms = to_epoch_ms(t0 + std::chrono::minutes{23} + seconds{60});
    EXPECT_EQ(ids_of(f), (std::set<std::string>{"q20", "q21", "q22"}));

    // A row's figures.
    f = {};
    f.consultant = "wang";
    f.department = "男科";
    auto page = s.list_ended(f, {}, 1);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].id, "q24");
    EXPECT_EQ(page.rows[0].visitor_messages, 1);
    EXPECT_EQ(page.rows[0].consultant_messages, 1);
    EXPECT_EQ(page.rows[0].how, "consultant");
    EXPECT_EQ(page.rows[0].satisfied, true);
    EXPECT_EQ(page.rows[0].started, t0 + std::chrono::minutes{24});
    EXPECT_EQ(page.rows[0].ended, t0 + std::chrono::minutes{24} + seconds{60});
}

TEST_P(store_conformance, day_stats_count_endings_and_findings_in_the_range) {
    std::vector<store_write> w;
    for (auto& x : ended_conversation("a", "男科", "li", ending::greeting, t0)) w.push_back(x);
    for (auto& x : ended_conversation("b", "男科", "li", ending::consultant, t0 + seconds{100})) w.push_back(x);
    for (auto& x : ended_conversation("c", "男科", "li", ending::consultant, t0 + std::chrono::hours{30})) w.push_back(x);
    w.push_back(record_finding{"b", make_finding("forbidden_phrase", "phrase:等着吧", severity::warning, t0)});
    w.push_back(record_finding{"b", make_finding("terse_reply", "terse", severity::info, t0)});
    w.push_back(record_finding{"c", make_finding("terse_reply", "terse", severity::info, t0 + std::chrono::hours{30})});
    ASSERT_TRUE(submit_all(std::move(w)));
    auto day = store().stats(to_epoch_ms(t0), to_epoch_ms(t0 + std::chrono::hours{24}));
    EXPECT_EQ(day.endings["greeting"], 1);
    EXPECT_EQ(day.endings["consultant"], 1) << "the one ended the next day is not counted";
    EXPECT_EQ(day.findings["forbidden_phrase"], 1);
    EXPECT_EQ(day.findings["terse_reply"], 1) << "findings count by when they were found";
}

TEST_P(store_conformance, scorecards_per_consultant_department_and_day) {
    std::vector<store_write> w;
    auto add = [&](std::vector<store_write> x) { w.insert(w.end(), x.begin(), x.end()); };
    add(ended_conversation("a", "男科", "li", ending::greeting, t0, seconds{10}));
    add(ended_conversation("b", "男科", "li", ending::consultant, t0 + std::chrono::minutes{5}, seconds{30}));
    add(ended_conversation("c", "妇科", "wang", ending::visitor, t0 + std::chrono::minutes{10}, seconds{20}));
    // The next day in China (UTC+8): 16:30 UTC is 00:30 there.
    add(ended_conversation("d", "妇科", "wang", ending::system, t0 + std::chrono::hours{16} + std::chrono::minutes{30}));
    w.push_back(rate_conversation{"a", true, ""});
    w.push_back(rate_conversation{"b", false, "回复太慢"});
    w.push_back(record_finding{"b", make_finding("forbidden_phrase", "phrase:等着吧", severity::warning, t0)});
    w.push_back(record_finding{"b", make_finding("profanity", "profanity:tmd", severity::critical, t0)});
    w.push_back(record_finding{"c", make_finding("forbidden_phrase", "phrase:不好意思", severity::warning, t0)});
    ASSERT_TRUE(submit_all(std::move(w)));
    auto& s = store();
    // A dismissed finding counts nowhere; a confirmed critical marks the period.
    auto b = s.conversation("b");
    auto c = s.conversation("c");
    ASSERT_TRUE(b && c);
    ASSERT_EQ(b->findings.size(), 2u);
    for (auto& f : b->findings)
        if (f.kind == "profanity") {
            ASSERT_TRUE(s.add_finding_verdict(f.id, "confirmed", "", "qa1", t0));
        }
    ASSERT_TRUE(s.add_finding_verdict(c->findings.at(0).id, "dismissed", "客套话", "qa1", t0));

    auto from = to_epoch_ms(t0 - std::chrono::hours{1}), to = to_epoch_ms(t0 + std::chrono::hours{48});
    auto cards = s.scorecards(report_group::consultant, from, to, 480);
    ASSERT_EQ(cards.size(), 2u);
    auto& li = cards[0].key == "li" ? cards[0] : cards[1];
    auto& wang = cards[0].key == "li" ? cards[1] : cards[0];
    ASSERT_EQ(li.key, "li");
    EXPECT_EQ(li.conversations, 2);
    EXPECT_EQ(li.endings["greeting"], 1);
    EXPECT_EQ(li.endings["consultant"], 1);
    EXPECT_EQ(li.consultant_messages, 2);
    EXPECT_EQ(li.first_response_median_s, 10.0);
    EXPECT_EQ(li.first_response_p90_s, 30.0);
    EXPECT_EQ(li.satisfied, 1);
    EXPECT_EQ(li.unsatisfied, 1);
    EXPECT_EQ(li.findings["forbidden_phrase"], 1);
    EXPECT_EQ(li.findings["profanity"], 1);
    EXPECT_EQ(li.confirmed_criticals, 1);
    ASSERT_EQ(wang.key, "wang");
    EXPECT_EQ(wang.conversations, 2);
    EXPECT_EQ(wang.findings["forbidden_phrase"], 0) << "dismissed: not counted";
    EXPECT_EQ(wang.confirmed_criticals, 0);

    auto departments = s.scorecards(report_group::department, from, to, 480);
    ASSERT_EQ(departments.size(), 2u);
    for (auto& d : departments) EXPECT_EQ(d.conversations, 2) << d.key;

    auto days = s.scorecards(report_group::day, from, to, 480);
    ASSERT_EQ(days.size(), 2u);
    std::sort(days.begin(), days.end(), [](auto& x, auto& y) { return x.key < y.key; });
    EXPECT_EQ(days[0].key, "2026-11-22");
    EXPECT_EQ(days[0].conversations, 3);
    EXPECT_EQ(days[1].key, "2026-11-23") << "ended after midnight in the clinic's time zone";
    EXPECT_EQ(days[1].conversations, 1);

    auto none = s.scorecards(report_group::consultant, to, to + 1000, 480);
    EXPECT_TRUE(none.empty());
}

}  // namespace lingting::conformance

namespace lingting::conformance {
namespace {

finding on(std::uint64_t seq, const std::string& kind, severity level, time_point at) {
    finding f;
    f.kind = kind;
    f.rule = kind + ":test";
    f.level = level;
    f.seq = seq;
    f.at = at;
    return f;
}

}  // namespace

// A conversation li started and handed to wang (the writes chat_core makes for a transfer): each
// finding counts against the consultant who wrote the message, or who held the chat when a wait
// was recorded, never against the last holder by default. Scorecards, the QA list's consultant
// filter and its finding counts follow that.
TEST_P(store_conformance, a_transferred_conversations_findings_count_against_who_wrote_or_held_it) {
    using std::chrono::minutes;
    std::vector<store_write> w{
        open_conversation{"t", "男科", "tok-t", t0, {}},
        assign_conversation{"t", "li"},
        append_message{"t", {1, sender::visitor, "", "你好", t0, "v1"}},
        append_message{"t", {2, sender::consultant, "li", "等着吧", t0 + seconds{10}, "c1"}},
        record_finding{"t", on(2, "forbidden_phrase", severity::warning, t0 + seconds{10})},
        assign_conversation{"t", "wang"},  // the transfer
        append_message{"t", {3, sender::visitor, "", "在吗？", t0 + seconds{30}, "v2"}},
        record_finding{"t", on(3, "idle_gap", severity::critical, t0 + minutes{3})},
        append_message{"t", {4, sender::consultant, "wang", "久等了，您请讲。", t0 + minutes{4}, "c2"}},
        record_finding{"t", on(4, "forbidden_phrase", severity::warning, t0 + minutes{4})},
        // Noticed late (say, by the ending's analysis) on li's message: still li's.
        record_finding{"t", on(2, "typo", severity::info, t0 + minutes{5})},
        end_conversation{"t", ending::consultant, t0 + minutes{5}, close_trigger::consultant_ended}};
    ASSERT_TRUE(submit_all(std::move(w)));
    auto& s = store();

    auto t = s.conversation("t");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->consultant, "wang");
    ASSERT_EQ(t->findings.size(), 4u);
    std::map<std::string, std::string> whose;
    for (auto& f : t->findings) whose[f.kind + "@" + std::to_string(f.seq)] = f.consultant;
    EXPECT_EQ(whose["forbidden_phrase@2"], "li") << "li wrote it";
    EXPECT_EQ(whose["typo@2"], "li") << "li wrote it, though wang held the chat when it was noticed";
    EXPECT_EQ(whose["idle_gap@3"], "wang") << "wang held the chat while the visitor waited";
    EXPECT_EQ(whose["forbidden_phrase@4"], "wang");

    auto from = to_epoch_ms(t0 - minutes{1}), to = to_epoch_ms(t0 + minutes{60});
    auto cards = s.scorecards(report_group::consultant, from, to, 480);
    std::map<std::string, scorecard> by;
    for (auto& c : cards) by[c.key] = c;
    ASSERT_TRUE(by.count("li")) << "li handled the conversation: it is in her scorecard";
    ASSERT_TRUE(by.count("wang"));
    EXPECT_EQ(by.size(), 2u);
    auto& li = by["li"];
    auto& wang = by["wang"];
    EXPECT_EQ(li.conversations, 1);
    EXPECT_EQ(wang.conversations, 1);
    EXPECT_EQ(li.consultant_messages, 1);
    EXPECT_EQ(wang.consultant_messages, 1);
    EXPECT_EQ(li.findings["forbidden_phrase"], 1);
    EXPECT_EQ(li.findings["typo"], 1);
    EXPECT_EQ(li.idle_gaps, 0);
    EXPECT_EQ(wang.findings["forbidden_phrase"], 1);
    EXPECT_EQ(wang.findings["typo"], 0);
    EXPECT_EQ(wang.idle_gaps, 1);
    EXPECT_EQ(li.endings["consultant"], 0) << "wang ended it";
    EXPECT_EQ(wang.endings["consultant"], 1);
    EXPECT_EQ(li.first_response_median_s, 10.0) << "li answered the visitor first";
    EXPECT_FALSE(wang.first_response_median_s);

    // Per department the conversation is one, with all its findings.
    auto departments = s.scorecards(report_group::department, from, to, 480);
    ASSERT_EQ(departments.size(), 1u);
    EXPECT_EQ(departments[0].conversations, 1);
    EXPECT_EQ(departments[0].consultant_messages, 2);
    EXPECT_EQ(departments[0].findings["forbidden_phrase"], 2);
    EXPECT_EQ(departments[0].idle_gaps, 1);

    // The QA list: listed under either consultant, with that consultant's own finding counts.
    qa_filter for_li;
    for_li.consultant = "li";
    auto page = s.list_ended(for_li, {}, 10);
    ASSERT_EQ(page.rows.size(), 1u) << "li's filter finds the conversation she handed over";
    EXPECT_EQ(page.rows[0].warning, 1);
    EXPECT_EQ(page.rows[0].info, 1);
    EXPECT_EQ(page.rows[0].critical, 0) << "the wait was wang's";
    EXPECT_EQ(page.rows[0].handled_by, (std::vector<std::string>{"li", "wang"}));
    qa_filter for_wang;
    for_wang.consultant = "wang";
    page = s.list_ended(for_wang, {}, 10);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].warning, 1);
    EXPECT_EQ(page.rows[0].info, 0);
    EXPECT_EQ(page.rows[0].critical, 1);
    for_li.kind = "idle_gap";
    EXPECT_TRUE(s.list_ended(for_li, {}, 10).rows.empty()) << "li has no idle gap in it";
    page = s.list_ended({}, {}, 10);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].warning + page.rows[0].info + page.rows[0].critical, 4) << "unfiltered: the whole chat";
}

}  // namespace lingting::conformance
