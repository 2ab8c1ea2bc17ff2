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
    constexpr int c = finding_select_columns;  // the conversation's columns follow the finding's
    while (q.step()) {
        recent_alert a;
        a.what = read_finding(q);
        a.conversation = q.text(c);
        a.consultant = q.text(c + 1);
        a.department = q.text(c + 2);
        if (!q.is_null(c + 3)) a.ended = from_epoch_ms(q.integer(c + 3));
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace lingting
