// Fills a store with 100,000 ended conversations (6 messages, some findings each) and times what
// QA does on it: the list's first and hundredth page, with and without a filter, and a month's
// scorecards. Several backends side by side in one run, each filled with the same writes:
//
//   qa_store_bench [N] [OUT.json] [NAME=DATABASE ...]
//
// DATABASE is what --database= takes (a file path, or a postgresql:// URI of an empty database;
// bench/backends.sh starts a temporary PostgreSQL for it). Default: one SQLite file in /tmp.
// Prints a table, one column per backend, and writes the figures as JSON.
#include "auth/password.hpp"
#include "store/open_store.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace lingting;
using steady = std::chrono::steady_clock;

namespace {

double ms_since(steady::time_point t) {
    return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

const time_point first_day{std::chrono::sys_days{std::chrono::year{2026} / 9 / 1}};

struct figures {
    std::string backend;
    double fill_s = 0;
    double list_first = 0, list_100 = 0, filtered_first = 0, filtered_100 = 0, critical_first = 0, critical_100 = 0;
    double month_ms = 0, days_ms = 0;
    std::size_t consultants = 0, days = 0;
};

// The fill runs without fsync on SQLite (sync-full=false) to keep it short; the queries do not
// write. PostgreSQL commits with synchronous_commit=on whatever the options say.
store_options fill_options() {
    store_options o;
    o.sync_full = false;
    o.max_batch = 2000;
    return o;
}

void fill(message_store& store, int total) {
    const char* consultants[] = {"li", "wang", "zhang", "zhao", "chen", "liu", "yang", "huang"};
    const char* departments[] = {"男科", "妇科", "不孕不育", "口腔", "综合"};
    const ending endings[] = {ending::greeting, ending::visitor, ending::consultant, ending::system};
    time_point start = first_day;
    for (int i = 0; i < total; ++i) {
        std::string id = "c" + std::to_string(1000000 + i);
        time_point at = start + seconds{i * 77};  // ~ 3 months
        store.submit(open_conversation{id, departments[i % 5], "t" + id, at, {}}, {});
        store.submit(assign_conversation{id, consultants[i % 8]}, {});
        for (std::uint64_t s = 1; s <= 6; ++s)
            store.submit(append_message{id, {s, s % 2 ? sender::visitor : sender::consultant, "", "您好，请问包皮手术多少钱？", at + seconds{s * 10}, ""}}, {});
        if (i % 3 == 0) {
            finding f;
            f.kind = i % 2 ? "forbidden_phrase" : "idle_gap";
            f.rule = i % 2 ? "phrase" : "idle_warning";
            f.level = i % 6 == 3 ? severity::critical : severity::warning;
            f.seq = 2;
            f.at = at + seconds{20};
            store.submit(record_finding{id, f}, {});
        }
        store.submit(end_conversation{id, endings[i % 4], at + seconds{70}, close_trigger::visitor_left, i % 5 == 0}, {});
    }
    store.flush();
}

figures measure(const std::string& backend, const std::string& database, int total) {
    figures out;
    out.backend = backend;
    {
        auto store = open_store(database, fill_options());
        auto t0 = steady::now();
        fill(*store, total);
        out.fill_s = ms_since(t0) / 1000;
    }
    auto opened = open_store(database, fill_options());
    message_store& store = *opened;
    // One query untimed: the connection's first (PostgreSQL's reader connects, both load their
    // catalogs) is paid once per process, not per query.
    store.list_ended({}, {}, 1);
    auto page_times = [&](const qa_filter& f) {
        std::string cursor;
        double first = 0, hundredth = 0;
        for (int p = 1; p <= 100; ++p) {
            auto t = steady::now();
            auto page = store.list_ended(f, cursor, 20);
            double took = ms_since(t);
            if (p == 1) first = took;
            if (p == 100) hundredth = took;
            cursor = page.next_cursor;
            if (cursor.empty()) break;
        }
        return std::pair{first, hundredth};
    };
    std::tie(out.list_first, out.list_100) = page_times({});
    qa_filter consultant_ending;
    consultant_ending.ending = "greeting";
    consultant_ending.consultant = "li";
    std::tie(out.filtered_first, out.filtered_100) = page_times(consultant_ending);
    qa_filter critical;
    critical.severity = "critical";
    std::tie(out.critical_first, out.critical_100) = page_times(critical);
    // The last 30 days of what was filled (a short --quick fill has no October).
    auto month_to = to_epoch_ms(first_day + seconds{std::int64_t{total} * 77});
    auto month_from = std::max(to_epoch_ms(first_day), month_to - std::int64_t{30} * 24 * 3600 * 1000);
    auto t = steady::now();
    out.consultants = store.scorecards(report_group::consultant, month_from, month_to, 480).size();
    out.month_ms = ms_since(t);
    t = steady::now();
    out.days = store.scorecards(report_group::day, month_from, month_to, 480).size();
    out.days_ms = ms_since(t);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int total = argc > 1 ? std::atoi(argv[1]) : 100000;
    std::string json_out = argc > 2 ? argv[2] : "qa_store_bench.json";
    auto dir = std::filesystem::temp_directory_path() / ("lingting-qa-bench-" + crypto::random_hex(4));
    std::vector<std::pair<std::string, std::string>> backends;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        auto eq = a.find('=');
        if (eq == std::string::npos) {
            std::fprintf(stderr, "usage: qa_store_bench [N] [OUT.json] [NAME=DATABASE ...]\n");
            return 2;
        }
        backends.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    }
    if (backends.empty()) backends.emplace_back("sqlite", (dir / "bench.db").string());

    std::vector<figures> all;
    try {
        for (auto& [name, database] : backends) {
            std::fprintf(stderr, "%s: filling %d conversations...\n", name.c_str(), total);
            all.push_back(measure(name, database, total));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qa_store_bench: %s\n", e.what());
        std::filesystem::remove_all(dir);
        return 1;
    }

    std::printf("QA store benchmark: %d ended conversations, %d messages; ms per query\n", total, total * 6);
    std::printf("%-44s", "query");
    for (auto& f : all) std::printf(" %14s", f.backend.c_str());
    std::printf("\n");
    auto line = [&](const char* what, double figures::*field) {
        std::printf("%-44s", what);
        for (auto& f : all) std::printf(" %14.2f", f.*field);
        std::printf("\n");
    };
    line("fill (s, not ms: every write, group commits)", &figures::fill_s);
    line("list, no filter: page 1", &figures::list_first);
    line("list, no filter: page 100", &figures::list_100);
    line("list, consultant=li & ending=greeting: p. 1", &figures::filtered_first);
    line("list, consultant=li & ending=greeting: p. 100", &figures::filtered_100);
    line("list, severity=critical: page 1", &figures::critical_first);
    line("list, severity=critical: page 100", &figures::critical_100);
    line("scorecards, last 30 days, by consultant", &figures::month_ms);
    line("scorecards, last 30 days, by day", &figures::days_ms);

    std::ofstream json(json_out);
    json << "{\"conversations\":" << total;
    for (auto& f : all)
        json << ",\"" << f.backend << "\":{\"fill_s\":" << f.fill_s << ",\"list_first_ms\":" << f.list_first
             << ",\"list_100th_ms\":" << f.list_100 << ",\"filtered_first_ms\":" << f.filtered_first
             << ",\"filtered_100th_ms\":" << f.filtered_100 << ",\"critical_first_ms\":" << f.critical_first
             << ",\"critical_100th_ms\":" << f.critical_100 << ",\"month_scorecards_ms\":" << f.month_ms
             << ",\"month_by_day_ms\":" << f.days_ms << "}";
    json << "}\n";
    std::filesystem::remove_all(dir);
    return 0;
}
