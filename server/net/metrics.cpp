#include "net/metrics.hpp"

#include <cstdio>

namespace lingting {
namespace {

void head(std::string& out, const std::string& name, const char* type, const std::string& help) {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

void server_metrics::count_finding(const std::string& kind, const std::string& severity) {
    std::lock_guard lock(mutex_);
    ++findings_[{kind, severity}];
}

void server_metrics::count_ending(const std::string& ending) {
    std::lock_guard lock(mutex_);
    ++endings_[ending];
}

std::string server_metrics::render(const gauges& g) const {
    std::string out;
    head(out, "lingting_connections", "gauge", "Open WebSocket connections by role.");
    for (auto& [r, n] : g.connections) out += "lingting_connections{role=\"" + r + "\"} " + std::to_string(n) + "\n";
    head(out, "lingting_open_conversations", "gauge", "Conversations not yet ended.");
    out += "lingting_open_conversations " + std::to_string(g.open_conversations) + "\n";
    head(out, "lingting_queue_length", "gauge", "Conversations waiting for a consultant.");
    out += "lingting_queue_length " + std::to_string(g.queue_length) + "\n";
    head(out, "lingting_store_queue_depth", "gauge", "Writes waiting for the store's writer thread.");
    out += "lingting_store_queue_depth " + std::to_string(g.store_queue_depth) + "\n";
    head(out, "lingting_store_healthy", "gauge", "1 while the store's last commit succeeded.");
    out += std::string("lingting_store_healthy ") + (g.store_healthy ? "1" : "0") + "\n";
    head(out, "lingting_messages_relayed_total", "counter", "Messages made durable, acknowledged and relayed.");
    out += "lingting_messages_relayed_total " + std::to_string(messages_relayed.load()) + "\n";
    head(out, "lingting_messages_failed_total", "counter", "Messages refused because the store could not commit them.");
    out += "lingting_messages_failed_total " + std::to_string(messages_failed.load()) + "\n";
    head(out, "lingting_socket_sends_total", "counter",
         "Frames handed to a socket: at once on its network thread, or posted to it from another.");
    out += "lingting_socket_sends_total{how=\"at_once\"} " + std::to_string(sends_at_once.load()) + "\n";
    out += "lingting_socket_sends_total{how=\"posted\"} " + std::to_string(sends_posted.load()) + "\n";
    {
        std::lock_guard lock(mutex_);
        head(out, "lingting_findings_total", "counter", "Analyzer findings by kind and severity.");
        for (auto& [k, n] : findings_)
            out += "lingting_findings_total{kind=\"" + k.first + "\",severity=\"" + k.second + "\"} " + std::to_string(n) + "\n";
        head(out, "lingting_endings_total", "counter", "Ended conversations by ending.");
        for (auto e : {"greeting", "visitor", "consultant", "system"}) {
            auto it = endings_.find(e);
            out += std::string("lingting_endings_total{ending=\"") + e + "\"} " +
                   std::to_string(it == endings_.end() ? 0 : it->second) + "\n";
        }
    }
    ack_latency.render(out, "lingting_ack_latency_seconds",
                       "From a message accepted by the relay to its ack being sent (includes the group commit).");
    if (g.commit_latency) g.commit_latency->render(out, "lingting_store_commit_seconds", "Duration of one group commit.");
    if (g.ime) {
        head(out, "lingting_ime_queue_depth", "gauge", "Relayed consultant messages waiting for the IME typo check.");
        out += "lingting_ime_queue_depth " + std::to_string(g.ime_queue_depth) + "\n";
        head(out, "lingting_ime_checked_total", "counter", "Consultant messages the IME typo check's worker has checked.");
        out += "lingting_ime_checked_total " + std::to_string(g.ime_checked) + "\n";
        head(out, "lingting_ime_skipped_total", "counter", "Consultant messages not checked because the worker's queue was full.");
        out += "lingting_ime_skipped_total " + std::to_string(g.ime_skipped) + "\n";
        if (g.ime_cost) g.ime_cost->render(out, "lingting_ime_check_seconds", "Time the IME typo check took per message.");
    }
    return out;
}

}  // namespace lingting
