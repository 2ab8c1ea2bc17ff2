#include "store/sqlite_store.hpp"

#include "auth/password.hpp"
#include "core/analysis/finding_steps.hpp"
#include "store/coalescing_wal_vfs.hpp"
#include "store/commit_pacer.hpp"
#include "store/finding_columns.hpp"
#include "store/finding_row.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_keywords.hpp"
#include "store/sqlite_search_index.hpp"
#include "store/wal_checkpointer.hpp"
#include "store/wal_file_watch.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
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

// The database file removed or replaced under the running server (a clean-up script, an operator
// restoring a backup): SQLite goes on writing to the open, now nameless, file, and every commit
// would be acknowledged and then gone at the next start. One stat() per commit tells.
bool database_file_moved(sqlite3* db) {
    int moved = 0;
    return sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved != 0;
}

}  // namespace

// A stored severity as a number, to compare steps of one event (severity_rank in SQL).
#define SEVERITY_RANK_SQL "(CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END)"

// Prepared once on the writer thread, reused for every write and every batch.
struct sqlite_store::writer_statements {
    sqlite::stmt begin, commit, savepoint, release, rollback_to;
    sqlite::stmt open, assign, append, late_line, end, rate, finding, escalate, visit;
    explicit writer_statements(const sqlite::db& d)
        : begin(d, "BEGIN IMMEDIATE"), commit(d, "COMMIT"), savepoint(d, "SAVEPOINT w"),
          release(d, "RELEASE w"), rollback_to(d, "ROLLBACK TO w"),
          open(d, "INSERT INTO conversations(id, department, resume_hash, started_at) VALUES(?,?,?,?)"),
          assign(d, "UPDATE conversations SET consultant=? WHERE id=?"),
          append(d, "INSERT INTO messages(conversation, seq, sender, author, text, at, client_id) "
                    "VALUES(?,?,?,?,?,?,?)"),
          // A line after a conversation's end that its batch has already indexed (schema 14; before, a
          // trigger asked this of every message insert: ~5 % of the writer's CPU per message).
          late_line(d, "INSERT INTO messages_search(conversation, text) SELECT ?1, ?2 WHERE ?2 <> '' "
                       "AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = ?1 AND c.ended_at IS NOT NULL) "
                       "AND NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.conversation = ?1)"),
          end(d, "UPDATE conversations SET ended_at=?, ending=?, closed_by=?, had_intent=?, converted=? "
                 "WHERE id=? AND ended_at IS NULL"),
          rate(d, "UPDATE conversations SET satisfied=?, rating_comment=? WHERE id=?"),
          finding(d, "INSERT INTO findings(" LINGTING_FINDING_COLUMNS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          // A later step of one event updates that event's row (fold_step in SQL): the severity
          // never goes down and the rule follows the step that raised it; the length is the newest.
          escalate(d, "UPDATE findings SET "
                      "rule = CASE WHEN ?1 > " SEVERITY_RANK_SQL " THEN ?2 ELSE rule END, "
                      "severity = CASE WHEN ?1 > " SEVERITY_RANK_SQL " THEN ?3 ELSE severity END, "
                      "duration_ms = MAX(duration_ms, ?4) "
                      "WHERE id = (SELECT id FROM findings WHERE conversation = ?5 AND kind = ?6 AND seq = ?7 "
                      "ORDER BY id DESC LIMIT 1)"),
          visit(d, visit_insert_sql) {}
};

sqlite_store::sqlite_store(const std::string& path, store_options options, store_failure_sink on_failure)
    : options_(options), on_failure_(on_failure ? std::move(on_failure) : store_failure_sink(report_to_stderr)) {
    if (path != ":memory:") {
        auto dir = std::filesystem::path(path).parent_path();
        if (!dir.empty()) std::filesystem::create_directories(dir);
    }
    writer_db_ = std::make_unique<sqlite::db>(path, options_.busy_timeout_ms,
                                              options_.coalesce_wal_writes ? sqlite::coalescing_wal_vfs() : nullptr);
    writer_db_->exec("PRAGMA journal_mode=WAL");
    writer_db_->exec(options_.sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    writer_db_->exec("PRAGMA foreign_keys=ON");
    migrate();
    // An in-memory database is private to its connection, so reads share the writer's there.
    if (path != ":memory:") reader_db_ = std::make_unique<sqlite::db>(path, options_.busy_timeout_ms);
    // Checkpoints off the writer thread: a commit never waits for the WAL to be copied back.
    if (path != ":memory:")
        checkpointer_ = std::make_unique<wal_checkpointer>(*writer_db_, path, options_.busy_timeout_ms);
    if (path != ":memory:") {
        wal_watch_ = std::make_unique<wal_file_watch>(sqlite3_db_filename(writer_db_->handle(), "main"));
        wal_watch_->intact();  // the WAL as opened now is the one to keep
    }
    writer_ = std::thread([this] { writer_loop(); });
}

sqlite_store::~sqlite_store() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_.join();
}

void sqlite_store::migrate() {
    writer_db_->exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    int version = schema_version();
    auto all = schema::migrations();
    if (version > static_cast<int>(all.size()))
        throw std::runtime_error("database schema version " + std::to_string(version) +
                                 " is newer than this server knows (" + std::to_string(all.size()) + ")");
    for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) {
        writer_db_->exec("BEGIN IMMEDIATE");
        try {
            writer_db_->exec(all[i]);
            sqlite::stmt set(*writer_db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)");
            set.bind(1, std::to_string(i + 1)).run();
            writer_db_->exec("COMMIT");
        } catch (...) {
            writer_db_->exec("ROLLBACK");
            throw;
        }
    }
}

int sqlite_store::schema_version() {
    sqlite::stmt q(*writer_db_, "SELECT value FROM meta WHERE key='schema_version'");
    return q.step() ? std::stoi(q.text(0)) : 0;
}

void sqlite_store::enqueue(job j) {
    {
        std::lock_guard lock(queue_mutex_);
        queue_.push_back(std::move(j));
    }
    queue_cv_.notify_one();
}

void sqlite_store::submit(store_write w, std::function<void(bool)> done) {
    auto kind = write_kinds[w.index()];
    enqueue({std::move(w), kind, std::move(done)});
}

void sqlite_store::submit_ticketed(store_write w, commit_ticket t) {
    auto kind = write_kinds[w.index()];
    job j{std::move(w), kind, {}};
    j.ticket = std::move(t);
    enqueue(std::move(j));
}

void sqlite_store::flush() {
    auto p = std::make_shared<std::promise<void>>();
    auto f = p->get_future();
    enqueue({std::monostate{}, "flush", [p](bool) { p->set_value(); }});
    f.wait();
}

void sqlite_store::write_and_wait(std::string_view kind, direct_write fn) {
    if (std::this_thread::get_id() == writer_.get_id())
        throw std::logic_error("a blocking store write from a completion would wait for itself");
    auto p = std::make_shared<std::promise<bool>>();
    auto f = p->get_future();
    std::string cause;  // written by the writer before it sets the promise
    enqueue({std::move(fn), kind, [p](bool ok) { p->set_value(ok); }, &cause});
    if (!f.get()) throw store_error(std::string(kind) + ": " + (cause.empty() ? "the commit failed" : cause));
}

std::size_t sqlite_store::queue_depth() const {
    std::lock_guard lock(queue_mutex_);
    return queue_.size();
}

void sqlite_store::report(std::string_view kind, std::string_view cause, std::size_t writes,
                          std::string_view conversation) {
    try {
        on_failure_({kind, cause, writes, conversation});
    } catch (...) {
        // A failing log sink must not take the writer thread (and so the process) with it.
    }
}

void sqlite_store::writer_loop() {
    writer_statements st(*writer_db_);
    sqlite_search_index search(*writer_db_);
    note_ended(search, 0, true);  // left queued by the last run
    std::vector<job> batch;
    std::vector<outcome> outcomes;
    commit_pacer pacer(options_.commit_delay, options_.commit_interval, static_cast<std::size_t>(options_.max_batch));
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            auto work = [&] { return stopping_ || !queue_.empty(); };
            if (search_waiting_ > 0)
                queue_cv_.wait_until(lock, std::max(search_since_ + options_.search_index_delay, search_retry_at_), work);
            else
                queue_cv_.wait(lock, work);
            if (queue_.empty()) {
                if (stopping_) return;  // everything written; what waits for the index is indexed at the next start
                lock.unlock();
                index_search(search);  // the oldest has waited long enough, and nothing else is to do
                continue;
            }
            pacer.wait_for_more(lock, queue_.size(), stopping_);
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            pacer.starting();
        }
        auto started = std::chrono::steady_clock::now();
        std::unique_lock<std::mutex> shared_connection;  // :memory: has one connection for both
        if (!reader_db_) shared_connection = std::unique_lock(reader_mutex_);
        bool fault = false;
        bool committed = commit_batch(st, batch, fault);
        commit_latency_.observe(std::chrono::steady_clock::now() - started);
        healthy_ = committed && !fault;
        if (shared_connection) shared_connection.unlock();
        bool direct = std::any_of(batch.begin(), batch.end(),
                                  [](const job& j) { return std::holds_alternative<direct_write>(j.work); });
        if (committed) note_ended(search, ended_in_attempt_, direct);
        // The relay hears of the whole commit at once (one lock and one hand-over, not one per
        // message); then the other completions, in order (a flush returns after both).
        for (auto& j : batch)
            if (j.ticket) outcomes.push_back({std::move(*j.ticket), committed && !j.failed});
        if (!outcomes.empty()) {
            try {
                outcomes_(outcomes);
            } catch (const std::exception& e) {
                report("completion", e.what(), outcomes.size());
            }
            outcomes.clear();
        }
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
        // A full batch of ended conversations is indexed now, after the acknowledgements went out.
        if (search_waiting_ >= options_.search_index_batch && std::chrono::steady_clock::now() >= search_retry_at_)
            index_search(search);
    }
}

void sqlite_store::note_ended(sqlite_search_index& search, std::int64_t committed, bool recount) {
    bool none_before = search_waiting_ == 0;
    if (recount) {
        try {
            search_waiting_ = search.waiting();
        } catch (const std::exception& e) {
            report("search_index", e.what(), 0);
        }
    } else {
        search_waiting_ += committed;
    }
    if (none_before && search_waiting_ > 0) search_since_ = std::chrono::steady_clock::now();
}

void sqlite_store::index_search(sqlite_search_index& search) {
    auto now = std::chrono::steady_clock::now();
    auto retry_later = [&] { search_retry_at_ = now + std::max(options_.search_index_delay, std::chrono::milliseconds{1000}); };
    if (!healthy_) return retry_later();  // its commits fail (reported there): the index can wait
    std::unique_lock<std::mutex> shared_connection;  // :memory: has one connection for both
    if (!reader_db_) shared_connection = std::unique_lock(reader_mutex_);
    try {
        int batch = options_.search_index_batch;
        int taken = search.index_some(batch, options_.sync_full);
        // Fewer than asked: the queue is empty. Otherwise more may wait (the count is a lower bound).
        search_waiting_ = taken < batch ? 0 : std::max<std::int64_t>(search_waiting_ - taken, 1);
    } catch (const std::exception& e) {
        // Nothing of the batch was kept; they stay queued (QA's search still finds them) and are
        // tried again after the delay, not after every commit.
        report("search_index", e.what(), 0);
        retry_later();
    }
}

bool sqlite_store::commit_batch(writer_statements& st, std::vector<job>& batch, bool& fault) {
    // Optimistic first: the batch as one plain transaction. Only if a write in it fails is the
    // batch rolled back and done again with a savepoint per write, so that the failing write
    // fails alone. (A savepoint copies every page a write touches into the statement journal:
    // measurable per write, so it is paid only by a batch that needs it.)
    auto first = attempt(st, batch, false, fault);
    if (first != batch_outcome::write_failed) return first == batch_outcome::committed;
    return attempt(st, batch, true, fault) == batch_outcome::committed;
}

sqlite_store::batch_outcome sqlite_store::attempt(writer_statements& st, std::vector<job>& batch, bool isolate,
                                                  bool& fault) {
    std::size_t writes = 0;
    const job* only = nullptr;  // the batch's one write, if it has one
    for (auto& j : batch)
        if (!std::holds_alternative<std::monostate>(j.work)) {
            ++writes;
            only = &j;
        }
    auto fail_all = [&](std::string_view cause) {
        fault = true;
        // A batch of one write is reported as that write; a larger one as the commit.
        if (writes == 1) {
            auto* w = std::get_if<store_write>(&only->work);
            report(only->kind, cause, 1, w ? conversation_of(*w) : std::string_view());
        } else {
            report("commit", cause, writes);
        }
        for (auto& j : batch)
            if (j.cause) *j.cause = cause;
        return batch_outcome::failed;
    };
    auto roll_back = [&] {
        if (sqlite3_get_autocommit(writer_db_->handle())) return;  // SQLite has already done it
        try {
            writer_db_->exec("ROLLBACK");
        } catch (const sqlite::error&) {
        }
    };
    if (wal_watch_ && !wal_watch_->intact()) {
        // What was acknowledged is in the nameless WAL: copied into the database file at once, so
        // a crash or another process opening the file loses none of it. Nothing more is
        // acknowledged into it; a restart opens a WAL at the path again.
        if (!wal_saved_) {
            wal_saved_ = sqlite3_wal_checkpoint_v2(writer_db_->handle(), nullptr, SQLITE_CHECKPOINT_FULL, nullptr,
                                                   nullptr) == SQLITE_OK;
            // The database file now holds everything acknowledged: a foreign WAL at the path must
            // not be replayed over it at the next open (wal_file_watch::set_aside_foreign_wal).
            if (wal_saved_)
                if (auto aside = wal_watch_->set_aside_foreign_wal(std::to_string(to_epoch_ms(std::chrono::system_clock::now()))))
                    return fail_all("the WAL file (-wal) was replaced while the server runs; the file found there was "
                                    "moved to " + *aside + " (everything acknowledged is in the database file); "
                                    "restart the server");
        }
        return fail_all(
            "the WAL file (-wal) or its index (-shm) was removed or replaced while the server runs; restart the server");
    }
    wal_saved_ = false;
    ended_in_attempt_ = 0;
    try {
        st.begin.run();
    } catch (const sqlite::error& e) {
        return fail_all(e.what());  // the lock is held elsewhere past the busy timeout, or worse
    }
    try {
        for (auto& j : batch) {
            if (std::holds_alternative<std::monostate>(j.work)) continue;
            if (!isolate) {
                try {
                    apply(st, j);
                } catch (const std::exception&) {
                    roll_back();  // nothing reported yet: the isolated attempt will say who failed
                    return batch_outcome::write_failed;
                }
                continue;
            }
            // A savepoint per write: a write that fails is undone alone and fails alone, the
            // rest of the batch still commits.
            st.savepoint.run();
            try {
                apply(st, j);
                st.release.run();
            } catch (const std::exception& e) {
                // Some errors (I/O, disk full) make SQLite roll back the whole transaction:
                // then nothing written so far is kept, and the batch fails as a whole.
                if (sqlite3_get_autocommit(writer_db_->handle())) throw;
                auto* db_error = dynamic_cast<const sqlite::error*>(&e);
                if (!db_error || !db_error->about_the_data()) fault = true;
                j.failed = true;
                if (j.cause) *j.cause = e.what();
                auto* w = std::get_if<store_write>(&j.work);
                report(j.kind, e.what(), 1, w ? conversation_of(*w) : std::string_view());
                st.rollback_to.run();
                st.release.run();
            }
        }
        if (database_file_moved(writer_db_->handle()))
            throw std::runtime_error("the database file was removed or replaced while the server runs");
        st.commit.run();
        return batch_outcome::committed;
    } catch (const std::exception& e) {
        roll_back();
        return fail_all(e.what());
    }
}

void sqlite_store::apply(writer_statements& st, const job& j) {
    if (auto* direct = std::get_if<direct_write>(&j.work)) return (*direct)(*writer_db_);
    std::visit(
        [&](auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, open_conversation>) {
                st.open.bind(1, x.id).bind(2, x.department).bind(3, crypto::sha256_hex(x.resume_token))
                    .bind(4, to_epoch_ms(x.started)).run();
                open_here_.insert(x.id);
                if (!x.visit.empty()) bind_visit(st.visit, x.id, x.visit).run();
            } else if constexpr (std::is_same_v<T, assign_conversation>) {
                st.assign.bind(1, x.consultant).bind(2, x.id).run();
            } else if constexpr (std::is_same_v<T, append_message>) {
                st.append.bind(1, x.conversation).bind(2, static_cast<std::int64_t>(x.msg.seq))
                    .bind(3, to_string(x.msg.from)).bind(4, x.msg.author).bind(5, x.msg.text)
                    .bind(6, to_epoch_ms(x.msg.at)).bind(7, x.msg.client_id).run();
                if (!open_here_.contains(x.conversation))
                    st.late_line.bind(1, x.conversation).bind(2, x.msg.text).run();
            } else if constexpr (std::is_same_v<T, end_conversation>) {
                st.end.bind(1, to_epoch_ms(x.at)).bind(2, to_string(x.how)).bind(3, to_string(x.trigger))
                    .bind(4, std::int64_t{x.had_intent})
                    .bind(5, std::int64_t{x.converted}).bind(6, x.id).run();
                if (sqlite3_changes(writer_db_->handle()) > 0) {
                    ++ended_in_attempt_;  // queued for the index
                    open_here_.erase(x.id);
                }
            } else if constexpr (std::is_same_v<T, rate_conversation>) {
                st.rate.bind(1, std::int64_t{x.satisfied}).bind(2, x.comment).bind(3, x.id).run();
            } else if constexpr (std::is_same_v<T, record_finding>) {
                auto& f = x.what;
                if (f.escalates) {
                    st.escalate.bind(1, std::int64_t{severity_rank(f.level)}).bind(2, f.rule)
                        .bind(3, to_string(f.level)).bind(4, f.duration_ms).bind(5, x.conversation).bind(6, f.kind)
                        .bind(7, static_cast<std::int64_t>(f.seq)).run();
                    if (sqlite3_changes(writer_db_->handle()) > 0) return;
                    // Its first step was never stored (lost with a failed write): it stands alone.
                }
                st.finding.bind(1, x.conversation).bind(2, static_cast<std::int64_t>(f.seq)).bind(3, f.kind)
                    .bind(4, f.rule).bind(5, f.category).bind(6, to_string(f.level)).bind(7, f.matched)
                    .bind(8, std::int64_t{f.begin}).bind(9, std::int64_t{f.end}).bind(10, f.suggestion)
                    .bind(11, to_epoch_ms(f.at)).bind(12, f.duration_ms).bind(13, f.cost).bind(14, f.detail).run();
            }
        },
        std::get<store_write>(j.work));
}

// ---- reads ---------------------------------------------------------------------------

sqlite_store::reading sqlite_store::read() {
    return {std::unique_lock(reader_mutex_), reader_db_ ? *reader_db_ : *writer_db_};
}

std::optional<stored_conversation> sqlite_store::conversation(const std::string& id) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT id, department, consultant, started_at, ended_at, ending, satisfied, "
                        "rating_comment FROM conversations WHERE id=?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    stored_conversation c;
    c.id = q.text(0);
    c.department = q.text(1);
    c.consultant = q.text(2);
    c.started = from_epoch_ms(q.integer(3));
    if (!q.is_null(4)) c.ended_at = from_epoch_ms(q.integer(4));
    if (!q.is_null(5)) c.how = parse_ending(q.text(5));
    if (!q.is_null(6)) c.satisfied = q.integer(6) != 0;
    c.rating_comment = q.text(7);
    c.visit = load_visit(rdb, id);
    sqlite::stmt m(rdb, "SELECT seq, sender, author, text, at, client_id FROM messages "
                        "WHERE conversation=? ORDER BY seq");
    m.bind(1, id);
    while (m.step()) {
        message msg;
        msg.seq = static_cast<std::uint64_t>(m.integer(0));
        auto s = m.text(1);
        msg.from = s == "visitor" ? sender::visitor : s == "consultant" ? sender::consultant : sender::system;
        msg.author = m.text(2);
        msg.text = m.text(3);
        msg.at = from_epoch_ms(m.integer(4));
        msg.client_id = m.text(5);
        c.messages.push_back(std::move(msg));
    }
    sqlite::stmt fq(rdb, "SELECT " LINGTING_FINDING_SELECT ", "
                         "(SELECT verdict FROM finding_verdicts v WHERE v.finding = f.id ORDER BY v.id DESC LIMIT 1), "
                         "(SELECT note FROM finding_verdicts v WHERE v.finding = f.id ORDER BY v.id DESC LIMIT 1) "
                         "FROM findings f WHERE f.conversation=? ORDER BY f.at, f.id");
    fq.bind(1, id);
    while (fq.step()) {
        finding f = read_finding(fq);
        f.verdict = fq.text(finding_select_columns);
        f.verdict_note = fq.text(finding_select_columns + 1);
        c.findings.push_back(std::move(f));
    }
    sqlite::stmt vq(rdb, "SELECT verdict, note, by FROM conversation_verdicts WHERE conversation=? ORDER BY id DESC LIMIT 1");
    vq.bind(1, id);
    if (vq.step()) {
        c.verdict = vq.text(0);
        c.verdict_note = vq.text(1);
        c.verdict_by = vq.text(2);
    }
    return c;
}

std::optional<std::string> sqlite_store::conversation_by_resume_token(const std::string& token) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT id FROM conversations WHERE resume_hash=?");
    q.bind(1, crypto::sha256_hex(token));
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

int sqlite_store::end_open_conversations(time_point at) {
    int ended = 0;
    write_and_wait("end_open_conversations", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "UPDATE conversations SET ended_at=?, ending='system' WHERE ended_at IS NULL");
        q.bind(1, to_epoch_ms(at)).run();
        ended = sqlite3_changes(d.handle());
        open_here_.clear();  // on the writer thread, as every direct write
    });
    return ended;
}

}  // namespace lingting
