// The canned replies (快捷回复) side of sqlite_store. Writes go through the writer
// (write_and_wait), reads through the read connection.
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <set>

namespace lingting {
namespace {

constexpr const char* columns = "id, department, owner, title, text, updated_by, updated_at";

canned_reply read_reply(const sqlite::stmt& q) {
    canned_reply r;
    r.id = q.integer(0);
    r.department = q.text(1);
    r.owner = q.text(2);
    r.title = q.text(3);
    r.text = q.text(4);
    r.updated_by = q.text(5);
    r.updated_at = from_epoch_ms(q.integer(6));
    return r;
}

}  // namespace

std::vector<canned_reply> sqlite_store::canned_replies(const std::vector<std::string>& departments,
                                                       const std::string& owner) {
    auto [lock, rdb] = read();
    std::vector<canned_reply> out;
    // Department replies first (in the department order asked, or by department), then one's own.
    if (departments.empty()) {
        sqlite::stmt q(rdb, std::string("SELECT ") + columns +
                                " FROM canned_replies WHERE owner='' ORDER BY department, id");
        while (q.step()) out.push_back(read_reply(q));
    } else {
        sqlite::stmt q(rdb, std::string("SELECT ") + columns +
                                " FROM canned_replies WHERE owner='' AND department=? ORDER BY id");
        for (auto& d : departments) {
            q.reset();
            q.bind(1, d);
            while (q.step()) out.push_back(read_reply(q));
        }
    }
    if (!owner.empty()) {
        sqlite::stmt q(rdb, std::string("SELECT ") + columns + " FROM canned_replies WHERE owner=? ORDER BY id");
        q.bind(1, owner);
        while (q.step()) out.push_back(read_reply(q));
    }
    return out;
}

std::optional<canned_reply> sqlite_store::canned_reply_by_id(std::int64_t id) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, std::string("SELECT ") + columns + " FROM canned_replies WHERE id=?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_reply(q);
}

int sqlite_store::count_canned_replies(const std::string& department, const std::string& owner) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT count(*) FROM canned_replies WHERE department=? AND owner=?");
    q.bind(1, department).bind(2, owner);
    q.step();
    return static_cast<int>(q.integer(0));
}

std::int64_t sqlite_store::add_canned_reply(const canned_reply& r) {
    std::int64_t id = 0;
    write_and_wait("add_canned_reply", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "INSERT INTO canned_replies(department, owner, title, text, updated_by, updated_at) "
                          "VALUES(?,?,?,?,?,?)");
        q.bind(1, r.department).bind(2, r.owner).bind(3, r.title).bind(4, r.text).bind(5, r.updated_by)
            .bind(6, to_epoch_ms(r.updated_at)).run();
        id = sqlite3_last_insert_rowid(d.handle());
    });
    return id;
}

bool sqlite_store::update_canned_reply(std::int64_t id, const std::string& title, const std::string& text,
                                       const std::string& by, time_point at) {
    bool changed = false;
    write_and_wait("update_canned_reply", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "UPDATE canned_replies SET title=?, text=?, updated_by=?, updated_at=? WHERE id=?");
        q.bind(1, title).bind(2, text).bind(3, by).bind(4, to_epoch_ms(at)).bind(5, id).run();
        changed = sqlite3_changes(d.handle()) == 1;
    });
    return changed;
}

bool sqlite_store::delete_canned_reply(std::int64_t id) {
    bool changed = false;
    write_and_wait("delete_canned_reply", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "DELETE FROM canned_replies WHERE id=?");
        q.bind(1, id).run();
        changed = sqlite3_changes(d.handle()) == 1;
    });
    return changed;
}

int sqlite_store::seed_canned_replies(const std::vector<canned_reply>& defaults, time_point at) {
    int written = 0;
    // One write: a department is marked seeded together with its replies, or neither.
    write_and_wait("seed_canned_replies", [&](const sqlite::db& d) {
        written = 0;
        sqlite::stmt seeded(d, "SELECT 1 FROM canned_seeded WHERE department=?");
        sqlite::stmt mark(d, "INSERT OR IGNORE INTO canned_seeded(department) VALUES(?)");
        sqlite::stmt add(d, "INSERT INTO canned_replies(department, owner, title, text, updated_by, updated_at) "
                            "VALUES(?,'',?,?,'',?)");
        std::set<std::string> fresh, done;
        for (auto& r : defaults) {
            if (done.count(r.department)) continue;
            if (!fresh.count(r.department)) {
                seeded.reset();
                seeded.bind(1, r.department);
                if (seeded.step()) {
                    done.insert(r.department);
                    continue;
                }
                fresh.insert(r.department);
            }
            add.bind(1, r.department).bind(2, r.title).bind(3, r.text).bind(4, to_epoch_ms(at)).run();
            ++written;
        }
        for (auto& dep : fresh) mark.bind(1, dep).run();
    });
    return written;
}

}  // namespace lingting
