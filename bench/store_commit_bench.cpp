// What the live log's group commit costs per message, with QA's search index written three ways,
// same writes and same commits, side by side in one run (this machine is noisy: read the ratios):
//
//   batched      the schema: ended conversations queued, indexed 32 at a time between commits
//   own writes   the same with SQLite's own WAL writes (two system calls per page) instead of the
//                coalescing VFS's one per transaction (store option wal-write-coalescing=false)
//   late trigger the same with schema 13's trigger asking at every message insert whether the
//                conversation has ended (schema 14 asks only for conversations not opened here)
//   each end     as before schema version 13: a conversation's text indexed in its end's commit
//   per message  as before schema version 12: a trigger indexed each message in its own commit
//   no index     what the index costs at all
//   append log   no index, and the messages table a rowid table without its (conversation, seq)
//                key: what an append-only live log (issue #14) would save on each commit
//   log+fold     the index at end, messages appended to a rowid log and folded, sorted, into the
//                keyed table every FOLD messages (the fold's cost counted)
//   log+idx+fold the same with a (conversation, seq) index on the log, as its readers would need
//   1 KB pages   the schema in a database of 1,024-byte pages (SQLite's default is 4,096): each commit
//   2 KB pages   writes every page it dirtied to the WAL, one leaf per conversation written to
//
//   store_commit_bench [MESSAGES] [BATCH] [FOLD]
//
//   store_commit_bench [MESSAGES] [BATCH]
//
// 200 conversations in flight, each ended after 20 messages and replaced; BATCH writes per
// commit (a group commit of a busy relay), fsync'd (synchronous=FULL) into a real file in /tmp.
// Prints CPU and wall time per message (median of three rounds per variant, interleaved).
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace lingting;

namespace {

enum class variant { batched, own_writes, late_trigger, each_end, per_message, no_index, append_log, log_fold, log_index_fold,
                     pages_1k, pages_2k };
constexpr const char* names[] = {"batched",  "own writes", "late trigger", "each end",     "per message", "no index",
                                 "append log", "log+fold",   "log+idx+fold", "1 KB pages",  "2 KB pages"};
constexpr int variants = 11;

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 1}};

const char* texts[] = {"您好，请问种植牙大概多少钱？", "我们这边活动价是三千八一颗，包括检查和拍片。", "好的谢谢",
                       "请问您方便留个电话吗，稍后医生联系您", "嗯嗯，明天上午可以过来吗",
                       "可以的，帮您预约上午十点的专家号，到了报您的名字就行"};

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Rewrites the search triggers of a migrated database, as another connection would.
void set_up(const std::string& path, variant v) {
    if (v == variant::batched || v == variant::own_writes || v == variant::pages_1k || v == variant::pages_2k) return;
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    std::string sql;
    if (v == variant::each_end) {
        sql = "DROP TRIGGER messages_search_at_end; CREATE TRIGGER messages_search_at_end AFTER UPDATE OF ended_at ON "
              "conversations WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL BEGIN INSERT INTO "
              "messages_search(conversation, text) SELECT m.conversation, m.text FROM messages m WHERE m.conversation "
              "= NEW.id AND m.text <> ''; END;";
    } else if (v == variant::log_fold || v == variant::log_index_fold) {
        sql = "ALTER TABLE messages RENAME TO messages_kept; CREATE TABLE messages (conversation TEXT NOT NULL "
              "REFERENCES conversations(id), seq INTEGER NOT NULL, sender TEXT NOT NULL, author TEXT NOT NULL "
              "DEFAULT '', text TEXT NOT NULL, at INTEGER NOT NULL, client_id TEXT NOT NULL DEFAULT '');";
        if (v == variant::log_index_fold) sql += "CREATE INDEX messages_log ON messages(conversation, seq);";
    } else if (v == variant::late_trigger) {
        sql = "CREATE TRIGGER messages_search_after_end AFTER INSERT ON messages WHEN NEW.text <> '' AND EXISTS ("
              "SELECT 1 FROM conversations c WHERE c.id = NEW.conversation AND c.ended_at IS NOT NULL) AND NOT EXISTS ("
              "SELECT 1 FROM search_pending p WHERE p.conversation = NEW.conversation) BEGIN "
              "INSERT INTO messages_search(conversation, text) VALUES (NEW.conversation, NEW.text); END;";
    } else {
        sql = "DROP TRIGGER messages_search_at_end;";
    }
    if (v == variant::append_log)
        sql += "DROP TABLE messages; CREATE TABLE messages (conversation TEXT NOT NULL, seq INTEGER NOT NULL, "
               "sender TEXT NOT NULL, author TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, at INTEGER NOT NULL, "
               "client_id TEXT NOT NULL DEFAULT '');";
    if (v == variant::per_message)
        sql += "CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN NEW.text <> '' BEGIN "
               "INSERT INTO messages_search(conversation, text) VALUES (NEW.conversation, NEW.text); END;";
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "store_commit_bench: %s\n", error ? error : "?");
        std::exit(1);
    }
    sqlite3_close(db);
}

struct result {
    double cpu_us = 0, wall_us = 0;
};

result run(variant v, int messages, int batch, int fold) {
    auto dir = std::filesystem::temp_directory_path() / "lingting-store-commit-bench";
    std::filesystem::remove_all(dir);
    auto path = (dir / "bench.db").string();
    if (v == variant::pages_1k || v == variant::pages_2k) {
        // The page size is fixed by the first table written: set before the store creates its schema.
        std::filesystem::create_directories(dir);
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_exec(db, v == variant::pages_1k ? "PRAGMA page_size=1024; CREATE TABLE t(a); DROP TABLE t;"
                                                : "PRAGMA page_size=2048; CREATE TABLE t(a); DROP TABLE t;",
                     nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    store_options options;
    options.coalesce_wal_writes = v != variant::own_writes;
    sqlite_store s(path, options);
    set_up(path, v);
    // The fold on a second connection while the writer is idle (between flushes), as the writer
    // thread would run it between batches.
    std::optional<sqlite::db> folder;
    if (v == variant::log_fold || v == variant::log_index_fold) {
        folder.emplace(path, 5000);
        folder->exec("PRAGMA synchronous=FULL");
    }

    std::mt19937 rng(7);
    std::vector<std::pair<std::string, std::uint64_t>> open;  // id, last seq
    int next_id = 0;
    auto open_one = [&] {
        auto id = "conv" + std::to_string(next_id++);
        s.submit(open_conversation{id, "口腔", "token-" + id, t0, {}}, {});
        open.emplace_back(id, 0);
    };
    for (int i = 0; i < 200; ++i) open_one();
    s.flush();

    auto cpu = cpu_seconds();
    auto wall = std::chrono::steady_clock::now();
    for (int sent = 0; sent < messages;) {
        for (int k = 0; k < batch && sent < messages; ++k, ++sent) {
            auto pick = rng() % open.size();
            auto& [id, seq] = open[pick];
            message m{++seq, seq % 2 ? sender::visitor : sender::consultant, seq % 2 ? "" : "bench-c1",
                      texts[rng() % std::size(texts)], t0, ""};
            s.submit(append_message{id, std::move(m)}, {});
            if (seq == 20) {
                s.submit(end_conversation{id, ending::visitor, t0}, {});
                std::swap(open[pick], open.back());
                open.pop_back();
                open_one();
            }
        }
        s.flush();  // one group commit of `batch` writes
        bool folds = v == variant::log_fold || v == variant::log_index_fold;
        if (folds && sent % fold < batch)
            folder->exec("BEGIN IMMEDIATE; INSERT INTO messages_kept SELECT conversation, seq, sender, author, text, "
                         "at, client_id FROM messages ORDER BY conversation, seq; DELETE FROM messages; COMMIT;");
    }
    result r;
    r.cpu_us = (cpu_seconds() - cpu) / messages * 1e6;
    r.wall_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - wall).count() / messages;
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    int messages = argc > 1 ? std::atoi(argv[1]) : 20000;
    int batch = argc > 2 ? std::atoi(argv[2]) : 20;
    int fold = argc > 3 ? std::atoi(argv[3]) : 1000;
    std::vector<result> rounds[variants];
    for (int round = 0; round < 3; ++round)
        for (int v = 0; v < variants; ++v) rounds[v].push_back(run(static_cast<variant>(v), messages, batch, fold));
    auto median = [](std::vector<result> rs, double result::*f) {
        std::sort(rs.begin(), rs.end(), [f](const result& a, const result& b) { return a.*f < b.*f; });
        return rs[rs.size() / 2].*f;
    };
    std::printf("%d messages, %d writes per commit, fsync'd, folds every %d; median of 3 rounds\n", messages, batch,
                fold);
    std::printf("%-12s %12s %12s %14s\n", "index", "cpu us/msg", "wall us/msg", "cpu vs batched");
    double base = median(rounds[0], &result::cpu_us);
    for (int v = 0; v < variants; ++v) {
        double c = median(rounds[v], &result::cpu_us);
        std::printf("%-12s %12.1f %12.1f %13.2fx\n", names[v], c, median(rounds[v], &result::wall_us), c / base);
    }
}
