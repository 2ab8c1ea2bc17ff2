// The leads side of sqlite_store: leave-a-message leads. Writes go through the writer
// (write_and_wait: the visitor is answered once the lead is durable), reads through the read
// connection.
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace lingting {
namespace {

constexpr const char* lead_columns = "id, name, phone, message, department, address, created_at, closed_at, closed_by";

lead read_lead(const sqlite::stmt& q) {
    lead l;
    l.id = q.integer(0);
    l.name = q.text(1);
    l.phone = q.text(2);
    l.message = q.text(3);
    l.department = q.text(4);
    l.address = q.text(5);
    l.created = from_epoch_ms(q.integer(6));
    if (!q.is_null(7)) l.closed_at = from_epoch_ms(q.integer(7));
    if (!q.is_null(8)) l.closed_by = q.text(8);
    return l;
}

}  // namespace

std::int64_t sqlite_store::add_lead(const lead& l) {
    std::int64_t id = 0;
    write_and_wait("add_lead", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "INSERT INTO leads(name, phone, message, department, address, created_at) VALUES(?,?,?,?,?,?)");
        q.bind(1, l.name).bind(2, l.phone).bind(3, l.message).bind(4, l.department).bind(5, l.address)
            .bind(6, to_epoch_ms(l.created)).run();
        id = sqlite3_last_insert_rowid(d.handle());
    });
    return id;
}

std::vector<lead> sqlite_store::leads(int open_limit, int closed_limit) {
    auto [lock, rdb] = read();
    std::vector<lead> out;
    sqlite::stmt open(rdb, std::string("SELECT ") + lead_columns +
                               " FROM leads WHERE closed_at IS NULL ORDER BY id LIMIT ?");
    open.bind(1, std::int64_t{open_limit});
    while (open.step()) out.push_back(read_lead(open));
    if (closed_limit > 0) {
        sqlite::stmt closed(rdb, std::string("SELECT ") + lead_columns +
                                     " FROM leads WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT ?");
        closed.bind(1, std::int64_t{closed_limit});
        while (closed.step()) out.push_back(read_lead(closed));
    }
    return out;
}

std::optional<lead> sqlite_store::lead_by_id(std::int64_t id) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, std::string("SELECT ") + lead_columns + " FROM leads WHERE id=?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_lead(q);
}

bool sqlite_store::close_lead(std::int64_t id, const std::string& by, time_point at) {
    bool closed = false;
    write_and_wait("close_lead", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "UPDATE leads SET closed_at=?, closed_by=? WHERE id=? AND closed_at IS NULL");
        q.bind(1, to_epoch_ms(at)).bind(2, by).bind(3, id).run();
        closed = sqlite3_changes(d.handle()) == 1;
    });
    return closed;
}

}  // namespace lingting
