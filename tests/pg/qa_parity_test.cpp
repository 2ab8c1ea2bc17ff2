// The QA queries of pg_store against those of the SQLite store on the very same writes: the
// list with each filter and its keyset pages, day figures, scorecards, the keyword report. The
// SQLite store is the reference (its own tests pin its answers); any difference is a bug here.
#include "shared_server.hpp"

#include "auth/password.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <filesystem>
#include <sstream>

using namespace lingting;
using std::chrono::hours;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

// A clinic's fortnight, the same on every store: departments, consultants, endings, ratings,
// findings of each severity (some escalating), visits with sources and keywords, verdicts.
void seed(message_store& s, int conversations) {
    const char* departments[] = {"男科", "妇科", "皮肤科"};
    const char* consultants[] = {"li", "wang", "zhao", ""};
    const char* keywords[] = {"前列腺", "月经不调", "", "痤疮"};
    const ending endings[] = {ending::greeting, ending::visitor, ending::consultant, ending::system};
    for (int i = 0; i < conversations; ++i) {
        std::string id = "c" + std::to_string(1000 + i * 7 % conversations);
        auto start = t0 + hours{(i * 5) % 330} + seconds{i};
        visit_record visit;
        if (i % 4 != 3) {
            visit.capture.referrer = "https://www.baidu.com/s?wd=x";
            visit.capture.landing = "https://clinic.example/" + std::to_string(i % 3);
            visit.capture.browser_id = "b" + std::to_string(i % 5);
            visit.source = {i % 3 ? source_kind::search : source_kind::campaign, i % 3 ? "baidu" : "sogou",
                            keywords[i % 4], i % 3 ? "" : "秋季"};
            visit.cost = 10.0 * (i % 3);
        }
        s.submit(open_conversation{id, departments[i % 3], "r" + id, start, visit}, {});
        std::string who = consultants[i % 4];
        if (!who.empty()) s.submit(assign_conversation{id, who}, {});
        int n = 1 + i % 6;
        for (int k = 1; k <= n; ++k) {
            bool visitor = k % 2 == 1;
            s.submit(append_message{id, {static_cast<std::uint64_t>(k), visitor ? sender::visitor : sender::consultant,
                                         visitor ? "" : who, "消息" + std::to_string(k),
                                         start + seconds{k * (10 + i % 40)}, ""}},
                     {});
        }
        if (i % 3 == 0) {
            finding f;
            f.kind = "idle_gap";
            f.rule = "idle_warning";
            f.level = severity::warning;
            f.seq = 1;
            f.at = start + seconds{90};
            f.duration_ms = 90000;
            s.submit(record_finding{id, f}, {});
            if (i % 2 == 0) {
                f.rule = "idle_critical";
                f.level = severity::critical;
                f.escalates = true;
                f.duration_ms = 200000;
                s.submit(record_finding{id, f}, {});
            }
        }
        if (i % 5 == 1) {
            finding f;
            f.kind = "forbidden_phrase";
            f.rule = "phrase:不知道";
            f.category = i % 2 ? "scolding" : "rhetorical";
            f.level = i % 2 ? severity::critical : severity::info;
            f.seq = 2;
            f.at = start + seconds{30};
            s.submit(record_finding{id, f}, {});
        }
        if (i % 7 == 2) {
            finding f;
            f.kind = "wasted_intent";
            f.rule = "no_contact";
            f.level = severity::warning;
            f.at = start + seconds{100};
            f.cost = 10.0 * (i % 3) + 0.5;
            s.submit(record_finding{id, f}, {});
        }
        if (i % 9 != 8)  // a few stay open
            s.submit(end_conversation{id, endings[i % 4], start + seconds{300 + i % 50}, close_trigger::visitor_left,
                                      i % 2 == 0, i % 4 == 1},
                     {});
        if (i % 3 == 1) s.submit(rate_conversation{id, i % 2 == 0, i % 2 ? "不满意" : "很好"}, {});
    }
    s.flush();
    // Verdicts: a finding judged twice (the latest counts), a conversation verdict.
    for (int i = 0; i < conversations; i += 6) {
        std::string id = "c" + std::to_string(1000 + i * 7 % conversations);
        auto c = s.conversation(id);
        if (!c || !c->ended_at) continue;
        for (auto& f : c->findings) {
            s.add_finding_verdict(f.id, "confirmed", "", "qa1", t0);
            if (i % 12 == 0) s.add_finding_verdict(f.id, "dismissed", "误报", "qa2", t0 + seconds{1});
        }
        s.add_conversation_verdict(id, i % 12 ? "pass" : "fail", "", "qa1", t0);
    }
    s.import_keyword_spend({{"前列腺", "2026-11-23", 10, 50.0}, {"痤疮", "2026-11-30", 3, 9.5}, {"不存在", "2026-11-24", 1, 1.0}});
}

std::string describe(const qa_row& r) {
    std::ostringstream o;
    o << r.id << "|" << r.department << "|" << r.consultant << "|" << to_epoch_ms(r.started) << "|"
      << to_epoch_ms(r.ended) << "|" << r.how << "|" << r.visitor_messages << "/" << r.consultant_messages << "|"
      << r.info << "/" << r.warning << "/" << r.critical << "|" << (r.satisfied ? (*r.satisfied ? "y" : "n") : "-")
      << "|" << r.rating_comment << "|" << r.wasted_cost << "|" << r.verdict << "|" << r.source << "|" << r.keyword;
    return o.str();
}

// Every page of the list, and the cursors between them.
std::vector<std::string> all_pages(message_store& s, const qa_filter& f, int limit) {
    std::vector<std::string> out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
        auto page = s.list_ended(f, cursor, limit);
        for (auto& r : page.rows) out.push_back(describe(r));
        out.push_back("next=" + page.next_cursor);
        if (page.next_cursor.empty()) break;
        cursor = page.next_cursor;
    }
    return out;
}

std::string describe(const scorecard& c) {
    std::ostringstream o;
    o << c.key << "|" << c.conversations << "|";
    for (auto& [k, v] : c.endings) o << k << "=" << v << ",";
    o << "|" << c.consultant_messages << "|" << (c.first_response_median_s ? *c.first_response_median_s : -1) << "|"
      << (c.first_response_p90_s ? *c.first_response_p90_s : -1) << "|" << c.idle_gaps << "|";
    for (auto& [k, v] : c.findings) o << k << "=" << v << ",";
    o << "|" << c.confirmed_criticals << "|" << c.satisfied << "/" << c.unsatisfied << "|" << c.with_intent << "|"
      << c.wasted << "|" << c.wasted_cost;
    return o.str();
}

std::vector<std::string> describe(const std::vector<scorecard>& cards) {
    std::vector<std::string> out;
    for (auto& c : cards) out.push_back(describe(c));
    return out;
}

std::vector<std::string> describe(const std::vector<keyword_report_row>& rows) {
    std::vector<std::string> out;
    for (auto& r : rows) {
        std::ostringstream o;
        o << r.key << "|" << r.source << "|" << r.conversations << "|" << r.with_intent << "|" << r.converted << "|"
          << r.wasted << "|" << r.wasted_cost << "|" << r.clicks << "|" << r.spend << "|";
        for (auto& [k, v] : r.endings) o << k << "=" << v << ",";
        for (auto& c : r.consultants) o << c << ",";
        out.push_back(o.str());
    }
    return out;
}

struct both_stores {
    std::string sqlite_path = (std::filesystem::temp_directory_path() /
                               ("lingting-parity-" + crypto::random_hex(6)) / "test.db").string();
    sqlite_store sqlite{sqlite_path};
    pg_store pg;
    explicit both_stores(const std::string& uri) : pg(uri) {}
    ~both_stores() {
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::path(sqlite_path).parent_path(), ec);
    }
};

}  // namespace

TEST(pg_qa_parity, the_list_with_every_filter_pages_like_sqlite) {
    PG_DATABASE_OR_SKIP(uri);
    both_stores s(uri);
    seed(s.sqlite, 120);
    seed(s.pg, 120);
    std::vector<qa_filter> filters(1);
    auto add = [&](auto set) {
        qa_filter f;
        set(f);
        filters.push_back(f);
    };
    add([](qa_filter& f) { f.ending = "visitor"; });
    add([](qa_filter& f) { f.consultant = "li"; });
    add([](qa_filter& f) { f.department = "妇科"; });
    add([](qa_filter& f) { f.kind = "idle_gap"; });
    add([](qa_filter& f) { f.severity = "critical"; });
    add([](qa_filter& f) { f.category = "scolding"; });
    add([](qa_filter& f) { f.kind = "forbidden_phrase"; f.severity = "info"; });
    add([](qa_filter& f) { f.satisfied = true; });
    add([](qa_filter& f) { f.satisfied = false; });
    add([](qa_filter& f) { f.source = "baidu"; });
    add([](qa_filter& f) { f.source = "campaign"; });
    add([](qa_filter& f) { f.keyword = "列腺"; });
    add([](qa_filter& f) { f.from_ms = to_epoch_ms(t0 + hours{48}); f.to_ms = to_epoch_ms(t0 + hours{200}); });
    add([](qa_filter& f) { f.department = "男科"; f.ending = "visitor"; f.consultant = "wang"; });
    for (std::size_t i = 0; i < filters.size(); ++i) {
        auto expected = all_pages(s.sqlite, filters[i], 7);
        EXPECT_GT(expected.size(), 1u) << "filter " << i << " matches something";
        EXPECT_EQ(all_pages(s.pg, filters[i], 7), expected) << "filter " << i;
    }
    // Every ended conversation once, across pages.
    EXPECT_EQ(all_pages(s.pg, {}, 1000).size(), 120u - 120u / 9 + 1);
}

TEST(pg_qa_parity, keyset_pages_do_not_shift_when_conversations_end_meanwhile) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    seed(s, 40);
    auto whole = all_pages(s, {}, 1000);
    std::vector<std::string> paged;
    std::string cursor;
    for (int i = 0; i < 50; ++i) {
        auto page = s.list_ended({}, cursor, 5);
        for (auto& r : page.rows) paged.push_back(describe(r));
        // A newer conversation ends between two pages: it belongs before the first page.
        std::string id = "late" + std::to_string(i);
        s.submit(open_conversation{id, "男科", "r" + id, t0 + hours{900}, {}}, {});
        s.submit(end_conversation{id, ending::visitor, t0 + hours{900} + seconds{i}}, {});
        s.flush();
        if (page.next_cursor.empty()) break;
        cursor = page.next_cursor;
    }
    whole.pop_back();  // its "next=" line
    EXPECT_EQ(paged, whole);
}

TEST(pg_qa_parity, day_figures_scorecards_and_keyword_report_match_sqlite) {
    PG_DATABASE_OR_SKIP(uri);
    both_stores s(uri);
    seed(s.sqlite, 90);
    seed(s.pg, 90);
    auto from = to_epoch_ms(t0), to = to_epoch_ms(t0 + hours{24 * 15});
    auto a = s.sqlite.stats(from, to), b = s.pg.stats(from, to);
    EXPECT_EQ(a.endings, b.endings);
    EXPECT_EQ(a.findings, b.findings);
    EXPECT_FALSE(a.findings.empty());
    for (auto g : {report_group::consultant, report_group::department, report_group::day})
        for (int tz : {480, 0, -300}) {
            auto expected = describe(s.sqlite.scorecards(g, from, to, tz));
            EXPECT_GT(expected.size(), 1u);
            EXPECT_EQ(describe(s.pg.scorecards(g, from, to, tz)), expected) << "group " << int(g) << " tz " << tz;
        }
    for (auto g : {keyword_group::keyword, keyword_group::source, keyword_group::campaign})
        for (auto [f, t] : std::vector<std::pair<std::int64_t, std::int64_t>>{{0, 0}, {from + 3600000 * 30, to - 3600000 * 100}}) {
            keyword_report_query q{g, f, t, 480};
            auto expected = describe(s.sqlite.keyword_report(q));
            EXPECT_GT(expected.size(), 1u);
            EXPECT_EQ(describe(s.pg.keyword_report(q)), expected) << "group " << int(g) << " from " << f;
        }
    auto standings = [](message_store& st) {
        std::vector<std::string> out;
        for (auto& r : st.rule_standings(3))
            out.push_back(r.kind + "|" + r.rule + "|" + std::to_string(r.judged) + "|" + std::to_string(r.confirmed) +
                          "|" + std::to_string(r.dismissed.size()));
        return out;
    };
    EXPECT_EQ(standings(s.pg), standings(s.sqlite));
    auto batch = [](message_store& st) {
        std::vector<std::string> out;
        std::string after;
        for (int i = 0; i < 100; ++i) {
            auto b = st.ended_for_reanalysis(0, std::numeric_limits<std::int64_t>::max(), after, 8);
            if (b.empty()) break;
            for (auto& c : b) out.push_back(c.id + "|" + std::to_string(c.messages.size()) + "|" + c.landing);
            after = b.back().id;
        }
        return out;
    };
    EXPECT_EQ(batch(s.pg), batch(s.sqlite));
}
