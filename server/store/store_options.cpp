#include "store/store_options.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <sstream>

namespace lingting {
namespace {

struct key_spec {
    std::string help;
    std::function<bool(store_options&, const std::string&)> set;
};

bool parse_int(const std::string& v, long long min, long long max, long long& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc{} && p == v.data() + v.size() && out >= min && out <= max;
}

// A group-commit wait in microseconds, 0 to 100,000 (commit-delay-us, commit-interval-us).
bool parse_group_commit_wait(const std::string& v, std::chrono::microseconds& out) {
    long long x = 0;
    if (!parse_int(v, 0, 100000, x)) return false;
    out = std::chrono::microseconds{x};
    return true;
}

// true|1|yes (or nothing: the flag alone) and false|0|no.
bool parse_bool(const std::string& v, bool& out) {
    if (v == "true" || v == "1" || v == "yes" || v.empty()) out = true;
    else if (v == "false" || v == "0" || v == "no") out = false;
    else return false;
    return true;
}

const std::map<std::string, key_spec>& keys() {
    static const std::map<std::string, key_spec> k = {
        {"sync-full",
         {"fsync each group commit: true|false (default true)",
          [](store_options& o, const std::string& v) { return parse_bool(v, o.sync_full); }}},
        {"wal-write-coalescing",
         {"SQLite: write each transaction's WAL pages in one system call per 124 KB, not two per page: "
          "true|false (default true)",
          [](store_options& o, const std::string& v) { return parse_bool(v, o.coalesce_wal_writes); }}},
        {"store-busy-timeout-ms",
         {"wait this long for a database lock held by another process, then fail the batch (default 5000)",
          [](store_options& o, const std::string& v) {
              long long x = 0;
              if (!parse_int(v, 0, 600000, x)) return false;
              o.busy_timeout_ms = static_cast<int>(x);
              return true;
          }}},
        {"commit-delay-us",
         {"wait this long for more writes to join a group commit: fewer fsyncs at moderate load, that much more "
          "latency (default 0)",
          [](store_options& o, const std::string& v) { return parse_group_commit_wait(v, o.commit_delay); }}},
        {"commit-interval-us",
         {"start group commits at most this often: writes sooner after the last commit wait for the rest of "
          "it, together (fewer fsyncs at a steady moderate load; no wait at a light one) (default 1000)",
          [](store_options& o, const std::string& v) { return parse_group_commit_wait(v, o.commit_interval); }}},
        {"search-index-batch",
         {"SQLite: index this many ended conversations for QA's search in one transaction, between group "
          "commits (default 32)",
          [](store_options& o, const std::string& v) {
              long long x = 0;
              if (!parse_int(v, 1, 10000, x)) return false;
              o.search_index_batch = static_cast<int>(x);
              return true;
          }}},
        {"search-index-delay-ms",
         {"SQLite: index ended conversations for QA's search once the oldest has waited this long and the "
          "writer is idle, batch or not (default 1000)",
          [](store_options& o, const std::string& v) {
              long long x = 0;
              if (!parse_int(v, 0, 3600000, x)) return false;
              o.search_index_delay = std::chrono::milliseconds{x};
              return true;
          }}},
        {"max-batch",
         {"writes per group commit at most (default 512)",
          [](store_options& o, const std::string& v) {
              long long x = 0;
              if (!parse_int(v, 1, 100000, x)) return false;
              o.max_batch = static_cast<int>(x);
              return true;
          }}},
    };
    return k;
}

}  // namespace

bool is_store_setting(const std::string& key) { return keys().contains(key); }

std::string apply_store_setting(store_options& o, const std::string& key, const std::string& value) {
    auto it = keys().find(key);
    if (it == keys().end()) return "unknown setting '" + key + "'";
    if (!it->second.set(o, value)) return "bad value '" + value + "' for " + key + ": " + it->second.help;
    return {};
}

std::string store_settings_help() {
    std::ostringstream out;
    for (auto& [k, spec] : keys()) out << "  --" << k << "=VALUE\n      " << spec.help << "\n";
    return out.str();
}

}  // namespace lingting
