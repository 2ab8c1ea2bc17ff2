#include "store/pg_writes.hpp"

#include "auth/password.hpp"
#include "core/analysis/finding_steps.hpp"
#include "store/finding_columns.hpp"

namespace lingting::pg_writes {
namespace {

#define SEVERITY_RANK_SQL(col) "(CASE " col " WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END)"

constexpr const char* open_sql =
    "INSERT INTO conversations(id, department, resume_hash, started_at) VALUES($1,$2,$3,$4)";
constexpr const char* visit_sql =
    "INSERT INTO conversation_visits(conversation, source_kind, source, keyword, campaign, referrer, landing, "
    "landing_title, page, pages, device, browser, cost) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)";
constexpr const char* assign_sql = "UPDATE conversations SET consultant=$1 WHERE id=$2";
constexpr const char* append_sql =
    "INSERT INTO messages(conversation, seq, sender, author, text, at, client_id) VALUES($1,$2,$3,$4,$5,$6,$7)";
constexpr const char* end_sql =
    "UPDATE conversations SET ended_at=$1, ending=$2, closed_by=$3, had_intent=$4, converted=$5 "
    "WHERE id=$6 AND ended_at IS NULL";
constexpr const char* rate_sql = "UPDATE conversations SET satisfied=$1, rating_comment=$2 WHERE id=$3";
constexpr const char* finding_sql =
    "INSERT INTO findings(" LINGTING_FINDING_COLUMNS ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)";
// A later step of one event updates that event's row (fold_step in SQL): the severity never goes
// down and the rule follows the step that raised it; the length is the newest. If the first
// step was never stored (lost with a failed write), this step stands alone as a new row.
constexpr const char* escalate_sql =
    "WITH target AS (SELECT id FROM findings WHERE conversation = $1 AND kind = $3 AND seq = $2::bigint "
    "  ORDER BY id DESC LIMIT 1), "
    "raised AS (UPDATE findings f SET "
    "  rule = CASE WHEN $15::int > " SEVERITY_RANK_SQL("f.severity") " THEN $4 ELSE f.rule END, "
    "  severity = CASE WHEN $15::int > " SEVERITY_RANK_SQL("f.severity") " THEN $6 ELSE f.severity END, "
    "  duration_ms = GREATEST(f.duration_ms, $12::bigint) "
    "  FROM target WHERE f.id = target.id RETURNING f.id) "
    "INSERT INTO findings(" LINGTING_FINDING_COLUMNS ") SELECT $1::text, $2::bigint, $3::text, $4::text, "
    "$5::text, $6::text, $7::text, $8::int, $9::int, $10::text, $11::bigint, $12::bigint, $13::float8, $14::text "
    "WHERE NOT EXISTS (SELECT 1 FROM raised)";

}  // namespace

void statements_for(const store_write& w, std::vector<pg::statement>& out) {
    std::visit(
        [&](auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, open_conversation>) {
                out.push_back({open_sql, pg::params().add(x.id).add(x.department)
                                             .add(crypto::sha256_hex(x.resume_token)).add(to_epoch_ms(x.started))});
                if (!x.visit.empty()) {
                    auto& v = x.visit;
                    out.push_back({visit_sql, pg::params().add(x.id).add(to_string(v.source.kind))
                                                  .add(v.source.source).add(v.source.keyword).add(v.source.campaign)
                                                  .add(v.capture.referrer).add(v.capture.landing)
                                                  .add(v.capture.landing_title).add(v.capture.page)
                                                  .add(std::int64_t{v.capture.pages}).add(v.device)
                                                  .add(v.capture.browser_id).add(v.cost)});
                }
            } else if constexpr (std::is_same_v<T, assign_conversation>) {
                out.push_back({assign_sql, pg::params().add(x.consultant).add(x.id)});
            } else if constexpr (std::is_same_v<T, append_message>) {
                out.push_back({append_sql, pg::params().add(x.conversation).add(static_cast<std::int64_t>(x.msg.seq))
                                               .add(to_string(x.msg.from)).add(x.msg.author).add(x.msg.text)
                                               .add(to_epoch_ms(x.msg.at)).add(x.msg.client_id)});
            } else if constexpr (std::is_same_v<T, end_conversation>) {
                out.push_back({end_sql, pg::params().add(to_epoch_ms(x.at)).add(to_string(x.how))
                                            .add(to_string(x.trigger)).add(x.had_intent).add(x.converted).add(x.id)});
            } else if constexpr (std::is_same_v<T, rate_conversation>) {
                out.push_back({rate_sql, pg::params().add(x.satisfied).add(x.comment).add(x.id)});
            } else if constexpr (std::is_same_v<T, record_finding>) {
                auto& f = x.what;
                pg::params p;
                p.add(x.conversation).add(static_cast<std::int64_t>(f.seq)).add(f.kind).add(f.rule).add(f.category)
                    .add(to_string(f.level)).add(f.matched).add(std::int64_t{f.begin}).add(std::int64_t{f.end})
                    .add(f.suggestion).add(to_epoch_ms(f.at)).add(f.duration_ms).add(f.cost).add(f.detail);
                if (f.escalates) p.add(std::int64_t{severity_rank(f.level)});
                out.push_back({f.escalates ? escalate_sql : finding_sql, std::move(p)});
            }
        },
        w);
}

std::optional<visit_record> load_visit(const pg::connection& db, const std::string& id) {
    auto q = db.query("SELECT source_kind, source, keyword, campaign, referrer, landing, landing_title, page, pages, "
                      "device, browser, cost FROM conversation_visits WHERE conversation=$1",
                      pg::params().add(id));
    if (!q.rows()) return std::nullopt;
    visit_record v;
    auto kind = q.text(0, 0);
    v.source.kind = kind == "search" ? source_kind::search : kind == "campaign" ? source_kind::campaign
                  : kind == "referral" ? source_kind::referral : source_kind::direct;
    v.source.source = q.text(0, 1);
    v.source.keyword = q.text(0, 2);
    v.source.campaign = q.text(0, 3);
    v.capture.referrer = q.text(0, 4);
    v.capture.landing = q.text(0, 5);
    v.capture.landing_title = q.text(0, 6);
    v.capture.page = q.text(0, 7);
    v.capture.pages = static_cast<std::uint32_t>(q.integer(0, 8));
    v.device = q.text(0, 9);
    v.capture.browser_id = q.text(0, 10);
    v.cost = q.real(0, 11);
    return v;
}

}  // namespace lingting::pg_writes
