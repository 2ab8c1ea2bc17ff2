// message_store on one SQLite file in WAL mode. One writer thread applies every write in
// order, many to a transaction (group commit), then runs their completions. One bad write fails
// only itself: a batch in which a write failed is redone with a savepoint per write. Reads use their own connection, so they
// never wait behind a commit.
#pragma once

#include "core/message_store.hpp"
#include "store/store_options.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <variant>

namespace lingting {

namespace sqlite { class db; }
class wal_checkpointer;
class wal_file_watch;
class sqlite_search_index;

class sqlite_store final : public message_store {
public:
    // Opens (creating if needed) and migrates; throws on failure. `on_failure` hears of every
    // failed write and commit (default: one line on stderr).
    sqlite_store(const std::string& path, store_options options = {}, store_failure_sink on_failure = {});
    ~sqlite_store() override;

    void submit(store_write w, std::function<void(bool ok)> done) override;
    // One call of the outcome listener per group commit, with every ticketed write of it.
    void submit_ticketed(store_write w, commit_ticket t) override;
    void flush() override;
    bool healthy() const override { return healthy_; }
    std::size_t queue_depth() const override;
    const latency_histogram* commit_histogram() const override { return &commit_latency_; }
    int schema_version();

    std::optional<stored_conversation> conversation(const std::string& id) override;
    std::optional<std::string> conversation_by_resume_token(const std::string& token) override;
    int end_open_conversations(time_point at) override;

    qa_page list_ended(const qa_filter& f, const std::string& cursor, int limit) override;
    std::vector<recent_alert> recent_alerts(std::int64_t since_ms, int limit) override;
    day_stats stats(std::int64_t from_ms, std::int64_t to_ms) override;
    bool add_finding_verdict(std::int64_t finding, const std::string& verdict, const std::string& note,
                             const std::string& by, time_point at) override;
    bool add_conversation_verdict(const std::string& conversation, const std::string& verdict,
                                  const std::string& note, const std::string& by, time_point at) override;

    std::vector<scorecard> scorecards(report_group g, std::int64_t from_ms, std::int64_t to_ms,
                                      int tz_minutes) override;
    std::vector<stored_for_reanalysis> ended_for_reanalysis(std::int64_t from_ms, std::int64_t to_ms,
                                                            const std::string& after, int limit) override;
    int replace_findings(const std::string& conversation, const std::vector<finding>& fresh, ending how) override;
    int purge_text(std::int64_t before_ms) override;
    std::vector<rule_standing> rule_standings(int examples) override;
    void review_rule(const std::string& kind, const std::string& rule, const std::string& by, time_point at) override;

    bool add_staff(const staff_record& s) override;
    // Adds all of them in one write (bulk onboarding); names that exist are skipped.
    // Returns how many were added; throws store_error if it could not commit.
    std::size_t add_staff_many(const std::vector<staff_record>& all) override;
    std::optional<staff_record> staff(const std::string& name) override;
    std::vector<staff_record> all_staff() override;
    bool set_staff_disabled(const std::string& name, bool disabled) override;

    void put_token(const std::string& token, const std::string& name, time_point expires) override;
    std::optional<std::string> token_user(const std::string& token, time_point now) override;
    void revoke_token(const std::string& token) override;
    std::optional<time_point> token_expiry(const std::string& token, time_point now) override;
    std::vector<std::string> disabled_staff() override;

    std::int64_t add_lead(const lead& l) override;
    std::vector<lead> leads(int open_limit, int closed_limit) override;
    std::optional<lead> lead_by_id(std::int64_t id) override;
    bool close_lead(std::int64_t id, const std::string& by, time_point at) override;
    std::vector<canned_reply> canned_replies(const std::vector<std::string>& departments,
                                             const std::string& owner) override;
    std::optional<canned_reply> canned_reply_by_id(std::int64_t id) override;
    int count_canned_replies(const std::string& department, const std::string& owner) override;
    std::int64_t add_canned_reply(const canned_reply& r) override;
    bool update_canned_reply(std::int64_t id, const std::string& title, const std::string& text,
                             const std::string& by, time_point at) override;
    bool delete_canned_reply(std::int64_t id) override;
    int seed_canned_replies(const std::vector<canned_reply>& defaults, time_point at) override;
    std::vector<past_conversation> browser_history(const std::string& browser, const std::string& except,
                                                   int limit) override;
    std::vector<keyword_report_row> keyword_report(const keyword_report_query& q) override;
    std::size_t import_keyword_spend(const std::vector<keyword_spend_row>& rows) override;

private:
    // A write that answers (tokens, staff, verdicts, re-analysis, retention): runs on the
    // writer's connection inside the group commit and hands its answer back through what it
    // captured; its caller waits for the commit. It may run twice (a batch in which some write
    // failed is done again, isolated), so it sets its answer afresh, never adds to it.
    using direct_write = std::function<void(const sqlite::db&)>;
    struct job {
        std::variant<std::monostate, store_write, direct_write> work;  // monostate: a flush barrier
        std::string_view kind;         // for the failure report
        std::function<void(bool)> done;
        std::string* cause = nullptr;  // receives the failure's cause before done(false)
        bool failed = false;           // this write alone failed (its savepoint rolled back)
        std::optional<commit_ticket> ticket{};  // its outcome goes to the outcome listener
    };
    struct writer_statements;

    // The read connection (the writer's for :memory:) with its lock held for the caller's scope.
    struct reading {
        std::unique_lock<std::mutex> lock;
        const sqlite::db& db;
    };
    reading read();

    void migrate();
    void enqueue(job j);
    // Queues `fn` on the writer and waits for its commit; throws store_error if it failed.
    void write_and_wait(std::string_view kind, direct_write fn);
    void writer_loop();
    // One transaction for the batch; false if it failed as a whole (nothing of it is durable).
    // `fault`: something went wrong with the database, not only with one write's data.
    bool commit_batch(writer_statements& st, std::vector<job>& batch, bool& fault);
    enum class batch_outcome { committed, write_failed, failed };
    // One try at the batch: plain (a failing write stops it: write_failed, all rolled back) or
    // `isolate`d (a savepoint per write; a failing write is marked and reported).
    batch_outcome attempt(writer_statements& st, std::vector<job>& batch, bool isolate, bool& fault);
    void apply(writer_statements& st, const job& j);
    // QA's search index for ended conversations, a batch at a time (sqlite_search_index.hpp):
    // `committed` ends were just made durable; `recount` after writes that may have ended some
    // without saying (direct writes).
    void note_ended(sqlite_search_index& search, std::int64_t committed, bool recount);
    void index_search(sqlite_search_index& search);
    void report(std::string_view kind, std::string_view cause, std::size_t writes, std::string_view conversation = {});

    store_options options_;
    store_failure_sink on_failure_;
    std::unique_ptr<sqlite::db> writer_db_;
    std::unique_ptr<sqlite::db> reader_db_;
    std::unique_ptr<wal_checkpointer> checkpointer_;  // after writer_db_: unhooked before it closes
    std::unique_ptr<wal_file_watch> wal_watch_;       // null for :memory:; writer thread only
    bool wal_saved_ = false;  // the WAL found gone was checkpointed into the database file
    std::mutex reader_mutex_;  // the read connection is used by one thread at a time

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::atomic<bool> healthy_{true};
    latency_histogram commit_latency_;
    // Writer thread only: ended conversations queued for the search index (at least this many),
    // since when the oldest waits, and when a failed batch may be tried again.
    std::int64_t search_waiting_ = 0;
    int ended_in_attempt_ = 0;  // ends that changed a row in the current attempt
    // Writer thread only: conversations opened by this process and not ended since. A message appended
    // to one of them (every message the relay writes) needs no index check; any other message may be a
    // line after an end, and is indexed if its conversation has ended and left the queue (late_line).
    // Cleared when a direct write ends conversations (end_open_conversations).
    std::unordered_set<std::string> open_here_;
    std::chrono::steady_clock::time_point search_since_{}, search_retry_at_{};
    std::thread writer_;
};

}  // namespace lingting
