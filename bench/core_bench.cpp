// The relay's per-message work without sockets, threads or a disk: decode a `say` frame as the
// load generator sends it, the core's rules (seq, routing, the analyzer if on), the store write
// it asks for, then the commit's ack and relayed frame. On one core, so a change to decode,
// core or encode shows here in ns per message long before it shows through the noise of
// bench/load.sh (which adds the network, the writer thread and fsync).
//
// Three rows: analysis off; on with the built-in lexicon; on with lexicon/ as the server loads it,
// whose rude-reply model queues each consultant message for the worker with what the visitor
// wrote before it (the worker's own checks are not run here; bench/ime_bench measures them).
//
//   build/bench/bench/core_bench [MESSAGES] [CONVERSATIONS]
#include "core/analysis/lexicon_loader.hpp"
#include "core/chat_core.hpp"
#include "analysis/script_variants.hpp"

#include "../bench/loadgen/texts.hpp"
#include "repo_lexicon.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace lingting;

namespace {

// This thread's CPU time: the machine is shared, wall time would count the other builds.
double cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

struct result {
    double ns_per_message;
    std::size_t frames, frame_bytes, late_checks;
};

result run(bool analysis, int messages, int pairs, std::shared_ptr<const lexicon> lex = builtin_lexicon()) {
    core_settings s;
    s.max_load = 1;
    s.messages_per_second = 1e9;
    s.message_burst = 1e9;
    s.conversations_per_address = 0;
    s.max_queue = 1'000'000;
    s.live_analysis = analysis;
    chat_core core(s, std::move(lex));
    time_point now{std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}};
    outbox out;
    // Consultant i has session 2i+1, its visitor 2i+2; one conversation each (max_load 1).
    std::vector<std::string> conversation(static_cast<std::size_t>(pairs));
    for (int i = 0; i < pairs; ++i) {
        core.staff_join(2 * i + 1, {"c" + std::to_string(i), role::consultant, {}}, now, out);
        conversation[i] = "conv" + std::to_string(i);
        core.visitor_join(2 * i + 2, visitor_arrival{"", "127.0.0.1", "", {}}, conversation[i], "tok" + conversation[i], now,
                          out);
    }
    auto settle = [&] {
        while (!out.writes.empty()) {
            auto writes = std::move(out.writes);
            out.writes.clear();
            for (auto& w : writes)
                if (w.ticket) core.on_committed(*w.ticket, true, now, out);
        }
    };
    settle();
    out = outbox{};
    std::size_t frames = 0, bytes = 0, late = 0;
    std::string text;
    double start = cpu_ns();
    for (int k = 0; k < messages; ++k) {
        int pair = k % pairs;
        bool consultant = (k / pairs) % 2 == 1;
        now += std::chrono::milliseconds(1);
        text.assign("{\"type\":\"say\",");
        if (consultant) text.append("\"conversation\":\"").append(conversation[pair]).append("\",");
        auto& lines = consultant ? loadgen::consultant_lines : loadgen::visitor_lines;
        text.append("\"text\":\"").append(lines[k % lines.size()]).append("\",\"id\":\"t");
        text.append(std::to_string(1'764'538'000'000'000'000ULL + k)).append("\"}");
        auto decoded = proto::decode(text);
        session_id sid = consultant ? 2 * pair + 1 : 2 * pair + 2;
        core.on_frame(sid, std::move(std::get<proto::client_frame>(decoded)), now, out);
        settle();  // as the store's commit would, at once
        for (auto& f : out.frames) {
            ++frames;
            bytes += f.text->size();
        }
        out.frames.clear();
        late += out.ime_checks.size();
        out.ime_checks.clear();
    }
    double took = cpu_ns() - start;
    return {took / messages, frames, bytes, late};
}

}  // namespace

int main(int argc, char** argv) {
    int messages = argc > 1 ? std::atoi(argv[1]) : 400'000;
    int pairs = argc > 2 ? std::atoi(argv[2]) : 200;
    run(false, messages / 10, pairs);  // warm caches and the allocator
    auto lexicon_dir = bench::repo_lexicon();
    auto report = [&](const char* row, const result& r, int n) {
        std::printf("%-22s %8.0f CPU ns/message  %.2f frames/message  %.0f bytes/message  %.2f worker checks/message\n",
                    row, r.ns_per_message, static_cast<double>(r.frames) / n, static_cast<double>(r.frame_bytes) / n,
                    static_cast<double>(r.late_checks) / n);
    };
    for (int round = 0; round < 3; ++round) report("analysis off", run(false, messages, pairs), messages);
    for (int round = 0; round < 3; ++round) report("analysis on, built-in", run(true, messages / 4, pairs), messages / 4);
    for (int round = 0; round < 3; ++round)
        report("analysis on, lexicon/", run(true, messages / 4, pairs, lexicon_dir), messages / 4);
}
