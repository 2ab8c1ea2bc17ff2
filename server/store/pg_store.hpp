// message_store on PostgreSQL through libpq. Like the SQLite store: one writer thread applies
// every write in submission order, many to a transaction (group commit: the batch's statements
// go in one pipelined round trip, COMMIT included), then runs their completions, which so
// never run before the commit answered (synchronous_commit=on: the WAL is flushed). One bad
// write fails only itself: a batch in which a write failed is redone with a savepoint per
// write. Reads use their own connection, so they never wait behind a commit.
//
// Losing the server (killed, restarted, network) fails the writes of the batch and every write
// while it is away (done(false), never a false ack), makes healthy() false, and reads throw
// store_error; the writer reconnects by itself with backoff and readiness comes back.
#pragma once

#include "core/message_store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

namespace lingting {

namespace pg { class connection; }

struct pg_store_options {
    int max_batch = 512;
    // Group-commit pacing, as store_options::commit_delay and commit_interval for SQLite.
    std::chrono::microseconds commit_delay{0};
    std::chrono::microseconds commit_interval{0};
    // Between two tries to reach a lost server: from the first, doubling up to the second.
    std::chrono::milliseconds reconnect_min{50}, reconnect_max{2000};
};

class pg_store final : public message_store {
public:
    // `uri`: any libpq connection URI or string (postgresql:///lingting?host=/run/postgresql).
    // Connects and migrates; throws store_error if the server cannot be reached or migrated.
    // `on_failure` hears of every failed write and commit (default: one line on stderr).
    explicit pg_store(const std::string& uri, pg_store_options options = {}, store_failure_sink on_failure = {});
    ~pg_store() override;

    void submit(store_write w, std::function<void(bool ok)> done) override;
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
    // Adds all of them in one write; names that exist are skipped. Returns how many were added.
    std::size_t add_staff_many(const std::vector<staff_record>& all);
    std::optional<staff_record> staff(const std::string& name) override;
    std::vector<staff_record> all_staff() override;
    bool set_staff_disabled(const std::string& name, bool disabled) override;

    void put_token(const std::string& token, const std::string& name, time_point expires) override;
    std::optional<std::string> token_user(const std::string& token, time_point now) override;
    void revoke_token(const std::string& token) override;
    std::optional<time_point> token_expiry(const std::string& token, time_point now) override;
    std::vector<std::string> disabled_staff() override;
    std::vector<std::string> live_tokens(const std::vector<std::string>& tokens, time_point now) override;

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
    // A write that answers (tokens, staff, verdicts...): runs on the writer's connection inside
    // the group commit and hands its answer back through what it captured; its caller waits for
    // the commit. It may run twice (a batch in which some write failed is done again,
    // isolated), so it sets its answer afresh, never adds to it.
    using direct_write = std::function<void(const pg::connection&)>;
    struct job {
        std::variant<std::monostate, store_write, direct_write> work;  // monostate: a flush barrier
        std::string_view kind;         // for the failure report
        std::function<void(bool)> done;
        std::string* cause = nullptr;  // receives the failure's cause before done(false)
        bool failed = false;           // this write alone failed (its savepoint rolled back)
    };
    enum class batch_outcome { committed, write_failed, failed };

    // Runs `f` with the read connection (connecting first if needed). A connection found lost
    // is replaced and `f` tried once more (reads change nothing, so a retry is harmless).
    template <class F> auto read(F&& f) -> decltype(f(std::declval<const pg::connection&>()));
    const pg::connection& reader_connection();  // with reader_mutex_ held

    void migrate(const pg::connection& c);
    void enqueue(job j);
    // Queues `fn` on the writer and waits for its commit; throws store_error if it failed.
    void write_and_wait(std::string_view kind, direct_write fn);
    void writer_loop();
    // Connects the writer if it has no connection and the backoff allows; true if connected.
    bool reconnect_writer();
    void lose_writer();
    bool commit_batch(std::vector<job>& batch, bool& fault);
    batch_outcome attempt_plain(std::vector<job>& batch, bool& fault);
    batch_outcome attempt_isolated(std::vector<job>& batch, bool& fault);
    batch_outcome fail_all(std::vector<job>& batch, std::string_view cause, bool& fault);
    void report(std::string_view kind, std::string_view cause, std::size_t writes, std::string_view conversation = {});

    std::string uri_;
    pg_store_options options_;
    store_failure_sink on_failure_;

    std::unique_ptr<pg::connection> writer_db_;  // the writer thread's alone after construction
    std::chrono::steady_clock::time_point writer_retry_at_{};
    std::chrono::milliseconds writer_backoff_{};

    std::mutex reader_mutex_;  // the read connection is used by one thread at a time
    std::unique_ptr<pg::connection> reader_db_;
    std::chrono::steady_clock::time_point reader_retry_at_{};
    std::chrono::milliseconds reader_backoff_{};
    // The writer's successful reconnections: a reader waiting out its backoff tries again at once
    // when the writer has found the server back since the reader's last failure.
    std::atomic<std::uint64_t> writer_connects_{0};
    std::uint64_t reader_failed_at_connects_ = 0;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::atomic<bool> healthy_{true};
    latency_histogram commit_latency_;
    std::thread writer_;
};

}  // namespace lingting
