// The leads side of pg_store: leave-a-message leads. Writes go through the writer (the visitor
// is answered once the lead is durable), reads through the read connection.
#include "store/pg_reading.hpp"

namespace lingting {
namespace {

constexpr const char* lead_columns = "id, name, phone, message, department, address, created_at, closed_at, closed_by";

lead read_lead(const pg::result& q, int i) {
    lead l;
    l.id = q.integer(i, 0);
    l.name = q.text(i, 1);
    l.phone = q.text(i, 2);
    l.message = q.text(i, 3);
    l.department = q.text(i, 4);
    l.address = q.text(i, 5);
    l.created = from_epoch_ms(q.integer(i, 6));
    if (!q.is_null(i, 7)) l.closed_at = from_epoch_ms(q.integer(i, 7));
    if (!q.is_null(i, 8)) l.closed_by = q.text(i, 8);
    return l;
}

}  // namespace

std::int64_t pg_store::add_lead(const lead& l) {
    std::int64_t id = 0;
    write_and_wait("add_lead", [&](const pg::connection& d) {
        id = d.query("INSERT INTO leads(name, phone, message, department, address, created_at) "
                     "VALUES($1,$2,$3,$4,$5,$6) RETURNING id",
                     pg::params().add(l.name).add(l.phone).add(l.message).add(l.department).add(l.address)
                         .add(to_epoch_ms(l.created)))
                 .integer(0, 0);
    });
    return id;
}

std::vector<lead> pg_store::leads(int open_limit, int closed_limit) {
    return read([&](const pg::connection& db) {
        std::vector<lead> out;
        auto open = db.query(std::string("SELECT ") + lead_columns +
                                 " FROM leads WHERE closed_at IS NULL ORDER BY id LIMIT $1",
                             pg::params().add(open_limit));
        for (int i = 0; i < open.rows(); ++i) out.push_back(read_lead(open, i));
        if (closed_limit > 0) {
            auto closed = db.query(std::string("SELECT ") + lead_columns +
                                       " FROM leads WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT $1",
                                   pg::params().add(closed_limit));
            for (int i = 0; i < closed.rows(); ++i) out.push_back(read_lead(closed, i));
        }
        return out;
    });
}

std::optional<lead> pg_store::lead_by_id(std::int64_t id) {
    return read([&](const pg::connection& db) -> std::optional<lead> {
        auto q = db.query(std::string("SELECT ") + lead_columns + " FROM leads WHERE id=$1", pg::params().add(id));
        if (!q.rows()) return std::nullopt;
        return read_lead(q, 0);
    });
}

bool pg_store::close_lead(std::int64_t id, const std::string& by, time_point at) {
    bool closed = false;
    write_and_wait("close_lead", [&](const pg::connection& d) {
        closed = d.query("UPDATE leads SET closed_at=$1, closed_by=$2 WHERE id=$3 AND closed_at IS NULL",
                         pg::params().add(to_epoch_ms(at)).add(by).add(id))
                     .affected() == 1;
    });
    return closed;
}

}  // namespace lingting
