// The supervisor board's recent alerts for pg_store (GET /api/alerts), as sqlite_alerts.cpp.
#include "store/alert_sql.hpp"
#include "store/pg_reading.hpp"

namespace lingting {

std::vector<recent_alert> pg_store::recent_alerts(std::int64_t since_ms, int limit) {
    return read([&](const pg::connection& db) {
        auto q = db.query(LINGTING_RECENT_ALERTS_SQL("$1::bigint", "$2::bigint"),
                          pg::params().add(since_ms).add(std::int64_t{limit}));
        std::vector<recent_alert> out;
        constexpr int c = finding_select_columns;  // the conversation's columns follow the finding's
        for (int i = 0; i < q.rows(); ++i) {
            auto row = q.row(i);
            recent_alert a;
            a.what = read_finding(row);
            a.conversation = row.text(c);
            a.consultant = row.text(c + 1);
            a.department = row.text(c + 2);
            if (!row.is_null(c + 3)) a.ended = from_epoch_ms(row.integer(c + 3));
            out.push_back(std::move(a));
        }
        return out;
    });
}

}  // namespace lingting
