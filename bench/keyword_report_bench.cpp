// Fills a SQLite store with 100,000 ended conversations that arrived from search engines and
// campaigns (300 keywords, a third wasted) and times the keyword report: its first view (by
// keyword, sorted by wasted cost), by source, one month, and the CSV export. Prints a table and
// writes the figures as JSON. Figures are measured here, never asserted.
#include "auth/password.hpp"
#include "net/keyword_report_csv.hpp"
#include "store/sqlite_store.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace lingting;
using steady = std::chrono::steady_clock;

namespace {

double ms_since(steady::time_point t) { return std::chrono::duration<double, std::milli>(steady::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
    int total = argc > 1 ? std::atoi(argv[1]) : 100000;
    std::string json_out = argc > 2 ? argv[2] : "keyword_report_bench.json";
    auto dir = std::filesystem::temp_directory_path() / ("lingting-kw-bench-" + crypto::random_hex(4));
    const char* consultants[] = {"li", "wang", "zhang", "zhao", "chen", "liu", "yang", "huang"};
    const char* sources[] = {"baidu", "360", "sogou", "shenma", ""};
    const char* stems[] = {"一侧输卵管能怀孕吗", "试管婴儿多少钱", "包皮手术费用", "种植牙价格", "月经不调怎么办", "早泄怎么治疗"};
    const ending endings[] = {ending::greeting, ending::visitor, ending::consultant, ending::system};
    time_point start{std::chrono::sys_days{std::chrono::year{2026} / 9 / 1}};
    double fill_s = 0;
    {
        sqlite_store store((dir / "bench.db").string(), {false, 2000});
        auto t0 = steady::now();
        for (int i = 0; i < total; ++i) {
            std::string id = "k" + std::to_string(1000000 + i);
            time_point at = start + seconds{i * 77};  // ~ 3 months
            visit_record v;
            const char* source = sources[i % 5];
            v.source.kind = *source ? source_kind::search : source_kind::direct;
            v.source.source = source;
            if (*source) v.source.keyword = std::string(stems[i % 6]) + std::to_string(i % 50);  // 300 keywords
            if (i % 7 == 0) v.source.campaign = "campaign" + std::to_string(i % 12);
            v.capture.landing = "https://www.clinic.example/page" + std::to_string(i % 40) + ".html";
            v.capture.browser_id = crypto::random_hex(16);
            store.submit(open_conversation{id, "不孕不育", "t" + id, at, v}, {});
            store.submit(assign_conversation{id, consultants[i % 8]}, {});
            for (std::uint64_t s = 1; s <= 4; ++s)
                store.submit(append_message{id, {s, s % 2 ? sender::visitor : sender::consultant, "", "您好", at + seconds{s * 10}, ""}}, {});
            bool intent = i % 2 == 0, wasted = i % 3 == 0 && intent;
            if (wasted) {
                finding f;
                f.kind = "wasted_intent";
                f.rule = "no_contact_no_appointment";
                f.level = severity::warning;
                f.cost = 200;
                f.at = at + seconds{60};
                store.submit(record_finding{id, f}, {});
            }
            store.submit(end_conversation{id, endings[i % 4], at + seconds{70}, close_trigger::visitor_left, intent,
                                          intent && !wasted},
                         {});
        }
        std::vector<keyword_spend_row> spend;
        for (int k = 0; k < 300; ++k)
            for (int d = 1; d <= 15; ++d)
                spend.push_back({std::string(stems[k % 6]) + std::to_string(k % 50), "2026-10-" + std::string(d < 10 ? "0" : "") + std::to_string(d), 10, 55.5});
        store.import_keyword_spend(spend);
        store.flush();
        fill_s = ms_since(t0) / 1000;
    }
    sqlite_store store((dir / "bench.db").string(), {false, 2000});
    auto time = [&](const keyword_report_query& q, std::size_t& rows) {
        auto t = steady::now();
        rows = store.keyword_report(q).size();
        return ms_since(t);
    };
    std::size_t n_first = 0, n_source = 0, n_month = 0;
    keyword_report_query first;  // the page's first view: all time, by keyword
    double first_ms = time(first, n_first);
    keyword_report_query by_source;
    by_source.group = keyword_group::source;
    double source_ms = time(by_source, n_source);
    keyword_report_query month;
    month.from_ms = to_epoch_ms(time_point{std::chrono::sys_days{std::chrono::year{2026} / 10 / 1}});
    month.to_ms = to_epoch_ms(time_point{std::chrono::sys_days{std::chrono::year{2026} / 11 / 1}});
    double month_ms = time(month, n_month);
    auto t = steady::now();
    auto csv = keyword_report_csv(store.keyword_report(first), "keyword");
    double csv_ms = ms_since(t);

    std::printf("Keyword report benchmark: %d ended conversations (filled in %.1f s)\n", total, fill_s);
    std::printf("%-44s %10s %8s\n", "query", "ms", "rows");
    std::printf("%-44s %10.1f %8zu\n", "first view: by keyword, all time", first_ms, n_first);
    std::printf("%-44s %10.1f %8zu\n", "by source, all time", source_ms, n_source);
    std::printf("%-44s %10.1f %8zu\n", "by keyword, one month (with spend)", month_ms, n_month);
    std::printf("%-44s %10.1f %8zu bytes\n", "CSV export, all time (query + CSV)", csv_ms, csv.size());
    std::ofstream(json_out) << "{\"conversations\":" << total << ",\"first_view_ms\":" << first_ms
                            << ",\"by_source_ms\":" << source_ms << ",\"month_ms\":" << month_ms
                            << ",\"csv_ms\":" << csv_ms << ",\"csv_bytes\":" << csv.size() << "}\n";
    std::filesystem::remove_all(dir);
    return 0;
}
