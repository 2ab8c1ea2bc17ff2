#include "store/sqlite_search_index.hpp"

#include "store/sqlite.hpp"

namespace lingting {

sqlite_search_index::sqlite_search_index(const sqlite::db& writer)
    : db_(writer),
      count_(std::make_unique<sqlite::stmt>(writer, "SELECT count(*) FROM search_pending")),
      begin_(std::make_unique<sqlite::stmt>(writer, "BEGIN IMMEDIATE")),
      // One document per conversation: its texts joined by line breaks, so a search (a phrase of
      // trigrams, never spanning a line break) finds what one message said, as before. The order
      // of the parts does not matter to a substring search. A purged conversation has no text left.
      index_(std::make_unique<sqlite::stmt>(
          writer, "INSERT INTO messages_search(conversation, text) "
                  "SELECT m.conversation, group_concat(m.text, char(10)) FROM messages m "
                  "WHERE m.conversation IN (SELECT conversation FROM search_pending ORDER BY conversation LIMIT ?1) "
                  "AND m.text <> '' GROUP BY m.conversation")),
      take_(std::make_unique<sqlite::stmt>(
          writer, "DELETE FROM search_pending WHERE conversation IN "
                  "(SELECT conversation FROM search_pending ORDER BY conversation LIMIT ?1)")),
      commit_(std::make_unique<sqlite::stmt>(writer, "COMMIT")) {}

sqlite_search_index::~sqlite_search_index() = default;

std::int64_t sqlite_search_index::waiting() {
    count_->step();
    auto n = count_->integer(0);
    count_->reset();
    return n;
}

int sqlite_search_index::index_some(int max, bool sync_full) {
    if (sync_full) db_.exec("PRAGMA synchronous=NORMAL");
    try {
        begin_->run();
        index_->bind(1, std::int64_t{max}).run();
        take_->bind(1, std::int64_t{max}).run();
        int taken = sqlite3_changes(db_.handle());
        commit_->run();
        if (sync_full) db_.exec("PRAGMA synchronous=FULL");
        return taken;
    } catch (...) {
        if (!sqlite3_get_autocommit(db_.handle())) {
            try {
                db_.exec("ROLLBACK");
            } catch (const sqlite::error&) {
            }
        }
        if (sync_full) db_.exec("PRAGMA synchronous=FULL");
        throw;
    }
}

}  // namespace lingting
