#include "store/pg_store.hpp"
#include "auth/password.hpp"
#include "core/analysis/finding_steps.hpp"
#include "store/commit_pacer.hpp"
#include "store/finding_row.hpp"
#include "store/pg.hpp"
#include "store/pg_reading.hpp"
#include "store/pg_schema.hpp"
#include "store/pg_writes.hpp"

#include <cstdio>
#include <future>

namespace lingting {
namespace {

// The failure report's name for each kind of store_write, in the variant's order.
constexpr std::string_view write_kinds[] = {"open_conversation", "assign_conversation", "append_message",
                                            "end_conversation",  "rate_conversation",   "record_finding"};
static_assert(std::size(write_kinds) == std::variant_size_v<store_write>);

std::string_view conversation_of(const store_write& w) {
    return std::visit(
        [](auto& x) -> std::string_view {
            if constexpr (requires { x.conversation; }) return x.conversation;
            else return x.id;
        },
        w);
}

void report_to_stderr(const store_failure& f) {
    std::fprintf(stderr, "lingting: store write failed: kind=%.*s writes=%zu cause=%.*s\n",
                 static_cast<int>(f.kind.size()), f.kind.data(), f.writes, static_cast<int>(f.cause.size()),
                 f.cause.data());
}

// Every session: a commit answers only once its WAL is on disk, whatever the server's default.
constexpr std::string_view session_setup = "SET synchronous_commit = on";

// Serialises migrations of several Lingting processes starting on one database at once.
constexpr std::string_view migration_lock = "SELECT pg_advisory_xact_lock(7316022648)";

}  // namespace

pg_store::pg_store(const std::string& uri, pg_store_options options, store_failure_sink on_failure)
    : uri_(uri), options_(options),
      on_failure_(on_failure ? std::move(on_failure) : store_failure_sink(report_to_stderr)),
      writer_backoff_(options.reconnect_min), reader_backoff_(options.reconnect_min) {
    writer_db_ = std::make_unique<pg::connection>(uri_);
    writer_db_->exec(session_setup);
    migrate(*writer_db_);
    writer_ = std::thread([this] { writer_loop(); });
}

pg_store::~pg_store() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_.join();
}

void pg_store::migrate(const pg::connection& c) {
    auto all = pg_schema::migrations();
    c.exec("BEGIN");
    try {
        c.query(std::string(migration_lock));
        c.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        auto v = c.query("SELECT version FROM schema_version");
        int version = v.rows() ? static_cast<int>(v.integer(0, 0)) : 0;
        if (!v.rows()) c.exec("INSERT INTO schema_version(version) VALUES (0)");
        if (version > static_cast<int>(all.size()))
            throw store_error("database schema version " + std::to_string(version) +
                              " is newer than this server knows (" + std::to_string(all.size()) + ")");
        // DDL is transactional in PostgreSQL: the whole climb commits, or none of it.
        for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) {
            c.exec(all[i]);
            c.query("UPDATE schema_version SET version = $1", pg::params().add(static_cast<std::int64_t>(i + 1)));
        }
        c.exec("COMMIT");
    } catch (...) {
        try {
            c.exec("ROLLBACK");
        } catch (const pg::error&) {
        }
        throw;
    }
}

int pg_store::schema_version() {
    return read([](const pg::connection& c) {
        auto r = c.query("SELECT version FROM schema_version");
        return r.rows() ? static_cast<int>(r.integer(0, 0)) : 0;
    });
}

const pg::connection& pg_store::reader_connection() {
    if (reader_db_ && !reader_db_->ok()) reader_db_.reset();
    if (!reader_db_) {
        auto now = std::chrono::steady_clock::now();
        if (now < reader_retry_at_ && writer_connects_.load() == reader_failed_at_connects_)
            throw pg::error("08006", true, "no connection to PostgreSQL");
        try {
            auto c = std::make_unique<pg::connection>(uri_);
            c->exec(session_setup);
            reader_db_ = std::move(c);
            reader_backoff_ = options_.reconnect_min;
        } catch (const pg::error&) {
            // Reads while the server is away fail at once, not after a connect attempt each.
            reader_retry_at_ = now + reader_backoff_;
            reader_backoff_ = std::min(reader_backoff_ * 2, options_.reconnect_max);
            reader_failed_at_connects_ = writer_connects_.load();
            throw;
        }
    }
    return *reader_db_;
}

void pg_store::enqueue(job j) {
    {
        std::lock_guard lock(queue_mutex_);
        queue_.push_back(std::move(j));
    }
    queue_cv_.notify_one();
}

void pg_store::submit(store_write w, std::function<void(bool)> done) {
    auto kind = write_kinds[w.index()];
    enqueue({std::move(w), kind, std::move(done)});
}

void pg_store::flush() {
    auto p = std::make_shared<std::promise<void>>();
    auto f = p->get_future();
    enqueue({std::monostate{}, "flush", [p](bool) { p->set_value(); }});
    f.wait();
}

void pg_store::write_and_wait(std::string_view kind, direct_write fn) {
    if (std::this_thread::get_id() == writer_.get_id())
        throw std::logic_error("a blocking store write from a completion would wait for itself");
    auto p = std::make_shared<std::promise<bool>>();
    auto f = p->get_future();
    std::string cause;  // written by the writer before it sets the promise
    enqueue({std::move(fn), kind, [p](bool ok) { p->set_value(ok); }, &cause});
    if (!f.get()) throw store_error(std::string(kind) + ": " + (cause.empty() ? "the commit failed" : cause));
}

std::size_t pg_store::queue_depth() const {
    std::lock_guard lock(queue_mutex_);
    return queue_.size();
}

void pg_store::report(std::string_view kind, std::string_view cause, std::size_t writes,
                      std::string_view conversation) {
    try {
        on_failure_({kind, cause, writes, conversation});
    } catch (...) {
        // A failing log sink must not take the writer thread (and so the process) with it.
    }
}

bool pg_store::reconnect_writer() {
    if (writer_db_) return true;
    auto now = std::chrono::steady_clock::now();
    if (now < writer_retry_at_) return false;
    try {
        auto c = std::make_unique<pg::connection>(uri_);
        c->exec(session_setup);
        writer_db_ = std::move(c);
        writer_backoff_ = options_.reconnect_min;
        ++writer_connects_;
        healthy_ = true;
        return true;
    } catch (const pg::error&) {
        writer_retry_at_ = now + writer_backoff_;
        writer_backoff_ = std::min(writer_backoff_ * 2, options_.reconnect_max);
        return false;
    }
}

void pg_store::lose_writer() {
    writer_db_.reset();
    healthy_ = false;
    writer_retry_at_ = std::chrono::steady_clock::now();  // the first try at once, then backoff
}

void pg_store::writer_loop() {
    std::vector<job> batch;
    commit_pacer pacer(options_.commit_delay, options_.commit_interval, static_cast<std::size_t>(options_.max_batch));
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            auto wake = [&] { return stopping_ || !queue_.empty(); };
            if (writer_db_) {
                queue_cv_.wait(lock, wake);
            } else if (!queue_cv_.wait_until(lock, writer_retry_at_, wake)) {
                // Nothing to write, but readiness should come back once the server does.
                lock.unlock();
                reconnect_writer();
                continue;
            }
            if (queue_.empty()) return;  // stopping, and everything written
            pacer.wait_for_more(lock, queue_.size(), stopping_);
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            pacer.starting();
        }
        auto started = std::chrono::steady_clock::now();
        bool fault = false;
        bool committed = false;
        if (reconnect_writer()) {
            committed = commit_batch(batch, fault);
        } else {
            // No server: the writes fail now rather than wait for one (the network answers
            // `unavailable`); a flush barrier alone is nothing to fail.
            bool writes = false;
            for (auto& j : batch) writes |= !std::holds_alternative<std::monostate>(j.work);
            if (writes) fail_all(batch, "no connection to PostgreSQL", fault);
            else committed = true;
        }
        commit_latency_.observe(std::chrono::steady_clock::now() - started);
        healthy_ = writer_db_ && committed && !fault;
        for (auto& j : batch) {
            if (!j.done) continue;
            try {
                j.done(committed && !j.failed);
            } catch (const std::exception& e) {
                // A completion's exception would end the writer thread, and with it the process.
                report("completion", e.what(), 1);
            }
        }
        batch.clear();
    }
}

bool pg_store::commit_batch(std::vector<job>& batch, bool& fault) {
    // Optimistic first: the batch as one plain transaction in one round trip. Only if a write in
    // it fails is it rolled back and done again with a savepoint per write, so that the failing
    // write fails alone (a round trip per write: paid only by a batch that needs it).
    auto first = attempt_plain(batch, fault);
    if (first != batch_outcome::write_failed) return first == batch_outcome::committed;
    if (!writer_db_) return false;
    return attempt_isolated(batch, fault) == batch_outcome::committed;
}

pg_store::batch_outcome pg_store::fail_all(std::vector<job>& batch, std::string_view cause, bool& fault) {
    fault = true;
    std::size_t writes = 0;
    const job* only = nullptr;
    for (auto& j : batch)
        if (!std::holds_alternative<std::monostate>(j.work)) {
            ++writes;
            only = &j;
        }
    // A batch of one write is reported as that write; a larger one as the commit.
    if (writes == 1) {
        auto* w = std::get_if<store_write>(&only->work);
        report(only->kind, cause, 1, w ? conversation_of(*w) : std::string_view());
    } else if (writes > 1) {
        report("commit", cause, writes);
    }
    for (auto& j : batch)
        if (j.cause) *j.cause = cause;
    return batch_outcome::failed;
}

pg_store::batch_outcome pg_store::attempt_plain(std::vector<job>& batch, bool& fault) {
    const auto& db = *writer_db_;
    auto roll_back = [&] {
        try {
            db.exec("ROLLBACK");
        } catch (const pg::error&) {
        }
    };
    std::vector<pg::statement> pending{{"BEGIN", {}}};
    std::optional<pg::error> failure;
    try {
        for (auto& j : batch) {
            if (auto* w = std::get_if<store_write>(&j.work)) {
                pg_writes::statements_for(*w, pending);
            } else if (auto* direct = std::get_if<direct_write>(&j.work)) {
                // A write that reads its own answer: what is pending goes first, then it runs.
                if (pg::run_pipeline(db, pending, failure) >= 0) {
                    roll_back();
                    return batch_outcome::write_failed;
                }
                pending.clear();
                try {
                    (*direct)(db);
                } catch (const pg::error& e) {
                    if (e.connection_lost) throw;
                    roll_back();
                    return batch_outcome::write_failed;
                } catch (const std::exception&) {
                    roll_back();
                    return batch_outcome::write_failed;
                }
            }
        }
        pending.push_back({"COMMIT", {}});
        int failed_at = pg::run_pipeline(db, pending, failure);
        if (failed_at < 0) return batch_outcome::committed;
        roll_back();
        // The COMMIT itself failing is the database's doing, not one write's.
        if (failed_at == static_cast<int>(pending.size()) - 1) return fail_all(batch, failure->what(), fault);
        return batch_outcome::write_failed;
    } catch (const pg::error& e) {
        // The connection is gone (or libpq could not send): nothing of the batch is known to
        // be durable, so none of it is acknowledged.
        if (e.connection_lost || !db.ok()) lose_writer();
        else roll_back();
        return fail_all(batch, e.what(), fault);
    }
}

pg_store::batch_outcome pg_store::attempt_isolated(std::vector<job>& batch, bool& fault) {
    const auto& db = *writer_db_;
    std::optional<pg::error> failure;
    auto fail_one = [&](job& j, const std::string& cause, bool about_the_data) {
        if (!about_the_data) fault = true;
        j.failed = true;
        if (j.cause) *j.cause = cause;
        auto* w = std::get_if<store_write>(&j.work);
        report(j.kind, cause, 1, w ? conversation_of(*w) : std::string_view());
        // The transaction is in error until it returns to the savepoint.
        db.exec("ROLLBACK TO SAVEPOINT w; RELEASE SAVEPOINT w");
    };
    try {
        db.exec("BEGIN");
        for (auto& j : batch) {
            if (auto* w = std::get_if<store_write>(&j.work)) {
                std::vector<pg::statement> one{{"SAVEPOINT w", {}}};
                pg_writes::statements_for(*w, one);
                one.push_back({"RELEASE SAVEPOINT w", {}});
                if (pg::run_pipeline(db, one, failure) >= 0) fail_one(j, failure->what(), failure->about_the_data());
            } else if (auto* direct = std::get_if<direct_write>(&j.work)) {
                db.exec("SAVEPOINT w");
                try {
                    (*direct)(db);
                    db.exec("RELEASE SAVEPOINT w");
                } catch (const pg::error& e) {
                    if (e.connection_lost) throw;
                    fail_one(j, e.what(), e.about_the_data());
                } catch (const std::exception& e) {
                    fail_one(j, e.what(), true);
                }
            }
        }
        db.exec("COMMIT");
        return batch_outcome::committed;
    } catch (const pg::error& e) {
        if (e.connection_lost || !db.ok()) {
            lose_writer();
        } else {
            try {
                db.exec("ROLLBACK");
            } catch (const pg::error&) {
            }
        }
        return fail_all(batch, e.what(), fault);
    }
}

// ---- reads ---------------------------------------------------------------------------

std::optional<stored_conversation> pg_store::conversation(const std::string& id) {
    return read([&](const pg::connection& db) -> std::optional<stored_conversation> {
        // One snapshot for the row, its messages and findings.
        db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        struct end_read {
            const pg::connection& db;
            ~end_read() {
                try {
                    db.exec("COMMIT");
                } catch (const pg::error&) {
                }
            }
        } finish{db};
        auto q = db.query("SELECT id, department, consultant, started_at, ended_at, ending, satisfied, "
                          "rating_comment FROM conversations WHERE id=$1",
                          pg::params().add(id));
        if (!q.rows()) return std::nullopt;
        stored_conversation c;
        c.id = q.text(0, 0);
        c.department = q.text(0, 1);
        c.consultant = q.text(0, 2);
        c.started = from_epoch_ms(q.integer(0, 3));
        if (!q.is_null(0, 4)) c.ended_at = from_epoch_ms(q.integer(0, 4));
        if (!q.is_null(0, 5)) c.how = parse_ending(q.text(0, 5));
        if (!q.is_null(0, 6)) c.satisfied = q.boolean(0, 6);
        c.rating_comment = q.text(0, 7);
        c.visit = pg_writes::load_visit(db, id);
        auto m = db.query("SELECT seq, sender, author, text, at, client_id FROM messages "
                          "WHERE conversation=$1 ORDER BY seq",
                          pg::params().add(id));
        for (int i = 0; i < m.rows(); ++i) {
            message msg;
            msg.seq = static_cast<std::uint64_t>(m.integer(i, 0));
            msg.from = parse_sender(m.text(i, 1));
            msg.author = m.text(i, 2);
            msg.text = m.text(i, 3);
            msg.at = from_epoch_ms(m.integer(i, 4));
            msg.client_id = m.text(i, 5);
            c.messages.push_back(std::move(msg));
        }
        auto fq = db.query(
            "SELECT " LINGTING_FINDING_SELECT ", COALESCE(v.verdict, ''), COALESCE(v.note, '') FROM findings f "
            "LEFT JOIN LATERAL (SELECT verdict, note FROM finding_verdicts v WHERE v.finding = f.id "
            "ORDER BY v.id DESC LIMIT 1) v ON TRUE WHERE f.conversation=$1 ORDER BY f.at, f.id",
            pg::params().add(id));
        for (int i = 0; i < fq.rows(); ++i) {
            auto row = fq.row(i);
            finding f = read_finding(row);
            f.verdict = row.text(finding_select_columns);
            f.verdict_note = row.text(finding_select_columns + 1);
            c.findings.push_back(std::move(f));
        }
        auto vq = db.query("SELECT verdict, note, \"by\" FROM conversation_verdicts WHERE conversation=$1 "
                           "ORDER BY id DESC LIMIT 1",
                           pg::params().add(id));
        if (vq.rows()) {
            c.verdict = vq.text(0, 0);
            c.verdict_note = vq.text(0, 1);
            c.verdict_by = vq.text(0, 2);
        }
        return c;
    });
}

std::optional<std::string> pg_store::conversation_by_resume_token(const std::string& token) {
    auto hash = crypto::sha256_hex(token);
    return read([&](const pg::connection& db) -> std::optional<std::string> {
        auto q = db.query("SELECT id FROM conversations WHERE resume_hash=$1", pg::params().add(hash));
        if (!q.rows()) return std::nullopt;
        return q.text(0, 0);
    });
}

int pg_store::end_open_conversations(time_point at) {
    int ended = 0;
    write_and_wait("end_open_conversations", [&](const pg::connection& d) {
        ended = d.query("UPDATE conversations SET ended_at=$1, ending='system' WHERE ended_at IS NULL",
                        pg::params().add(to_epoch_ms(at)))
                    .affected();
    });
    return ended;
}

}  // namespace lingting
