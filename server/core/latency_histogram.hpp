// A Prometheus-style latency histogram with fixed buckets; lock-free and thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace lingting {

class latency_histogram {
public:
    // Upper bounds in seconds; chosen for a relay whose ack waits for a disk commit.
    static constexpr std::array<double, 12> bounds = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                      0.05,   0.1,   0.2,   0.5,   1.0,  2.5};
    void observe(std::chrono::nanoseconds d);
    void render(std::string& out, const std::string& name, const std::string& help) const;
    std::uint64_t count() const { return count_.load(); }

private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};  // last: +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace lingting
