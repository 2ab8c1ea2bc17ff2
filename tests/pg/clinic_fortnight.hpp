// A clinic's fortnight written through the store API, and its QA answers as text lines: the
// PostgreSQL store is compared with the SQLite one on the same writes (qa_parity_test.cpp), and
// a copied database with its source (pg_copy_test.cpp).
#pragma once

#include "core/message_store.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace lingting::testing {

using std::chrono::hours;

inline const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

// A clinic's fortnight, the same on every store: departments, consultants, endings, ratings,
// findings of each severity (some escalating), visits with sources and keywords, verdicts.
inline void seed(message_store& s, int conversations) {
    const char* departments[] = {"男科", "妇科", "皮肤科"};
    const char* consultants[] = {"li", "wang", "zhao", ""};
    const char* keywords[] = {"前列腺", "月经不调", "", "痤疮"};
    const ending endings[] = {ending::greeting, ending::visitor, ending::consultant, ending::system};
    for (int i = 0; i < conversations; ++i) {
        std::string id = "c" + std::to_string(1000 + i * 7 % conversations);
        auto start = t0 + hours{(i * 5) % 330} + seconds{i};
        visit_record visit;
        if (i % 4 != 3) {
            visit.capture.referrer = "https://www.baidu.com/s?wd=x";
            visit.capture.landing = "https://clinic.example/" + std::to_string(i % 3);
            visit.capture.browser_id = "b" + std::to_string(i % 5);
            visit.source = {i % 3 ? source_kind::search : source_kind::campaign, i % 3 ? "baidu" : "sogou",
                            keywords[i % 4], i % 3 ? "" : "秋季"};
            visit.cost = 10.0 * (i % 3);
        }
        s.submit(open_conversation{id, departments[i % 3], "r" + id, start, visit}, {});
        std::string who = consultants[i % 4];
        if (!who.empty()) s.submit(assign_conversation{id, who}, {});
        int n = 1 + i % 6;
        for (int k = 1; k <= n; ++k) {
            bool visitor = k % 2 == 1;
            s.submit(append_message{id, {static_cast<std::uint64_t>(k), visitor ? sender::visitor : sender::consultant,
                                         visitor ? "" : who, "消息" + std::to_string(k),
                                         start + seconds{k * (10 + i % 40)}, ""}},
                     {});
        }
        if (i % 3 == 0) {
            finding f;
            f.kind = "idle_gap";
            f.rule = "idle_warning";
            f.level = severity::warning;
            f.seq = 1;
            f.at = start + seconds{90};
            f.duration_ms = 90000;
            s.submit(record_finding{id, f}, {});
            if (i % 2 == 0) {
                f.rule = "idle_critical";
                f.level = severity::critical;
                f.escalates = true;
                f.duration_ms = 200000;
                s.submit(record_finding{id, f}, {});
            }
        }
        if (i % 5 == 1) {
            finding f;
            f.kind = "forbidden_phrase";
            f.rule = "phrase:不知道";
            f.category = i % 2 ? "scolding" : "rhetorical";
            f.level = i % 2 ? severity::critical : severity::info;
            f.seq = 2;
            f.at = start + seconds{30};
            s.submit(record_finding{id, f}, {});
        }
        if (i % 7 == 2) {
            finding f;
            f.kind = "wasted_intent";
            f.rule = "no_contact";
            f.level = severity::warning;
            f.at = start + seconds{100};
            f.cost = 10.0 * (i % 3) + 0.5;
            s.submit(record_finding{id, f}, {});
        }
        if (i % 9 != 8)  // a few stay open
            s.submit(end_conversation{id, endings[i % 4], start + seconds{300 + i % 50}, close_trigger::visitor_left,
                                      i % 2 == 0, i % 4 == 1},
                     {});
        if (i % 3 == 1) s.submit(rate_conversation{id, i % 2 == 0, i % 2 ? "不满意" : "很好"}, {});
    }
    s.flush();
    // Verdicts: a finding judged twice (the latest counts), a conversation verdict.
    for (int i = 0; i < conversations; i += 6) {
        std::string id = "c" + std::to_string(1000 + i * 7 % conversations);
        auto c = s.conversation(id);
        if (!c || !c->ended_at) continue;
        for (auto& f : c->findings) {
            s.add_finding_verdict(f.id, "confirmed", "", "qa1", t0);
            if (i % 12 == 0) s.add_finding_verdict(f.id, "dismissed", "误报", "qa2", t0 + seconds{1});
        }
        s.add_conversation_verdict(id, i % 12 ? "pass" : "fail", "", "qa1", t0);
    }
    s.import_keyword_spend({{"前列腺", "2026-11-23", 10, 50.0}, {"痤疮", "2026-11-30", 3, 9.5}, {"不存在", "2026-11-24", 1, 1.0}});
}

inline std::string describe(const qa_row& r) {
    std::ostringstream o;
    o << r.id << "|" << r.department << "|" << r.consultant << "|" << to_epoch_ms(r.started) << "|"
      << to_epoch_ms(r.ended) << "|" << r.how << "|" << r.visitor_messages << "/" << r.consultant_messages << "|"
      << r.info << "/" << r.warning << "/" << r.critical << "|" << (r.satisfied ? (*r.satisfied ? "y" : "n") : "-")
      << "|" << r.rating_comment << "|" << r.wasted_cost << "|" << r.verdict << "|" << r.source << "|" << r.keyword;
    return o.str();
}

// Every page of the list, and the cursors between them.
inline std::vector<std::string> all_pages(message_store& s, const qa_filter& f, int limit) {
    std::vector<std::string> out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
        auto page = s.list_ended(f, cursor, limit);
        for (auto& r : page.rows) out.push_back(describe(r));
        out.push_back("next=" + page.next_cursor);
        if (page.next_cursor.empty()) break;
        cursor = page.next_cursor;
    }
    return out;
}

inline std::string describe(const scorecard& c) {
    std::ostringstream o;
    o << c.key << "|" << c.conversations << "|";
    for (auto& [k, v] : c.endings) o << k << "=" << v << ",";
    o << "|" << c.consultant_messages << "|" << (c.first_response_median_s ? *c.first_response_median_s : -1) << "|"
      << (c.first_response_p90_s ? *c.first_response_p90_s : -1) << "|" << c.idle_gaps << "|";
    for (auto& [k, v] : c.findings) o << k << "=" << v << ",";
    o << "|" << c.confirmed_criticals << "|" << c.satisfied << "/" << c.unsatisfied << "|" << c.with_intent << "|"
      << c.wasted << "|" << c.wasted_cost;
    return o.str();
}

inline std::vector<std::string> describe(const std::vector<scorecard>& cards) {
    std::vector<std::string> out;
    for (auto& c : cards) out.push_back(describe(c));
    return out;
}

inline std::vector<std::string> describe(const std::vector<keyword_report_row>& rows) {
    std::vector<std::string> out;
    for (auto& r : rows) {
        std::ostringstream o;
        o << r.key << "|" << r.source << "|" << r.conversations << "|" << r.with_intent << "|" << r.converted << "|"
          << r.wasted << "|" << r.wasted_cost << "|" << r.clicks << "|" << r.spend << "|";
        for (auto& [k, v] : r.endings) o << k << "=" << v << ",";
        for (auto& c : r.consultants) o << c << ",";
        out.push_back(o.str());
    }
    return out;
}

}  // namespace lingting::testing
