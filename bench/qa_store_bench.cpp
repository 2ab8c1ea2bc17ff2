// Fills a SQLite store with 100,000 ended conversations (6 messages, some findings each) and
// times what QA does on it: the list's first and hundredth page, with and without a filter,
// and a month's scorecards. Prints a table and writes the figures as JSON.
#include "auth/password.hpp"
#include "store/sqlite_store.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace lingting;
using steady = std::chrono::steady_clock;

namespace {

double ms_since(steady::time_point t) {
    return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    int total = argc > 1 ? std::atoi(argv[1]) : 100000;
    auto dir = std::filesystem::temp_directory_path() / ("lingting-qa-bench-" + crypto::random_hex(4));
    std::string json_out = argc > 2 ? argv[2] : "qa_store_bench.json";
    double fill_s = 0;
    {
        sqlite_store store((dir / "bench.db").string(), {false, 2000});
        const char* consultants[] = {"li", "wang", "zhang", "zhao", "chen", "liu", "yang", "huang"};
        const char* departments[] = {"男科", "妇科", "不孕不育", "口腔", "综合"};
        const ending endings[] = {ending::greeting, ending::visitor, ending::consultant, ending::system};
        time_point start{std::chrono::sys_days{std::chrono::year{2026} / 9 / 1}};
        auto t0 = steady::now();
        for (int i = 0; i < total; ++i) {
            std::string id = "c" + std::to_string(1000000 + i);
            time_point at = start + seconds{i * 77};  // ~ 3 months
            store.submit(open_conversation{id, departments[i % 5], "t" + id, at}, {});
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
        fill_s = ms_since(t0) / 1000;
    }
    sqlite_store store((dir / "bench.db").string(), {false, 2000});
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
    auto [all_first, all_100] = page_times({});
    qa_filter consultant_ending;
    consultant_ending.ending = "greeting";
    consultant_ending.consultant = "li";
    auto [f_first, f_100] = page_times(consultant_ending);
    qa_filter critical;
    critical.severity = "critical";
    auto [c_first, c_100] = page_times(critical);
    auto month_from = std::chrono::duration_cast<milliseconds>(
        time_point{std::chrono::sys_days{std::chrono::year{2026} / 10 / 1}}.time_since_epoch()).count();
    auto month_to = std::chrono::duration_cast<milliseconds>(
        time_point{std::chrono::sys_days{std::chrono::year{2026} / 11 / 1}}.time_since_epoch()).count();
    auto t = steady::now();
    auto cards = store.scorecards(report_group::consultant, month_from, month_to, 480);
    double month_ms = ms_since(t);
    t = steady::now();
    auto days = store.scorecards(report_group::day, month_from, month_to, 480);
    double days_ms = ms_since(t);

    std::printf("QA store benchmark: %d ended conversations, %d messages (filled in %.1f s)\n", total, total * 6, fill_s);
    std::printf("%-44s %10s %10s\n", "query", "page 1 ms", "page 100 ms");
    std::printf("%-44s %10.2f %10.2f\n", "list, no filter", all_first, all_100);
    std::printf("%-44s %10.2f %10.2f\n", "list, consultant=li & ending=greeting", f_first, f_100);
    std::printf("%-44s %10.2f %10.2f\n", "list, severity=critical", c_first, c_100);
    std::printf("%-44s %10.2f  (%zu consultants)\n", "scorecards, one month, by consultant", month_ms, cards.size());
    std::printf("%-44s %10.2f  (%zu days)\n", "scorecards, one month, by day", days_ms, days.size());
    std::ofstream(json_out) << "{\"conversations\":" << total << ",\"list_first_ms\":" << all_first
                            << ",\"list_100th_ms\":" << all_100 << ",\"filtered_first_ms\":" << f_first
                            << ",\"filtered_100th_ms\":" << f_100 << ",\"critical_first_ms\":" << c_first
                            << ",\"critical_100th_ms\":" << c_100 << ",\"month_scorecards_ms\":" << month_ms
                            << ",\"month_by_day_ms\":" << days_ms << "}\n";
    std::filesystem::remove_all(dir);
    return 0;
}
