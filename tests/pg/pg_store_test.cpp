// pg_store against a real PostgreSQL (tests/support/pg_server): the live path, lifecycle and
// endings, staff and tokens, verdicts, leads and canned replies. QA queries are compared with
// the SQLite store on the same writes in qa_parity_test.cpp; crashes in pg_crash_test.cpp.
#include "shared_server.hpp"

#include "auth/auth_service.hpp"
#include "auth/password.hpp"
#include "store/pg_schema.hpp"
#include "store/pg_store.hpp"

#include <libpq-fe.h>

#include <future>
#include <map>
#include <mutex>
#include <thread>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

bool submit_and_wait(message_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
}

struct captured_failures {
    std::mutex m;
    std::vector<std::string> lines;
    store_failure_sink sink() {
        return [this](const store_failure& f) {
            std::lock_guard l(m);
            lines.push_back(std::string(f.kind) + "|" + std::to_string(f.writes) + "|" + std::string(f.conversation) +
                            "|" + std::string(f.cause));
        };
    }
    std::vector<std::string> all() {
        std::lock_guard l(m);
        return lines;
    }
};

// Holds the writer thread inside a completion until released, so that what is submitted
// meanwhile queues up and goes into the next group commit together.
struct writer_gate {
    std::promise<void> held, release;
    std::shared_future<void> released = release.get_future().share();
    explicit writer_gate(message_store& s) {
        s.submit(assign_conversation{"nobody", ""}, [this](bool) {
            held.set_value();
            released.wait();
        });
        held.get_future().wait();
    }
    void open() { release.set_value(); }
};

// Runs SQL on its own connection, as another program (psql, another node) would.
std::string sql_value(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    std::string v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    return v;
}

finding make_finding(std::string kind, std::string rule, severity level, std::uint64_t seq, time_point at) {
    finding f;
    f.kind = std::move(kind);
    f.rule = std::move(rule);
    f.level = level;
    f.seq = seq;
    f.at = at;
    return f;
}

}  // namespace

TEST(pg_store, migrates_an_empty_database_once_and_keeps_writes_across_reopen) {
    PG_DATABASE_OR_SKIP(uri);
    {
        pg_store s(uri);
        EXPECT_EQ(s.schema_version(), static_cast<int>(pg_schema::migrations().size()));
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "男科", "tok", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, assign_conversation{"c1", "li"}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "你好", t0, "v1"}}));
    }
    // A second store on the same database (a restart, or a second node) migrates nothing again.
    pg_store s(uri);
    EXPECT_EQ(s.schema_version(), static_cast<int>(pg_schema::migrations().size()));
    EXPECT_EQ(sql_value(uri, "SELECT count(*) FROM schema_version"), "1");
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
    EXPECT_EQ(sql_value(uri, "SELECT count(*) FROM conversations WHERE resume_hash = 'tok'"), "0")
        << "the resume token is stored hashed";
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 1);
    EXPECT_EQ(s.conversation("c1")->how, ending::system);
    EXPECT_EQ(s.end_open_conversations(t0 + seconds{9}), 0);
}

TEST(pg_store, nodes_starting_together_on_an_empty_database_migrate_it_once) {
    PG_DATABASE_OR_SKIP(uri);
    // Several Lingting processes (nodes of one clinic group) start at once: one migrates, the
    // others wait for it and find the schema current.
    std::vector<std::future<int>> nodes;
    for (int i = 0; i < 4; ++i)
        nodes.push_back(std::async(std::launch::async, [&] { return pg_store(uri).schema_version(); }));
    for (auto& n : nodes) EXPECT_EQ(n.get(), static_cast<int>(pg_schema::migrations().size()));
    EXPECT_EQ(sql_value(uri, "SELECT count(*) FROM schema_version"), "1");
}

TEST(pg_store, a_newer_schema_than_the_server_knows_is_refused) {
    PG_DATABASE_OR_SKIP(uri);
    { pg_store s(uri); }
    sql_value(uri, "UPDATE schema_version SET version = 999");
    EXPECT_THROW(pg_store s(uri), store_error);
}

TEST(pg_store, appends_and_resume_reads_in_submission_order) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    s.submit(open_conversation{"c1", "", "t", t0, {}}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 300; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), i % 2 ? sender::visitor : sender::consultant,
                                       i % 2 ? "" : "li", "第" + std::to_string(i) + "句", t0 + milliseconds{i}, ""}},
                 [&, i](bool ok) {
                     std::lock_guard l(m);
                     if (ok) done.push_back(i);
                 });
    s.flush();
    ASSERT_EQ(done.size(), 300u);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    EXPECT_TRUE(s.healthy());
    // A resumed client reads the whole log back, in order, as written.
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->messages.size(), 300u);
    for (int i = 1; i <= 300; ++i) {
        auto& msg = c->messages[static_cast<std::size_t>(i - 1)];
        EXPECT_EQ(msg.seq, static_cast<std::uint64_t>(i));
        EXPECT_EQ(msg.text, "第" + std::to_string(i) + "句");
        EXPECT_EQ(msg.from, i % 2 ? sender::visitor : sender::consultant);
        EXPECT_EQ(msg.at, t0 + milliseconds{i});
    }
    EXPECT_LT(s.commit_histogram()->count(), 300u) << "the appends shared commits";
}

TEST(pg_store, a_commit_delay_lets_writes_share_one_commit) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri, {512, std::chrono::milliseconds{300}});
    auto before = s.commit_histogram()->count();
    s.submit(open_conversation{"c1", "", "t", t0, {}}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 10; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m", t0, ""}},
                 [&, i](bool ok) { std::lock_guard l(m); if (ok) done.push_back(i); });
    s.flush();
    EXPECT_EQ(s.commit_histogram()->count() - before, 1u);
    EXPECT_EQ(done.size(), 10u);
}

TEST(pg_store, one_bad_write_fails_only_its_own_client) {
    PG_DATABASE_OR_SKIP(uri);
    captured_failures failures;
    pg_store s(uri, {}, failures.sink());
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0, {}}));
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
    auto commits_before = s.commit_histogram()->count();
    // One batch: good writes around a message for a conversation that does not exist (foreign
    // key), a duplicate seq (primary key) and a NUL byte PostgreSQL's text cannot hold.
    s.submit(append_message{"c1", {1, sender::visitor, "", "第一句", t0, "v1"}}, record("good1"));
    s.submit(append_message{"nowhere", {1, sender::visitor, "", "病人的秘密", t0, "x1"}}, record("no_row"));
    s.submit(append_message{"c1", {2, sender::consultant, "li", "第二句", t0, "c1"}}, record("good2"));
    s.submit(append_message{"c1", {1, sender::visitor, "", "重复", t0, "v1-again"}}, record("duplicate"));
    s.submit(append_message{"c1", {3, sender::visitor, "", std::string("a\0b", 3), t0, ""}}, record("nul"));
    std::promise<bool> last;
    s.submit(end_conversation{"c1", ending::greeting, t0 + seconds{5}}, [&](bool ok) { last.set_value(ok); });
    // A write that answers, in the same batch: done once, kept once.
    auto token = std::async(std::launch::async, [&] { s.put_token("tok", "li", t0 + seconds{60}); });
    for (int i = 0; i < 500 && s.queue_depth() < 7; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(s.queue_depth(), 7u);
    gate.open();
    EXPECT_TRUE(last.get_future().get());
    token.get();
    EXPECT_EQ(s.token_user("tok", t0), "li");
    EXPECT_EQ(sql_value(uri, "SELECT count(*) FROM tokens"), "1") << "the token write ran once";
    EXPECT_EQ(s.commit_histogram()->count() - commits_before, 1u) << "the seven writes shared one commit";
    EXPECT_EQ(result, (std::map<std::string, bool>{
                          {"good1", true}, {"no_row", false}, {"good2", true}, {"duplicate", false}, {"nul", false}}));
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
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].rfind("append_message|1|nowhere|", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find("foreign key"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[1].rfind("append_message|1|c1|", 0), 0u) << lines[1];
    EXPECT_NE(lines[1].find("duplicate key"), std::string::npos) << lines[1];
    EXPECT_EQ(lines[2].rfind("append_message|1|c1|", 0), 0u) << lines[2];
    for (auto& l : lines) EXPECT_EQ(l.find("秘密"), std::string::npos) << "message text in a report: " << l;
}

TEST(pg_store, conversation_lifecycle_endings_ratings_and_findings) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    visit_record visit;
    visit.capture.referrer = "https://www.baidu.com/s?wd=%E5%89%8D%E5%88%97%E8%85%BA";
    visit.capture.landing = "https://clinic.example/nk";
    visit.capture.browser_id = "b-1";
    visit.capture.pages = 3;
    visit.source = {source_kind::search, "baidu", "前列腺", ""};
    visit.device = "手机";
    visit.cost = 120.5;
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "男科", "r1", t0, visit}));
    ASSERT_TRUE(submit_and_wait(s, assign_conversation{"c1", "li"}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::visitor, "", "医生在吗", t0, ""}}));
    // An idle gap that escalates warning -> critical -> closed: one row, the highest severity.
    auto gap = make_finding("idle_gap", "idle_warning", severity::warning, 1, t0 + seconds{60});
    gap.duration_ms = 60000;
    ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", gap}));
    auto worse = make_finding("idle_gap", "idle_critical", severity::critical, 1, t0 + seconds{180});
    worse.duration_ms = 180000;
    worse.escalates = true;
    ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", worse}));
    auto closed = make_finding("idle_gap", "gap_closed", severity::info, 1, t0 + seconds{200});
    closed.duration_ms = 200000;
    closed.escalates = true;
    ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", closed}));
    // An escalation whose first step was never stored stands alone.
    auto orphan = make_finding("idle_gap", "idle_critical", severity::critical, 7, t0 + seconds{300});
    orphan.escalates = true;
    ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", orphan}));
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::consultant, t0 + seconds{400},
                                                    close_trigger::consultant_ended, true, true}));
    // A second ending does not move the first.
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::system, t0 + seconds{999}}));
    ASSERT_TRUE(submit_and_wait(s, rate_conversation{"c1", false, "回复太慢"}));

    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->how, ending::consultant);
    EXPECT_EQ(c->ended_at, t0 + seconds{400});
    EXPECT_EQ(c->satisfied, false);
    EXPECT_EQ(c->rating_comment, "回复太慢");
    ASSERT_TRUE(c->visit);
    EXPECT_EQ(c->visit->source.keyword, "前列腺");
    EXPECT_EQ(c->visit->source.kind, source_kind::search);
    EXPECT_EQ(c->visit->capture.pages, 3u);
    EXPECT_DOUBLE_EQ(c->visit->cost, 120.5);
    ASSERT_EQ(c->findings.size(), 2u);
    EXPECT_EQ(c->findings[0].level, severity::critical);
    EXPECT_EQ(c->findings[0].rule, "idle_critical");
    EXPECT_EQ(c->findings[0].duration_ms, 200000);
    EXPECT_EQ(c->findings[1].seq, 7u);
    EXPECT_EQ(sql_value(uri, "SELECT closed_by || had_intent::text || converted::text FROM conversations"),
              "consultant_endedtruetrue");
    EXPECT_EQ(s.browser_history("b-1", "other", 5).size(), 1u);
    EXPECT_TRUE(s.browser_history("b-1", "c1", 5).empty());

    // Re-analysis: the same finding found again keeps its id and verdict; a gone one goes.
    auto id = c->findings[0].id;
    ASSERT_TRUE(s.add_finding_verdict(id, "confirmed", "确实慢", "qa1", t0 + seconds{500}));
    auto batch = s.ended_for_reanalysis(0, to_epoch_ms(t0 + seconds{1000}), "", 10);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].trigger, close_trigger::consultant_ended);
    EXPECT_EQ(batch[0].messages.size(), 1u);
    EXPECT_EQ(batch[0].referrer, visit.capture.referrer);
    EXPECT_TRUE(s.ended_for_reanalysis(0, to_epoch_ms(t0 + seconds{1000}), "c1", 10).empty());
    auto again = c->findings[0];
    again.escalates = false;
    EXPECT_EQ(s.replace_findings("c1", {again}, ending::visitor), 1);
    c = s.conversation("c1");
    ASSERT_EQ(c->findings.size(), 1u);
    EXPECT_EQ(c->findings[0].id, id);
    EXPECT_EQ(c->findings[0].verdict, "confirmed");
    EXPECT_EQ(c->how, ending::visitor);

    // Retention empties the text, once.
    EXPECT_EQ(s.purge_text(to_epoch_ms(t0 + seconds{1000})), 1);
    EXPECT_EQ(s.purge_text(to_epoch_ms(t0 + seconds{1000})), 0);
    EXPECT_EQ(s.conversation("c1")->messages.at(0).text, "");
    EXPECT_TRUE(s.ended_for_reanalysis(0, to_epoch_ms(t0 + seconds{1000}), "", 10).empty());
}

TEST(pg_store, staff_tokens_and_login) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {"男科", "妇科"}, false, crypto::hash_password("secret1", 1000)}));
    EXPECT_FALSE(s.add_staff({"li", role::qa, {}, false, "x"})) << "the name exists";
    EXPECT_EQ(s.add_staff_many({{"wang", role::supervisor, {}, false, "x"}, {"li", role::qa, {}, false, "x"},
                                {"zhao", role::qa, {}, true, "x"}}),
              2u);
    auto li = s.staff("li");
    ASSERT_TRUE(li);
    EXPECT_EQ(li->r, role::consultant);
    EXPECT_EQ(li->departments, (std::vector<std::string>{"男科", "妇科"}));
    EXPECT_FALSE(s.staff("nobody"));
    std::vector<std::string> names;
    for (auto& x : s.all_staff()) names.push_back(x.name);
    EXPECT_EQ(names, (std::vector<std::string>{"li", "wang", "zhao"}));
    EXPECT_EQ(s.disabled_staff(), std::vector<std::string>{"zhao"});

    auth_service auth(s, 3600);
    EXPECT_FALSE(auth.login("li", "wrong", t0));
    auto r = auth.login("li", "secret1", t0);
    ASSERT_TRUE(r);
    EXPECT_EQ(s.token_expiry(r->token, t0), t0 + seconds{3600});
    EXPECT_TRUE(auth.authenticate(r->token, t0 + seconds{10}));
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{3601})) << "expired";
    EXPECT_FALSE(s.token_expiry(r->token, t0 + seconds{3601}));
    s.put_token("other", "wang", t0 + seconds{60});
    s.revoke_token("other");
    EXPECT_FALSE(s.token_user("other", t0));
    EXPECT_THROW(s.put_token("orphan", "nobody", t0 + seconds{60}), store_error) << "no such staff";
    EXPECT_TRUE(s.healthy()) << "a refused write is not a store fault";
    ASSERT_TRUE(s.set_staff_disabled("li", true));
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{10})) << "disabling removed the tokens";
    EXPECT_FALSE(s.set_staff_disabled("nobody", true));
}

TEST(pg_store, verdicts_keep_their_history_and_rules_their_standing) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0, {}}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", {1, sender::consultant, "li", "你自己看说明", t0, ""}}));
    auto f = make_finding("forbidden_phrase", "phrase:你自己看", severity::warning, 1, t0);
    f.matched = "你自己看";
    ASSERT_TRUE(submit_and_wait(s, record_finding{"c1", f}));
    EXPECT_FALSE(s.add_conversation_verdict("c1", "pass", "", "qa1", t0)) << "not ended yet";
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::visitor, t0 + seconds{5}}));
    auto id = s.conversation("c1")->findings.at(0).id;
    EXPECT_FALSE(s.add_finding_verdict(id + 1000, "confirmed", "", "qa1", t0)) << "no such finding";
    ASSERT_TRUE(s.add_finding_verdict(id, "confirmed", "", "qa1", t0 + seconds{10}));
    ASSERT_TRUE(s.add_finding_verdict(id, "dismissed", "语境正常", "qa2", t0 + seconds{20}));
    ASSERT_TRUE(s.add_conversation_verdict("c1", "fail", "态度", "qa1", t0 + seconds{30}));
    ASSERT_TRUE(s.add_conversation_verdict("c1", "pass", "复核", "qa2", t0 + seconds{40}));
    EXPECT_FALSE(s.add_conversation_verdict("nowhere", "pass", "", "qa1", t0));
    EXPECT_THROW(s.add_conversation_verdict("c1", "maybe", "", "qa1", t0), store_error) << "not a verdict";
    auto c = s.conversation("c1");
    EXPECT_EQ(c->findings.at(0).verdict, "dismissed");
    EXPECT_EQ(c->findings.at(0).verdict_note, "语境正常");
    EXPECT_EQ(c->verdict, "pass");
    EXPECT_EQ(c->verdict_by, "qa2");
    EXPECT_EQ(sql_value(uri, "SELECT count(*) FROM finding_verdicts"), "2") << "the history is kept";

    auto standings = s.rule_standings(5);
    ASSERT_EQ(standings.size(), 1u);
    EXPECT_EQ(standings[0].rule, "phrase:你自己看");
    EXPECT_EQ(standings[0].judged, 1) << "only the latest verdict of a finding counts";
    EXPECT_EQ(standings[0].confirmed, 0);
    ASSERT_EQ(standings[0].dismissed.size(), 1u);
    EXPECT_EQ(standings[0].dismissed[0].text, "你自己看说明");
    s.review_rule("forbidden_phrase", "phrase:你自己看", "sup", t0 + seconds{50});
    s.review_rule("forbidden_phrase", "phrase:你自己看", "sup2", t0 + seconds{60});
    standings = s.rule_standings(5);
    ASSERT_EQ(standings.size(), 1u);
    EXPECT_EQ(standings[0].judged, 0) << "the window starts again after a review";
    EXPECT_EQ(standings[0].reviewed_by, "sup2");
}

TEST(pg_store, leads_canned_replies_and_keyword_spend) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    auto a = s.add_lead({0, "张三", "13800000000", "想咨询", "男科", "127.0.0.1", t0, {}, ""});
    auto b = s.add_lead({0, "李四", "13900000000", "", "妇科", "127.0.0.1", t0 + seconds{1}, {}, ""});
    EXPECT_NE(a, b);
    EXPECT_TRUE(s.close_lead(a, "li", t0 + seconds{5}));
    EXPECT_FALSE(s.close_lead(a, "li", t0 + seconds{6})) << "closed already";
    auto all = s.leads(10, 10);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, b) << "open first";
    EXPECT_EQ(all[1].closed_by, "li");
    EXPECT_EQ(s.lead_by_id(a)->name, "张三");

    EXPECT_EQ(s.seed_canned_replies({{0, "男科", "", "问候", "您好", "", t0}, {0, "男科", "", "再见", "再见", "", t0}}, t0),
              2);
    EXPECT_EQ(s.seed_canned_replies({{0, "男科", "", "问候", "您好", "", t0}}, t0), 0) << "seeded once";
    auto own = s.add_canned_reply({0, "", "li", "地址", "医院地址是……", "li", t0});
    EXPECT_EQ(s.count_canned_replies("男科", ""), 2);
    EXPECT_EQ(s.canned_replies({"男科"}, "li").size(), 3u);
    EXPECT_TRUE(s.update_canned_reply(own, "地址", "新地址", "li", t0 + seconds{1}));
    EXPECT_EQ(s.canned_reply_by_id(own)->text, "新地址");
    EXPECT_TRUE(s.delete_canned_reply(own));
    EXPECT_FALSE(s.delete_canned_reply(own));
    EXPECT_THROW(s.add_canned_reply({0, "男科", "li", "x", "y", "li", t0}), store_error) << "both owner and department";

    EXPECT_EQ(s.import_keyword_spend({{"前列腺", "2026-11-22", 10, 50.0}, {"前列腺", "2026-11-22", 12, 60.0}}), 2u);
    EXPECT_EQ(sql_value(uri, "SELECT clicks FROM keyword_spend"), "12") << "a day is replaced";
}

TEST(pg_store, sql_injection_payloads_are_just_text) {
    PG_DATABASE_OR_SKIP(uri);
    pg_store s(uri);
    std::string evil = "x'); DROP TABLE messages; --";
    ASSERT_TRUE(submit_and_wait(s, open_conversation{evil, evil, evil, t0, {}}));
    ASSERT_TRUE(submit_and_wait(s, append_message{evil, {1, sender::visitor, "", evil, t0, evil}}));
    auto c = s.conversation(evil);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->messages.at(0).text, evil);
}
