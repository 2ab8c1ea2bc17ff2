// QA's search index (an FTS5 trigram table, schema.cpp) written for ended conversations in
// batches, on the writer's connection between group commits rather than inside them: FTS5 pays
// per transaction that writes to it, so the conversations that end during one group commit (one
// or two under load) cost the writer several times what a batch of them costs together.
// An end queues its conversation in `search_pending` (a trigger, in the end's own commit); this
// class turns the queue into index rows. Used by the writer thread only.
#pragma once

#include <cstdint>
#include <memory>

namespace lingting {

namespace sqlite { class db; class stmt; }

class sqlite_search_index {
public:
    explicit sqlite_search_index(const sqlite::db& writer);
    ~sqlite_search_index();
    sqlite_search_index(const sqlite_search_index&) = delete;
    sqlite_search_index& operator=(const sqlite_search_index&) = delete;

    // Ended conversations waiting to be indexed.
    std::int64_t waiting();
    // Indexes up to `max` waiting conversations, one document each, and takes them off the queue,
    // in one transaction of its own. It is not fsync'd when `sync_full` is (the index is derived
    // data: the next acknowledging commit's fsync covers it, and a crash before that only leaves
    // them queued, to be indexed again). Returns how many were taken; throws sqlite::error (then
    // nothing of it is kept).
    int index_some(int max, bool sync_full);

private:
    const sqlite::db& db_;
    std::unique_ptr<sqlite::stmt> count_, begin_, index_, take_, commit_;
};

}  // namespace lingting
