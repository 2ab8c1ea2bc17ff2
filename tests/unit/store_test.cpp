// What only the SQLite store does: its schema version, another process holding the file's write
// lock, the commit window. The contract every backend keeps is in tests/conformance/.
#include "auth/password.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

std::string temp_db() { return lingting::testing::temp_database(); }

bool submit_and_wait(sqlite_store& s, store_write w) {
    std::promise<bool> p;
    s.submit(std::move(w), [&](bool ok) { p.set_value(ok); });
    return p.get_future().get();
}

}  // namespace

TEST(store, a_new_database_is_at_the_newest_schema_version_and_stays_there) {
    auto path = temp_db();
    {
        sqlite_store s(path);
        EXPECT_EQ(s.schema_version(), static_cast<int>(schema::migrations().size()));
    }
    sqlite_store again(path);
    EXPECT_EQ(again.schema_version(), static_cast<int>(schema::migrations().size()));
}

namespace {

// Failure reports as text, for the tests to look at.
struct captured_failures {
    std::mutex m;
    std::vector<std::string> lines;
    store_failure_sink sink() {
        return [this](const store_failure& f) {
            std::lock_guard l(m);
            lines.push_back(std::string(f.kind) + "|" + std::to_string(f.writes) + "|" +
                            std::string(f.conversation) + "|" + std::string(f.cause));
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
    explicit writer_gate(sqlite_store& s) {
        s.submit(assign_conversation{"nobody", ""}, [this](bool) {
            held.set_value();
            released.wait();
        });
        held.get_future().wait();
    }
    void open() { release.set_value(); }
};

}  // namespace

namespace {

// Another connection (as another process would) holding the write lock until destroyed.
struct write_lock_elsewhere {
    sqlite3* db = nullptr;
    explicit write_lock_elsewhere(const std::string& path) {
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
        EXPECT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    }
    ~write_lock_elsewhere() {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
};

}  // namespace

TEST(store, token_staff_verdict_reanalysis_and_purge_writes_go_through_the_writer) {
    auto path = temp_db();
    captured_failures failures;
    sqlite_store s(path, {true, 512, /*busy_timeout_ms=*/100, {}}, failures.sink());
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "x"}));
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t", t0, {}}));
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::visitor, t0}));

    // They queue behind the writer: a token write cannot finish while the writer is busy.
    {
        writer_gate gate(s);
        auto token = std::async(std::launch::async, [&] { s.put_token("tok", "li", t0 + seconds{60}); });
        EXPECT_EQ(token.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout)
            << "put_token wrote beside the writer";
        gate.open();
        token.get();
        EXPECT_EQ(s.token_user("tok", t0), "li");
    }

    // While another process holds the write lock past the busy timeout, each fails cleanly with
    // store_error, the writer reports it under the write's kind, and readiness goes.
    {
        write_lock_elsewhere lock(path);
        EXPECT_THROW(s.put_token("tok2", "li", t0 + seconds{60}), store_error);
        EXPECT_FALSE(s.healthy());
        EXPECT_THROW(s.revoke_token("tok"), store_error);
        EXPECT_THROW(s.add_staff({"wang", role::consultant, {}, false, "x"}), store_error);
        EXPECT_THROW(s.add_staff_many({{"zhao", role::qa, {}, false, "x"}}), store_error);
        EXPECT_THROW(s.set_staff_disabled("li", true), store_error);
        EXPECT_THROW(s.add_conversation_verdict("c1", "pass", "", "qa1", t0), store_error);
        EXPECT_THROW(s.add_finding_verdict(1, "confirmed", "", "qa1", t0), store_error);
        EXPECT_THROW(s.replace_findings("c1", {}, ending::visitor), store_error);
        EXPECT_THROW(s.purge_text(to_epoch_ms(t0 + seconds{1})), store_error);
        EXPECT_THROW(s.end_open_conversations(t0), store_error);
    }
    std::vector<std::string> kinds;
    for (auto& l : failures.all()) {
        kinds.push_back(l.substr(0, l.find('|')));
        EXPECT_NE(l.find("locked"), std::string::npos) << l;
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"put_token", "revoke_token", "add_staff", "add_staff",
                                               "disable_staff", "conversation_verdict", "finding_verdict",
                                               "replace_findings", "purge_text", "end_open_conversations"}));

    // The lock gone, the same writes work and readiness comes back by itself.
    s.put_token("tok2", "li", t0 + seconds{60});
    EXPECT_TRUE(s.healthy());
    EXPECT_EQ(s.token_user("tok2", t0), "li");
    EXPECT_TRUE(s.add_conversation_verdict("c1", "pass", "", "qa1", t0));
    EXPECT_TRUE(s.set_staff_disabled("li", true));
    EXPECT_FALSE(s.token_user("tok2", t0)) << "disabling removed the tokens";
}

TEST(auth, password_hashes_are_salted_and_verified) {
    auto a = crypto::hash_password("pw123456", 1000), b = crypto::hash_password("pw123456", 1000);
    EXPECT_NE(a, b);
    EXPECT_TRUE(crypto::verify_password("pw123456", a));
    EXPECT_FALSE(crypto::verify_password("pw123457", a));
    EXPECT_FALSE(crypto::verify_password("pw123456", "garbage"));
    EXPECT_FALSE(crypto::verify_password("pw123456", "pbkdf2-sha256$1000$zz$zz"));
}

TEST(store, a_commit_delay_lets_writes_share_one_commit) {
    // Ten writes submitted together, well inside a generous window: one commit, all in order.
    sqlite_store s(temp_db(), {true, 512, 5000, std::chrono::milliseconds{300}});
    std::uint64_t before = s.commit_histogram()->count();
    s.submit(open_conversation{"c1", "", "t", t0, {}}, {});
    std::vector<int> done;
    std::mutex m;
    for (int i = 1; i <= 10; ++i)
        s.submit(append_message{"c1", {static_cast<std::uint64_t>(i), sender::visitor, "", "m", t0, ""}},
                 [&, i](bool ok) { std::lock_guard l(m); if (ok) done.push_back(i); });
    s.flush();
    EXPECT_EQ(s.commit_histogram()->count() - before, 1u);
    ASSERT_EQ(done.size(), 10u);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
}

namespace {

// One count read as another connection would: `sql` with its one parameter bound to `arg` if any.
int count_of(const std::string& path, const char* sql, const std::string& arg = {}) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
    if (!arg.empty()) sqlite3_bind_text(q, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    int n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

// Rows in QA's search index for a conversation.
int search_rows(const std::string& path, const std::string& conversation) {
    return count_of(path, "SELECT count(*) FROM messages_search WHERE conversation = ?", conversation);
}

// Ended conversations waiting in the queue for QA's search index.
int queued_for_search(const std::string& path) { return count_of(path, "SELECT count(*) FROM search_pending"); }

std::vector<std::string> searched(sqlite_store& s, const std::string& text) {
    qa_filter f;
    f.text = text;
    std::vector<std::string> ids;
    for (auto& r : s.list_ended(f, "", 50).rows) ids.push_back(r.id);
    return ids;
}

message said(std::uint64_t seq, std::string text) { return {seq, sender::visitor, "", std::move(text), t0, ""}; }

}  // namespace

// The index written `batch` ended conversations at a time; with a delay no test waits out.
store_options indexing_every(int batch) {
    store_options o;
    o.search_index_batch = batch;
    o.search_index_delay = std::chrono::hours{1};
    return o;
}

// QA searches ended conversations. An end queues its conversation for the index in its own commit;
// the writer indexes the queue a batch at a time, one document per conversation, after the commit
// that filled the batch. Until then the search reads the queued conversations' messages: an ended
// conversation is found from the moment its end is acknowledged, and a line after the end too.
TEST(store, qa_search_indexes_ended_conversations_in_batches_and_finds_them_meanwhile) {
    auto path = temp_db();
    {
        sqlite_store s(path, indexing_every(2));
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t1", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(1, "头疼能吃布洛芬吗")}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(2, "")}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(3, "布洛芬请遵医嘱服用")}));
        EXPECT_TRUE(searched(s, "布洛芬").empty()) << "open conversations are not QA's";

        ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::visitor, t0 + seconds{60}}));
        s.flush();
        EXPECT_EQ(search_rows(path, "c1"), 0) << "one end does not fill a batch of two";
        EXPECT_EQ(queued_for_search(path), 1);
        EXPECT_EQ(searched(s, "布洛芬"), std::vector<std::string>{"c1"}) << "queued, and found";
        EXPECT_EQ(searched(s, "遵医嘱"), std::vector<std::string>{"c1"});
        EXPECT_TRUE(searched(s, "吗布洛").empty()) << "never across two messages";
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(4, "复诊提醒已发送")}));
        EXPECT_EQ(searched(s, "复诊提醒"), std::vector<std::string>{"c1"});
        ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::consultant, t0 + seconds{90}}));
        EXPECT_EQ(queued_for_search(path), 1) << "a second end (refused) queues nothing";

        // Special characters of LIKE are the text's own; Latin letters in either case, as the index.
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c2", "", "t2", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c2", said(1, "HPV检测优惠50%_活动")}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c2", said(2, "检测前三天不要同房")}));
        EXPECT_TRUE(searched(s, "hpv检").empty());
        ASSERT_TRUE(submit_and_wait(s, end_conversation{"c2", ending::visitor, t0 + seconds{60}}));
        s.flush();  // the end filled the batch: indexed after its commit, before the flush returns
        EXPECT_EQ(queued_for_search(path), 0);
        EXPECT_EQ(search_rows(path, "c1"), 1) << "one document per conversation";
        EXPECT_EQ(search_rows(path, "c2"), 1);
        for (auto text : {"布洛芬", "遵医嘱", "复诊提醒", "提醒已发送"})
            EXPECT_EQ(searched(s, text), std::vector<std::string>{"c1"}) << text;
        EXPECT_TRUE(searched(s, "吗布洛").empty()) << "never across two messages";
        EXPECT_TRUE(searched(s, "活动检测").empty()) << "never across two messages";
        EXPECT_EQ(searched(s, "hpv检"), std::vector<std::string>{"c2"});
        EXPECT_EQ(searched(s, "50%_"), std::vector<std::string>{"c2"});

        // A line after the end of an indexed conversation is indexed as it comes.
        ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(5, "满意度回访已完成")}));
        EXPECT_EQ(search_rows(path, "c1"), 2);
        EXPECT_EQ(searched(s, "满意度回访"), std::vector<std::string>{"c1"});

        // Ended at start-up (the server went down with it open): queued the same way.
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c3", "", "t3", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c3", said(1, "阿莫西林过敏怎么办")}));
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c4", "", "t4", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c4", said(1, "50a_活动还有吗")}));
        EXPECT_TRUE(searched(s, "阿莫西林").empty());
        EXPECT_EQ(s.end_open_conversations(t0 + seconds{120}), 2);
        EXPECT_EQ(searched(s, "阿莫西林"), std::vector<std::string>{"c3"});
        EXPECT_EQ(searched(s, "50%_"), std::vector<std::string>{"c2"}) << "% and _ are not wildcards";
        // A line after that end, once indexed: a conversation this run opened, ended by the start-up's end
        // (not by an end write), is indexed as it comes too.
        s.flush();
        ASSERT_EQ(search_rows(path, "c3"), 1);
        ASSERT_TRUE(submit_and_wait(s, append_message{"c3", said(2, "停药后复查血常规")}));
        EXPECT_EQ(search_rows(path, "c3"), 2);
        EXPECT_EQ(searched(s, "复查血常规"), std::vector<std::string>{"c3"});
    }
    // Still queued when the server stopped: indexed by the next run.
    EXPECT_EQ(queued_for_search(path), 0) << "the two ends at start-up filled a batch";
    {
        sqlite_store s(path, indexing_every(2));
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c5", "", "t5", t0, {}}));
        ASSERT_TRUE(submit_and_wait(s, append_message{"c5", said(1, "智齿冠周炎")}));
        ASSERT_TRUE(submit_and_wait(s, end_conversation{"c5", ending::visitor, t0 + seconds{60}}));
    }
    EXPECT_EQ(queued_for_search(path), 1) << "one end does not fill a batch of two";
    {
        sqlite_store s(path, indexing_every(1));
        EXPECT_EQ(searched(s, "冠周炎"), std::vector<std::string>{"c5"});
        ASSERT_TRUE(submit_and_wait(s, open_conversation{"c6", "", "t6", t0, {}}));
        s.flush();
        EXPECT_EQ(queued_for_search(path), 0);
        EXPECT_EQ(search_rows(path, "c5"), 1);
        EXPECT_EQ(searched(s, "冠周炎"), std::vector<std::string>{"c5"});
    }
}

// With nothing else to do, the writer indexes what has waited `search-index-delay`, batch or not.
TEST(store, qa_search_indexes_a_lone_ended_conversation_once_it_has_waited) {
    auto path = temp_db();
    store_options o;
    o.search_index_batch = 1000;
    o.search_index_delay = std::chrono::milliseconds{0};
    sqlite_store s(path, o);
    ASSERT_TRUE(submit_and_wait(s, open_conversation{"c1", "", "t1", t0, {}}));
    ASSERT_TRUE(submit_and_wait(s, append_message{"c1", said(1, "根管治疗要几次")}));
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"c1", ending::visitor, t0 + seconds{60}}));
    // The writer indexes when idle; a flush barrier may come before that, so ask until it has
    // (bounded: it is done within milliseconds).
    for (int i = 0; i < 500 && queued_for_search(path) != 0; ++i) {
        s.flush();
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    EXPECT_EQ(queued_for_search(path), 0);
    EXPECT_EQ(search_rows(path, "c1"), 1);
    EXPECT_EQ(searched(s, "根管治疗"), std::vector<std::string>{"c1"});
}

// A database written when each message was indexed as it came: the migration keeps the rows of
// ended conversations and drops those of open ones, which their end writes again (once).
TEST(store, the_migration_to_indexing_at_the_end_leaves_each_message_indexed_once) {
    auto path = temp_db();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    const std::size_t before = 11;  // the last schema version that indexed each message as it came
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        auto exec = [&](const std::string& sql) {
            ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        };
        exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        for (std::size_t i = 0; i < before; ++i) exec(std::string(schema::migrations()[i]));
        exec("INSERT INTO meta VALUES('schema_version', '" + std::to_string(before) + "')");
        exec("INSERT INTO conversations(id, resume_hash, started_at, ended_at, ending) VALUES"
             "('done', 'h1', 0, 1000, 'visitor'), ('live', 'h2', 0, NULL, NULL)");
        exec("INSERT INTO messages(conversation, seq, sender, text, at) VALUES"
             "('done', 1, 'visitor', '种植牙多少钱', 0), ('live', 1, 'visitor', '智齿要拔吗', 0),"
             "('live', 2, 'visitor', '智齿发炎了', 0)");
        sqlite3_close(db);
    }
    EXPECT_EQ(search_rows(path, "live"), 2) << "the old schema indexed each message as it came";
    sqlite_store s(path, indexing_every(1));
    EXPECT_EQ(search_rows(path, "done"), 1);
    EXPECT_EQ(search_rows(path, "live"), 0);
    EXPECT_EQ(searched(s, "种植牙"), std::vector<std::string>{"done"});
    ASSERT_TRUE(submit_and_wait(s, end_conversation{"live", ending::visitor, t0}));
    s.flush();
    EXPECT_EQ(search_rows(path, "live"), 1) << "one document: its two messages";
    EXPECT_EQ(searched(s, "智齿"), std::vector<std::string>{"live"}) << "two characters: the scan";
    EXPECT_EQ(searched(s, "智齿发炎"), std::vector<std::string>{"live"});
}
