// The supervisor board's recent alerts for sqlite_store (GET /api/alerts): what a reload or a
// server restart would otherwise lose, read back from the findings.
#include "store/alert_sql.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace lingting {

std::vector<recent_alert> sqlite_store::recent_alerts(std::int64_t since_ms, int limit) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, LINGTING_RECENT_ALERTS_SQL("?1", "?2"));
    q.bind(1, since_ms).bind(2, std::int64_t{limit});
    std::vector<recent_alert> out;
    while (q.step()) {
        recent_alert a;
        a.conversation = q.text(1);
        a.consultant = q.text(2);
        a.department = q.text(3);
        if (!q.is_null(4)) a.ended = from_epoch_ms(q.integer(4));
        auto& f = a.what;
        f.id = q.integer(0);
        f.seq = static_cast<std::uint64_t>(q.integer(5));
        f.kind = q.text(6);
        f.rule = q.text(7);
        f.category = q.text(8);
        f.level = parse_severity(q.text(9)).value_or(severity::warning);
        f.matched = q.text(10);
        f.begin = static_cast<std::uint32_t>(q.integer(11));
        f.end = static_cast<std::uint32_t>(q.integer(12));
        f.suggestion = q.text(13);
        f.at = from_epoch_ms(q.integer(14));
        f.duration_ms = q.integer(15);
        f.cost = q.real(16);
        f.detail = q.text(17);
        f.consultant = q.text(18);
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace lingting
