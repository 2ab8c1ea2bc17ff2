#include "core/latency_histogram.hpp"

#include <cstdio>

namespace lingting {

namespace {

void head(std::string& out, const std::string& name, const char* type, const std::string& help) {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

std::string format_bound(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

void latency_histogram::observe(std::chrono::nanoseconds d) {
    double s = std::chrono::duration<double>(d).count();
    std::size_t i = 0;
    while (i < bounds.size() && s > bounds[i]) ++i;
    buckets_[i]++;
    count_++;
    sum_ns_ += static_cast<std::uint64_t>(d.count() > 0 ? d.count() : 0);
}

void latency_histogram::render(std::string& out, const std::string& name, const std::string& help) const {
    head(out, name, "histogram", help);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += buckets_[i];
        out += name + "_bucket{le=\"" + format_bound(bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    cumulative += buckets_[bounds.size()];
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    out += name + "_sum " + format_bound(static_cast<double>(sum_ns_) / 1e9) + "\n";
    out += name + "_count " + std::to_string(count_.load()) + "\n";
}

}  // namespace lingting
