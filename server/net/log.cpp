#include "net/log.hpp"

#include "core/json_writer.hpp"
#include "core/store_error.hpp"
#include "core/types.hpp"

#include <cstdio>

namespace lingting {

logger::logger(log_level min, sink s) : min_(min), sink_(std::move(s)) {
    if (!sink_)
        sink_ = [](std::string_view line) {
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fputc('\n', stderr);
        };
}

void logger::log(log_level level, std::string_view event,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    if (level < min_) return;
    static constexpr std::string_view names[] = {"debug", "info", "warn", "error"};
    json_writer w;
    w.begin_object()
        .field("ts", iso8601(std::chrono::system_clock::now()))
        .field("level", names[static_cast<int>(level)])
        .field("event", event);
    for (auto& [k, v] : fields) w.field(k, v);
    w.end_object();
    std::lock_guard lock(mutex_);
    sink_(w.str());
}

std::function<void(const store_failure&)> store_failures_to(logger& log) {
    return [&log](const store_failure& f) {
        log.error("store_write_failed", {{"kind", f.kind},
                                         {"cause", f.cause},
                                         {"writes", std::to_string(f.writes)},
                                         {"conversation", f.conversation}});
    };
}

}  // namespace lingting
