#include "net/ime_worker.hpp"

#include "core/analysis/reply_model.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <unordered_map>

namespace lingting {

namespace {

// The findings of texts checked lately. Consultants send canned replies and pasted templates,
// the same text in conversation after conversation, and the check is pure (the text, the
// department and the lexicon decide it), so a text seen again in the same department with the
// same lexicon is answered from here instead of from the model. Bounded in entries and in the
// length of a text kept; the oldest goes first.
// The entry holds its lexicon, so no other lexicon can come to live at that address meanwhile.
class recent_results {
public:
    static constexpr std::size_t max_texts = 1024;
    static constexpr std::size_t max_text_bytes = 1024;

    // A result is reused for the same text, department and lexicon; one that read the visitor's
    // words (`said`: a near miss looked for a correction among them) only after the same words.
    const std::vector<finding>* find(const std::string& text, const std::string& department, std::string_view said,
                                     const lexicon* lex) const {
        auto it = map_.find(key(text, department));
        if (it == map_.end() || it->second.lex.get() != lex) return nullptr;
        if (it->second.read_visitor && it->second.said != std::hash<std::string_view>{}(said)) return nullptr;
        return &it->second.found;
    }
    void remember(const std::string& text, const std::string& department, std::string_view said, bool read_visitor,
                  const std::shared_ptr<const lexicon>& lex, const std::vector<finding>& found) {
        if (text.size() > max_text_bytes) return;
        auto [it, fresh] = map_.try_emplace(key(text, department));
        // A text seen with another lexicon or other words: now this one's.
        it->second = {lex, found, read_visitor, std::hash<std::string_view>{}(said)};
        if (!fresh) return;
        order_.push_back(it->first);
        if (order_.size() > max_texts) {
            map_.erase(order_.front());
            order_.pop_front();
        }
    }

private:
    static std::string key(const std::string& text, const std::string& department) {
        return department + '\x1f' + text;
    }
    struct entry {
        std::shared_ptr<const lexicon> lex;
        std::vector<finding> found;
        bool read_visitor = false;
        std::size_t said = 0;  // a hash of the visitor's words it read
    };
    std::unordered_map<std::string, entry> map_;
    std::deque<std::string> order_;  // oldest first
};

}  // namespace

ime_worker::ime_worker(const ime_checker* checker, std::size_t capacity, deliver_fn deliver,
                       std::chrono::milliseconds linger)
    : checker_(checker), capacity_(capacity), deliver_(std::move(deliver)), linger_(linger), thread_([this] { run(); }) {}

ime_worker::~ime_worker() { stop(); }

bool ime_worker::submit(job j) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_ && queue_.size() < capacity_) {
            queue_.push_back(std::move(j));
            depth_.store(queue_.size());
            // A lingering worker gathers a batch unwoken (a wake is a futex call here and a context switch
            // on the relay's core); it is woken early only when half the queue has filled.
            if (idle_ || queue_.size() == half_full()) wake_.notify_one();
            return true;
        }
    }
    ++skipped_;
    return false;
}

void ime_worker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
        depth_.store(0);
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ime_worker::run() {
    // Below the relay's threads: on a busy core the relay wins, the queue fills and messages are
    // skipped (counted) rather than slowing anyone's chat. Best effort; unchanged if refused.
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    recent_results recent;  // this thread's only
    bool drained = false;  // the queue just ran dry after work (not at the start)
    for (;;) {
        job j;
        {
            std::unique_lock lock(mutex_);
            if (queue_.empty() && !stopping_) {
                // Drained: linger before sleeping, so that under a steady stream this thread wakes once a
                // linger for what gathered, not once a message (the load benchmark's repeated texts are
                // checked from `recent` at once, and every message used to wake it). A lone message after
                // a quiet spell wakes it at once: findings are never later than the linger. At the start
                // nothing is flowing: the worker goes straight to sleep, so the first message wakes it.
                if (drained) {
                    lingering_.store(true);
                    wake_.wait_for(lock, linger_, [&] { return stopping_ || queue_.size() >= half_full(); });
                    lingering_.store(false);
                }
                drained = false;
                if (queue_.empty() && !stopping_) {
                    idle_ = true;
                    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                    idle_ = false;
                }
            }
            if (stopping_) return;
            j = std::move(queue_.front());
            queue_.pop_front();
            depth_.store(queue_.size());
            drained = queue_.empty();
        }
        auto started = std::chrono::steady_clock::now();
        std::vector<finding> found;
        if (auto* known = recent.find(j.text, j.department, j.visitor_said, j.lex.get())) {
            found = *known;
        } else {
            bool read_visitor = false;
            if (checker_) found = checker_->check(j.text, *j.lex, j.department, j.visitor_said, &read_visitor);
            // The rude-reply model (off unless rules.conf switches it on) where no entry or cue fired.
            for (auto& f : j.inline_findings ? rude_model_findings(j.text, *j.lex, *j.inline_findings)
                                             : rude_model_findings(j.text, *j.lex))
                found.push_back(std::move(f));
            recent.remember(j.text, j.department, j.visitor_said, read_visitor, j.lex, found);
        }
        cost_.observe(std::chrono::steady_clock::now() - started);
        ++checked_;
        if (!found.empty()) deliver_(j, std::move(found));
    }
}

}  // namespace lingting
