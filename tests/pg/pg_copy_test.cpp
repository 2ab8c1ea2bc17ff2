// `lingting copy` underneath (store/pg_copy.hpp): an SQLite store filled through its own API,
// copied into a fresh PostgreSQL database, then read back through pg_store's role interfaces
// and compared with the SQLite store answer by answer: every QA report, every transcript with
// its findings and verdicts, staff and tokens, leads, canned replies, a browser's history.
#include "clinic_fortnight.hpp"
#include "shared_server.hpp"

#include "auth/password.hpp"
#include "store/pg.hpp"
#include "store/pg_copy.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <filesystem>
#include <future>
#include <limits>
#include <set>

using namespace lingting;
using namespace lingting::testing;

namespace {

struct sqlite_file {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lingting-copy-" + crypto::random_hex(6));
    std::string path = (dir / "clinic.db").string();
    ~sqlite_file() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

// The rest of what a clinic keeps, beside seed()'s conversations: accounts (one disabled) and
// their tokens, leads (one closed), canned replies of a department and of a consultant, the
// seeded mark, a rule review.
void seed_desk(message_store& s) {
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {"男科", "妇科"}, false, "pbkdf2-sha256$1000$salt$li"}));
    ASSERT_TRUE(s.add_staff({"boss", role::supervisor, {}, false, "pbkdf2-sha256$1000$salt$boss"}));
    ASSERT_TRUE(s.add_staff({"gone", role::qa, {}, false, "pbkdf2-sha256$1000$salt$gone"}));
    s.put_token("token-li", "li", t0 + hours{8});
    s.put_token("token-boss", "boss", t0 + hours{24});
    ASSERT_TRUE(s.set_staff_disabled("gone", true));
    for (int i = 0; i < 3; ++i) {
        lead l;
        l.name = "王女士" + std::to_string(i);
        l.phone = "1380013800" + std::to_string(i);
        l.message = "想预约周六上午\t（多行\n留言）";
        l.department = "妇科";
        l.address = "127.0.0.1";
        l.created = t0 + hours{i};
        s.add_lead(l);
    }
    ASSERT_TRUE(s.close_lead(2, "li", t0 + hours{5}));
    canned_reply r;
    r.department = "男科";
    r.title = "问候";
    r.text = "您好，请问有什么可以帮您？\\n反斜杠照原样";
    r.updated_by = "boss";
    r.updated_at = t0;
    s.add_canned_reply(r);
    r.department.clear();
    r.owner = "li";
    r.title = "报价";
    r.text = "具体费用要看检查结果。";
    s.add_canned_reply(r);
    s.seed_canned_replies({{0, "妇科", "", "问候", "您好！", "", t0}}, t0);
    s.review_rule("forbidden_phrase", "phrase:不知道", "boss", t0 + hours{1});
}

std::string transcript(const stored_conversation& c) {
    std::ostringstream o;
    o << c.id << "|" << c.department << "|" << c.consultant << "|" << to_epoch_ms(c.started) << "|"
      << (c.ended_at ? to_epoch_ms(*c.ended_at) : -1) << "|" << (c.how ? to_string(*c.how) : "-") << "|"
      << (c.satisfied ? (*c.satisfied ? "y" : "n") : "-") << "|" << c.rating_comment << "|" << c.verdict << "|"
      << c.verdict_note << "|" << c.verdict_by << "\n";
    for (auto& m : c.messages)
        o << "  m " << m.seq << "|" << to_string(m.from) << "|" << m.author << "|" << m.text << "|" << to_epoch_ms(m.at)
          << "|" << m.client_id << "\n";
    for (auto& f : c.findings)
        o << "  f " << f.id << "|" << f.kind << "|" << f.rule << "|" << f.category << "|" << to_string(f.level) << "|"
          << f.seq << "|" << f.matched << "|" << f.begin << "-" << f.end << "|" << f.suggestion << "|"
          << to_epoch_ms(f.at) << "|" << f.duration_ms << "|" << f.cost << "|" << f.verdict << "|" << f.verdict_note
          << "\n";
    if (c.visit)
        o << "  v " << to_string(c.visit->source.kind) << "|" << c.visit->source.source << "|"
          << c.visit->source.keyword << "|" << c.visit->source.campaign << "|" << c.visit->capture.referrer << "|"
          << c.visit->capture.landing << "|" << c.visit->capture.browser_id << "|" << c.visit->cost << "\n";
    return o.str();
}

// Everything QA, the console and log-in read, as text lines, through the role interfaces.
std::vector<std::string> everything(message_store& s, int conversations) {
    std::vector<std::string> out;
    for (int i = 0; i < conversations; ++i) {
        auto c = s.conversation("c" + std::to_string(1000 + i));
        out.push_back(c ? transcript(*c) : "missing " + std::to_string(i));
    }
    std::vector<qa_filter> filters(4);
    filters[1].severity = "critical";
    filters[2].keyword = "列腺";
    filters[3].consultant = "li";
    for (auto& f : filters)
        for (auto& line : all_pages(s, f, 9)) out.push_back(line);
    auto from = to_epoch_ms(t0), to = to_epoch_ms(t0 + hours{24 * 15});
    auto day = s.stats(from, to);
    for (auto& [k, v] : day.endings) out.push_back("ending " + k + "=" + std::to_string(v));
    for (auto& [k, v] : day.findings) out.push_back("finding " + k + "=" + std::to_string(v));
    for (auto g : {report_group::consultant, report_group::department, report_group::day})
        for (auto& line : describe(s.scorecards(g, from, to, 480))) out.push_back(line);
    for (auto g : {keyword_group::keyword, keyword_group::source, keyword_group::campaign})
        for (auto& line : describe(s.keyword_report({g, 0, 0, 480}))) out.push_back(line);
    for (auto& r : s.rule_standings(3))
        out.push_back("rule " + r.kind + "|" + r.rule + "|" + std::to_string(r.judged) + "|" +
                      std::to_string(r.confirmed) + "|" + std::to_string(r.dismissed.size()));
    for (auto& st : s.all_staff()) {
        std::string deps;
        for (auto& d : st.departments) deps += d + ",";
        out.push_back("staff " + st.name + "|" + std::string(to_string(st.r)) + "|" + deps + "|" + (st.disabled ? "off" : "on") +
                      "|" + st.password_hash);
    }
    for (auto& name : s.disabled_staff()) out.push_back("disabled " + name);
    for (auto tok : {"token-li", "token-boss", "token-gone"})
        out.push_back(std::string("token ") + tok + "=" + s.token_user(tok, t0).value_or("-"));
    for (auto& l : s.leads(100, 100))
        out.push_back("lead " + std::to_string(l.id) + "|" + l.name + "|" + l.phone + "|" + l.message + "|" +
                      l.department + "|" + std::to_string(to_epoch_ms(l.created)) + "|" +
                      (l.closed_at ? std::to_string(to_epoch_ms(*l.closed_at)) : "-") + "|" + l.closed_by);
    for (auto& r : s.canned_replies({}, "li"))
        out.push_back("canned " + std::to_string(r.id) + "|" + r.department + "|" + r.owner + "|" + r.title + "|" +
                      r.text + "|" + r.updated_by + "|" + std::to_string(to_epoch_ms(r.updated_at)));
    for (auto& p : s.browser_history("b1", "", 50))
        out.push_back("history " + p.id + "|" + p.department + "|" + p.consultant + "|" + p.ending + "|" + p.keyword);
    return out;
}

std::int64_t rows(const std::string& uri, const std::string& table) {
    pg::connection c(uri);
    return c.query("SELECT COUNT(*) FROM " + table).integer(0, 0);
}

}  // namespace

TEST(pg_copy, every_table_arrives_and_the_pg_store_answers_as_the_sqlite_one_did) {
    PG_DATABASE_OR_SKIP(uri);
    sqlite_file file;
    constexpr int conversations = 90;
    std::vector<std::string> expected;
    {
        sqlite_store s(file.path);
        seed(s, conversations);
        seed_desk(s);
        if (HasFatalFailure()) return;
        expected = everything(s, conversations);
    }
    auto copied = copy_sqlite_to_postgres(file.path, uri, false);
    ASSERT_EQ(copied.size(), 13u);
    for (auto& t : copied) {
        EXPECT_GT(t.rows, 0) << t.name << ": the test writes every table";
        EXPECT_EQ(rows(uri, t.name), t.rows) << t.name;
    }

    pg_store pg(uri);
    auto got = everything(pg, conversations);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "line " << i;

    // The serials go on past the copied ids: new leads, replies, findings and verdicts.
    lead l;
    l.phone = "13900000000";
    l.department = "男科";
    l.created = t0 + hours{400};
    EXPECT_EQ(pg.add_lead(l), 4);
    canned_reply r{0, "妇科", "", "新", "新的回复", "boss", t0};
    EXPECT_GT(pg.add_canned_reply(r), 3);
    auto copied_findings = pg::connection(uri).query("SELECT MAX(id) FROM findings").integer(0, 0);
    std::promise<bool> added;
    finding f;
    f.kind = "terse_reply";
    f.rule = "terse";
    f.seq = 2;
    f.at = t0 + hours{400};
    pg.submit(record_finding{"c1000", f}, [&](bool ok) { added.set_value(ok); });
    ASSERT_TRUE(added.get_future().get());
    auto c = pg.conversation("c1000");
    ASSERT_TRUE(c);
    std::int64_t newest = 0;
    for (auto& x : c->findings) newest = std::max(newest, x.id);
    EXPECT_EQ(newest, copied_findings + 1) << "the new finding takes the next id";
    EXPECT_TRUE(pg.add_finding_verdict(newest, "confirmed", "", "boss", t0 + hours{401}));
}

TEST(pg_copy, a_target_with_data_is_refused_unless_replaced) {
    PG_DATABASE_OR_SKIP(uri);
    sqlite_file file;
    {
        sqlite_store s(file.path);
        seed(s, 12);
    }
    {
        pg_store pg(uri);
        ASSERT_TRUE(pg.add_staff({"someone", role::qa, {}, false, "h"}));
    }
    EXPECT_THROW(copy_sqlite_to_postgres(file.path, uri, false), store_error);
    EXPECT_EQ(rows(uri, "conversations"), 0) << "nothing copied";
    EXPECT_EQ(rows(uri, "staff"), 1) << "nothing removed";

    auto copied = copy_sqlite_to_postgres(file.path, uri, true);
    EXPECT_EQ(rows(uri, "staff"), 0) << "replaced: the source had no staff";
    EXPECT_EQ(rows(uri, "conversations"), 12);
    EXPECT_EQ(copied[2].name, "conversations");
    EXPECT_EQ(copied[2].rows, 12);
}

TEST(pg_copy, a_row_postgresql_refuses_leaves_the_target_untouched) {
    PG_DATABASE_OR_SKIP(uri);
    sqlite_file file;
    {
        sqlite_store s(file.path);
        seed(s, 12);
        ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "h"}));
    }
    {
        // Text with a NUL byte: SQLite keeps it, PostgreSQL's text cannot (a late table, so that
        // earlier ones were already sent when it fails).
        sqlite::db d(file.path);
        d.exec("INSERT INTO keyword_spend(keyword, day, clicks, cost) VALUES('a' || char(0) || 'b', '2026-11-23', 1, 1)");
    }
    EXPECT_THROW(copy_sqlite_to_postgres(file.path, uri, false), store_error);
    for (auto t : {"staff", "conversations", "messages", "findings", "keyword_spend"})
        EXPECT_EQ(rows(uri, t), 0) << t << ": all or nothing";
}

TEST(pg_copy, a_table_the_copy_does_not_know_is_refused_not_skipped) {
    PG_DATABASE_OR_SKIP(uri);
    sqlite_file file;
    {
        sqlite_store s(file.path);
        seed(s, 3);
    }
    sqlite::db(file.path).exec("CREATE TABLE appointments (id INTEGER PRIMARY KEY, at INTEGER)");
    try {
        copy_sqlite_to_postgres(file.path, uri, false);
        FAIL() << "copied without the appointments table";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("appointments"), std::string::npos) << e.what();
    }
    EXPECT_EQ(rows(uri, "conversations"), 0);
}

// The two schemas are two translations (store/schema.cpp, store/pg_schema.cpp): the same
// tables with the same columns, or a change reached one backend only (and copy would refuse).
// SQLite's search index (messages_search*, FTS5) and its queue of ended conversations
// (search_pending) are derived from messages, not tables of data.
TEST(pg_copy, both_schemas_have_the_same_tables_and_columns) {
    PG_DATABASE_OR_SKIP(uri);
    sqlite_file file;
    sqlite_store(file.path).flush();
    pg_store(uri).flush();
    std::set<std::string> in_sqlite, in_postgres;
    sqlite::db d(file.path);
    sqlite::stmt q(d, "SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                      "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'meta' "
                      "AND m.name NOT LIKE 'messages_search%' AND m.name <> 'search_pending'");
    while (q.step()) in_sqlite.insert(q.text(0));
    auto r = pg::connection(uri).query("SELECT table_name || '.' || column_name FROM information_schema.columns "
                                       "WHERE table_schema = current_schema() AND table_name <> 'schema_version'");
    for (int i = 0; i < r.rows(); ++i) in_postgres.insert(r.text(i, 0));
    EXPECT_EQ(in_postgres, in_sqlite);
    EXPECT_GT(in_sqlite.size(), 80u);
}
