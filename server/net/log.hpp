// Levelled, structured logs: one JSON object per line. The sink is injected so tests can
// capture or silence it. Never pass message text at info, nor passwords or tokens.
#pragma once

#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace lingting {

struct store_failure;

enum class log_level { debug, info, warn, error };

class logger {
public:
    using sink = std::function<void(std::string_view line)>;
    explicit logger(log_level min = log_level::info, sink s = {});

    void log(log_level level, std::string_view event,
             std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {});
    void info(std::string_view e, std::initializer_list<std::pair<std::string_view, std::string_view>> f = {}) { log(log_level::info, e, f); }
    void warn(std::string_view e, std::initializer_list<std::pair<std::string_view, std::string_view>> f = {}) { log(log_level::warn, e, f); }
    void error(std::string_view e, std::initializer_list<std::pair<std::string_view, std::string_view>> f = {}) { log(log_level::error, e, f); }

private:
    log_level min_;
    sink sink_;
    std::mutex mutex_;
};

// The store's failure reports as log lines: one `store_write_failed` error per failed write or
// commit, with its kind, SQLite's reason and the conversation id (never message text).
std::function<void(const store_failure&)> store_failures_to(logger& log);

}  // namespace lingting
