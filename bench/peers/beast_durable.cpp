// The durable Beast peer: the Node durable peer's work (ws_durable.mjs) written in C++ on the same
// engine as Lingting, with nothing else. It is the floor for issue #14's targets: what Beast plus
// SQLite cost for a durable relay on this machine, before any product logic (routing, roles,
// the analyzer, resends, QA's tables).
//
// Pairing as beast_relay.cpp (pair_server.hpp: /pair/ID/a and /pair/ID/b both get
// {"type":"paired"}). Every `say` is parsed (RapidJSON), given its conversation's next seq, and
// written to a WAL SQLite file with synchronous=FULL in one transaction per turn of the event loop
// (group commit: the first `say` of a turn posts the commit, which Asio runs after the completions
// already queued); only after that commit is it acked to its sender and relayed to the other side
// as a `message` frame shaped like Lingting's. One thread, since the benchmark pins the server to
// one core; the commit's fsync blocks it, as better-sqlite3's does in Node.
//
//   beast_durable PORT DATABASE_FILE
//   beast_durable PORT --no-store     the same frames and batching with no database: the cost of the
//                                     protocol itself (a parse, an ack and a relay per message)
//   beast_durable PORT DATABASE_FILE --journal
//                                     durable once appended to a flat log beside the database and
//                                     fdatasync'd; rows folded into SQLite in large transactions
//                                     (class journal below): what a journal-first store would cost
#include "pair_server.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// The table ws_durable.mjs writes, so both peers pay for the same B-tree.
class database {
public:
    explicit database(const char* path) {
        check(sqlite3_open(path, &db_), db_, "open");
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("CREATE TABLE IF NOT EXISTS messages (conversation TEXT NOT NULL, seq INTEGER NOT NULL, "
             "sender TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL, client_id TEXT NOT NULL DEFAULT '', "
             "PRIMARY KEY (conversation, seq)) WITHOUT ROWID");
        check(sqlite3_prepare_v3(db_, "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)", -1, SQLITE_PREPARE_PERSISTENT,
                                 &insert_, nullptr),
              db_, "prepare");
    }
    ~database() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
    }
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    void exec(const char* sql) { check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql); }

    void insert(const std::string& conversation, long long seq, const char* sender, const std::string& text,
                long long at, const std::string& id) {
        sqlite3_bind_text(insert_, 1, conversation.data(), static_cast<int>(conversation.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert_, 2, seq);
        sqlite3_bind_text(insert_, 3, sender, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_, 4, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert_, 5, at);
        sqlite3_bind_text(insert_, 6, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
        int rc = sqlite3_step(insert_);
        sqlite3_reset(insert_);
        check(rc, db_, "insert");
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

std::unique_ptr<database> db;

struct conversation_state {
    std::string id;
    long long seq = 0;
};

class durable_session;

struct said {
    std::shared_ptr<durable_session> from;  // null once only its row is kept (journal::unfolded)
    const char* sender;
    std::shared_ptr<conversation_state> conversation;
    long long seq;
    std::string text;
    long long at_ms;
    std::string id;
};

// --journal: a message is durable once its record is appended to a flat file and fdatasync'd (one
// write and one fdatasync per turn, a few hundred bytes, where SQLite writes a 4 KB page per
// conversation touched). Rows reach SQLite in folds of fold_rows messages, one synchronous=FULL
// transaction each (each page written once per fold, not once per message), after which the file
// is emptied. A measurement of issue #14's "append-only live log", not a store: it has no recovery
// (replaying the file into SQLite at start), no readers of the unfolded rows, and its fold runs on
// the one thread (a latency spike every fold_rows messages).
class journal {
public:
    static constexpr std::size_t fold_rows = 5000;

    explicit journal(const std::string& path) : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644)) {
        if (fd_ < 0) throw std::runtime_error("open " + path);
    }
    ~journal() { ::close(fd_); }
    journal(const journal&) = delete;
    journal& operator=(const journal&) = delete;

    // The batch's records in one write, then fdatasync; false if either failed.
    bool append(const std::vector<said>& batch);
    // The rows to fold into SQLite next, and the fold's end (the file emptied).
    std::vector<said>& unfolded() { return unfolded_; }
    void folded() {
        unfolded_.clear();
        if (::ftruncate(fd_, 0) != 0) throw std::runtime_error("ftruncate");
    }

private:
    void put(std::string_view field) {
        auto n = static_cast<std::uint32_t>(field.size());
        bytes_.append(reinterpret_cast<const char*>(&n), sizeof n).append(field);
    }

    int fd_;
    std::string bytes_;  // reused between turns
    std::vector<said> unfolded_;
};

std::unique_ptr<journal> log_file;

// One thread runs everything, so none of this needs a lock.
std::vector<said> pending;
int conversations = 0;

void flush();

std::string iso_time(long long at_ms) {
    std::time_t secs = static_cast<std::time_t>(at_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03lldZ", at_ms % 1000);
    return buf;
}

class durable_session : public peers::pair_session {
public:
    using pair_session::pair_session;

    const char* sender() const { return is_b_side() ? "consultant" : "visitor"; }

private:
    void on_paired(pair_session& first) override {
        conversation_ = std::make_shared<conversation_state>();
        conversation_->id.append("c").append(std::to_string(++conversations)).append("-0123456789abcdef");
        static_cast<durable_session&>(first).conversation_ = conversation_;
    }

    void on_frame(std::string_view frame) override {
        rapidjson::Document d;
        if (d.Parse(frame.data(), frame.size()).HasParseError() || !d.IsObject()) {
            send(std::make_shared<const std::string>("{\"type\":\"error\",\"code\":\"bad_json\"}"));
            return;
        }
        auto type = d.FindMember("type");
        auto text = d.FindMember("text");
        if (type == d.MemberEnd() || !type->value.IsString() || std::string_view(type->value.GetString()) != "say" ||
            text == d.MemberEnd() || !text->value.IsString() || !conversation_) {
            send(std::make_shared<const std::string>("{\"type\":\"error\",\"code\":\"bad_frame\"}"));
            return;
        }
        auto id = d.FindMember("id");
        if (pending.empty()) peers::net::post(executor(), flush);
        auto at = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
        pending.push_back(said{std::static_pointer_cast<durable_session>(shared_from_this()), sender(), conversation_,
                               ++conversation_->seq, std::string(text->value.GetString(), text->value.GetStringLength()),
                               at.count(),
                               id != d.MemberEnd() && id->value.IsString()
                                   ? std::string(id->value.GetString(), id->value.GetStringLength())
                                   : std::string()});
    }

    std::shared_ptr<conversation_state> conversation_;
};

std::shared_ptr<const std::string> json_frame(const said& m, bool ack) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    std::string at = iso_time(m.at_ms);
    w.StartObject();
    w.Key("type");
    w.String(ack ? "ack" : "message");
    if (ack) {
        w.Key("id");
        w.String(m.id.data(), static_cast<rapidjson::SizeType>(m.id.size()));
        w.Key("seq");
        w.Int64(m.seq);
        w.Key("at");
        w.String(at.data(), static_cast<rapidjson::SizeType>(at.size()));
    } else {
        w.Key("conversation");
        w.String(m.conversation->id.data(), static_cast<rapidjson::SizeType>(m.conversation->id.size()));
        w.Key("seq");
        w.Int64(m.seq);
        w.Key("from");
        w.String(m.sender);
        w.Key("text");
        w.String(m.text.data(), static_cast<rapidjson::SizeType>(m.text.size()));
        w.Key("at");
        w.String(at.data(), static_cast<rapidjson::SizeType>(at.size()));
        w.Key("id");
        w.String(m.id.data(), static_cast<rapidjson::SizeType>(m.id.size()));
    }
    w.EndObject();
    return std::make_shared<const std::string>(out.GetString(), out.GetSize());
}

// One transaction for the batch; false (rolled back) if it failed.
bool commit(const std::vector<said>& batch) {
    try {
        db->exec("BEGIN");
        for (const auto& m : batch) db->insert(m.conversation->id, m.seq, m.sender, m.text, m.at_ms, m.id);
        db->exec("COMMIT");
        return true;
    } catch (const std::exception&) {
        try {
            db->exec("ROLLBACK");
        } catch (const std::exception&) {
        }
        return false;
    }
}

bool journal::append(const std::vector<said>& batch) {
    bytes_.clear();
    for (const auto& m : batch) {
        put(m.conversation->id);
        put(std::to_string(m.seq));
        put(m.sender);
        put(std::to_string(m.at_ms));
        put(m.id);
        put(m.text);
    }
    for (std::size_t done = 0; done < bytes_.size();) {
        auto n = ::write(fd_, bytes_.data() + done, bytes_.size() - done);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) return false;
    for (const auto& m : batch) {
        unfolded_.push_back(m);
        unfolded_.back().from.reset();  // a row to fold needs no socket (nor keeps one alive)
    }
    return true;
}

// The turn's batch made durable: in the journal (folded into SQLite every fold_rows), or in SQLite.
bool make_durable(const std::vector<said>& batch) {
    if (!log_file) return commit(batch);
    if (!log_file->append(batch)) return false;
    if (log_file->unfolded().size() >= journal::fold_rows) {
        if (!commit(log_file->unfolded())) throw std::runtime_error("fold failed");  // a measurement: stop
        log_file->folded();
    }
    return true;
}

// Everything said during one turn of the event loop, made durable together; acks and relays only
// after (with --no-store, sent at once).
void flush() {
    std::vector<said> batch;
    batch.swap(pending);
    if (db && !make_durable(batch)) {
        for (const auto& m : batch)
            m.from->send(std::make_shared<const std::string>("{\"type\":\"error\",\"code\":\"unavailable\"}"));
        return;
    }
    for (const auto& m : batch) {
        m.from->send(json_frame(m, true));
        if (auto p = m.from->partner()) p->send(json_frame(m, false));
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool no_store = argc >= 3 && std::string_view(argv[2]) == "--no-store";
    bool with_journal = argc == 4 && std::string_view(argv[3]) == "--journal";
    if ((argc != 3 && !with_journal) || (no_store && with_journal)) {  // a journal needs a database
        std::cerr << "usage: beast_durable PORT DATABASE_FILE [--journal] | beast_durable PORT --no-store\n";
        return 2;
    }
    if (!no_store) db = std::make_unique<database>(argv[2]);
    if (with_journal) log_file = std::make_unique<journal>(std::string(argv[2]) + ".log");
    peers::serve_pairs("beast_durable", static_cast<unsigned short>(std::stoi(argv[1])),
                       [](peers::tcp::socket s) { return std::make_shared<durable_session>(std::move(s)); });
}
