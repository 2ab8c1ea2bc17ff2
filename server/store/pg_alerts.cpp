// The supervisor board's recent alerts for pg_store (GET /api/alerts), as sqlite_alerts.cpp.
#include "store/alert_sql.hpp"
#include "store/pg_reading.hpp"

namespace lingting {

std::vector<recent_alert> pg_store::recent_alerts(std::int64_t since_ms, int limit) {
    return read([&](const pg::connection& db) {
        auto q = db.query(LINGTING_RECENT_ALERTS_SQL("$1::bigint", "$2::bigint"),
                          pg::params().add(since_ms).add(std::int64_t{limit}));
        std::vector<recent_alert> out;
        for (int i = 0; i < q.rows(); ++i) {
            recent_alert a;
            a.conversation = q.text(i, 1);
            a.consultant = q.text(i, 2);
            a.department = q.text(i, 3);
            if (!q.is_null(i, 4)) a.ended = from_epoch_ms(q.integer(i, 4));
            auto& f = a.what;
            f.id = q.integer(i, 0);
            f.seq = static_cast<std::uint64_t>(q.integer(i, 5));
            f.kind = q.text(i, 6);
            f.rule = q.text(i, 7);
            f.category = q.text(i, 8);
            f.level = parse_severity(q.text(i, 9)).value_or(severity::warning);
            f.matched = q.text(i, 10);
            f.begin = static_cast<std::uint32_t>(q.integer(i, 11));
            f.end = static_cast<std::uint32_t>(q.integer(i, 12));
            f.suggestion = q.text(i, 13);
            f.at = from_epoch_ms(q.integer(i, 14));
            f.duration_ms = q.integer(i, 15);
            f.cost = q.real(i, 16);
            f.detail = q.text(i, 17);
            f.consultant = q.text(i, 18);
            out.push_back(std::move(a));
        }
        return out;
    });
}

}  // namespace lingting
