// The QA queries of pg_store against those of the SQLite store on the very same writes: the
// list with each filter and its keyset pages, day figures, scorecards, the keyword report. The
// SQLite store is the reference (its own tests pin its answers); any difference is a bug here.
#include "clinic_fortnight.hpp"
#include "shared_server.hpp"

#include "auth/password.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <filesystem>

using namespace lingting;
using std::chrono::hours;
using namespace lingting::testing;

namespace {

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
