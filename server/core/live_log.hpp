// The store as the live relay sees it (net/hub): the message log with group commit, and the
// read a reconnecting visitor needs. The hot path; nothing here is for QA or administration.
#pragma once

#include "core/latency_histogram.hpp"
#include "core/store_error.hpp"
#include "core/store_write.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

// Threading: submit() may be called from any thread; writes commit in submission order and
// each completion runs on the store's writer thread after its group commit (never before: an
// ok=true is a durable write). Each write is isolated within its group commit: ok=false for a
// write that failed (nothing of it is kept, the others commit) and for every write of a commit
// that failed as a whole. Reads may be called from any thread and throw store_error.
//
// The blocking calls of the other roles (writes that return an answer) go through the same
// writer: they must not be called from a completion (the writer thread).
class live_log {
public:
    virtual ~live_log() = default;

    virtual void submit(store_write w, std::function<void(bool ok)> done) = 0;

    // The outcome of a write the core waits for (its ticket).
    struct outcome {
        commit_ticket ticket;
        bool ok = false;
    };
    // Hears of every ticketed write (submit_ticketed), in commit order, on the writer thread:
    // a store with group commit calls it once per commit with all of that commit's outcomes,
    // so the relay takes one lock and makes one hand-over per commit, not one per message.
    // Set once, before the first submit_ticketed.
    using outcomes_fn = std::function<void(std::vector<outcome>&)>;
    void set_outcome_listener(outcomes_fn f) { outcomes_ = std::move(f); }
    // Like submit, the outcome going to the listener. The default reports each write alone.
    virtual void submit_ticketed(store_write w, commit_ticket t) {
        submit(std::move(w), [this, t = std::move(t)](bool ok) mutable {
            std::vector<outcome> one;
            one.push_back({std::move(t), ok});
            outcomes_(one);
        });
    }
    // Blocks until everything submitted so far is committed (or failed).
    virtual void flush() = 0;
    // True while the last commit succeeded (readiness).
    virtual bool healthy() const = 0;
    virtual std::size_t queue_depth() const = 0;
    // Group commit durations, if the store measures them.
    virtual const latency_histogram* commit_histogram() const { return nullptr; }

    // Resume: the conversation a visitor's resume token names (open or recently ended).
    virtual std::optional<std::string> conversation_by_resume_token(const std::string& token) = 0;

protected:
    outcomes_fn outcomes_;
};

}  // namespace lingting
