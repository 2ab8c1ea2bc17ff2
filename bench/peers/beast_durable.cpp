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
#include "pair_server.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sqlite3.h>

#include <chrono>
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
    std::shared_ptr<durable_session> from;
    std::shared_ptr<conversation_state> conversation;
    long long seq;
    std::string text;
    long long at_ms;
    std::string id;
};

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
        pending.push_back(said{std::static_pointer_cast<durable_session>(shared_from_this()), conversation_,
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
        w.String(m.from->sender());
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
// Everything said during one turn of the event loop, committed together; acks and relays only after.
void flush() {
    std::vector<said> batch;
    batch.swap(pending);
    try {
        db->exec("BEGIN");
        for (const auto& m : batch) db->insert(m.conversation->id, m.seq, m.from->sender(), m.text, m.at_ms, m.id);
        db->exec("COMMIT");
    } catch (const std::exception&) {
        try {
            db->exec("ROLLBACK");
        } catch (const std::exception&) {
        }
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
    if (argc != 3) {
        std::cerr << "usage: beast_durable PORT DATABASE_FILE\n";
        return 2;
    }
    db = std::make_unique<database>(argv[2]);
    peers::serve_pairs("beast_durable", static_cast<unsigned short>(std::stoi(argv[1])),
                       [](peers::tcp::socket s) { return std::make_shared<durable_session>(std::move(s)); });
}
