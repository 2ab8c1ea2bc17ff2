// The IME typo check's cost per consultant message (thread CPU time, so a busy shared machine
// does not inflate it) over every consultant message of tests/corpus, and its worker's queue
// depth when fed at fixed rates. Figures are printed, never asserted.
// Usage: ime_bench [passes=5] [seconds_per_rate=3]
#include "core/analysis/lexicon_loader.hpp"
#include "core/config.hpp"
#include "ime/libime_checker.hpp"
#include "net/ime_worker.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace lingting;

namespace {

double thread_cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

std::vector<std::string> consultant_messages() {
    std::vector<std::string> out;
    for (const char* split : {"dev", "holdout"})
        for (auto& e : std::filesystem::directory_iterator(std::string(LINGTING_SOURCE_DIR) + "/tests/corpus/" + split)) {
            if (e.path().extension() != ".jsonl") continue;
            std::ifstream in(e.path());
            for (std::string line; std::getline(in, line);) {
                rapidjson::Document d;
                d.Parse(line.c_str());
                if (d.IsObject() && d.HasMember("from") && std::string(d["from"].GetString()) == "consultant")
                    out.emplace_back(d["text"].GetString());
            }
        }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int passes = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    int seconds = argc > 2 ? std::clamp(std::atoi(argv[2]), 1, 30) : 3;
    auto loaded = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon");
    if (!loaded.lex) return 1;
    auto t0 = std::chrono::steady_clock::now();
    server_config cfg;
    std::string error;
    auto checker = make_ime_checker(cfg, std::string(LINGTING_SOURCE_DIR) + "/lexicon", error);
    if (!checker) {
        std::fprintf(stderr, "ime: %s\n", error.c_str());
        return 1;
    }
    double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    auto messages = consultant_messages();
    std::printf("model loaded in %.0f ms (wall); %zu consultant messages\n", load_ms, messages.size());

    // Cost per message, one thread.
    std::vector<double> costs;
    std::size_t flagged = 0;
    for (int p = 0; p < passes; ++p)
        for (auto& m : messages) {
            double before = thread_cpu_us();
            auto found = checker->check(m, *loaded.lex);
            costs.push_back(thread_cpu_us() - before);
            if (p == 0) flagged += !found.empty();
        }
    std::sort(costs.begin(), costs.end());
    double sum = 0;
    for (double c : costs) sum += c;
    auto pct = [&](double q) { return costs[std::min(costs.size() - 1, static_cast<std::size_t>(q * costs.size()))]; };
    std::printf("cost per message (CPU): mean %.0f us, p50 %.0f, p90 %.0f, p99 %.0f, max %.0f; %zu of %zu flagged\n",
                sum / costs.size(), pct(0.5), pct(0.9), pct(0.99), costs.back(), flagged, messages.size());

    // The worker fed at fixed rates (queue 1000, as the default ime-queue), each for `seconds`.
    std::printf("%10s %10s %10s %10s %10s\n", "msg/s", "offered", "checked", "skipped", "max depth");
    for (int rate : {100, 500, 1000, 2000, 5000}) {
        ime_worker w(*checker, static_cast<std::size_t>(cfg.ime_queue), [](const ime_worker::job&, std::vector<finding>) {});
        std::size_t offered = 0, max_depth = 0;
        auto start = std::chrono::steady_clock::now();
        auto end = start + std::chrono::seconds(seconds);
        for (auto next = start; next < end; next += std::chrono::microseconds(1'000'000 / rate)) {
            std::this_thread::sleep_until(next);
            w.submit({"c", offered + 1, {}, messages[offered % messages.size()], loaded.lex});
            ++offered;
            max_depth = std::max(max_depth, w.depth());
        }
        auto checked = w.checked();
        auto skipped = w.skipped();
        w.stop();
        std::printf("%10d %10zu %10llu %10llu %10zu\n", rate, offered, static_cast<unsigned long long>(checked),
                    static_cast<unsigned long long>(skipped), max_depth);
    }
    return 0;
}
