// The canned replies (快捷回复) side of pg_store. Writes go through the writer
// (write_and_wait), reads through the read connection.
#include "store/pg_reading.hpp"

#include <set>

namespace lingting {
namespace {

constexpr const char* columns = "id, department, owner, title, text, updated_by, updated_at";

canned_reply read_reply(const pg::result& q, int i) {
    canned_reply r;
    r.id = q.integer(i, 0);
    r.department = q.text(i, 1);
    r.owner = q.text(i, 2);
    r.title = q.text(i, 3);
    r.text = q.text(i, 4);
    r.updated_by = q.text(i, 5);
    r.updated_at = from_epoch_ms(q.integer(i, 6));
    return r;
}

}  // namespace

std::vector<canned_reply> pg_store::canned_replies(const std::vector<std::string>& departments,
                                                   const std::string& owner) {
    return read([&](const pg::connection& db) {
        std::vector<canned_reply> out;
        auto all = [&](const pg::result& q) {
            for (int i = 0; i < q.rows(); ++i) out.push_back(read_reply(q, i));
        };
        // Department replies first (in the department order asked, or by department), then one's own.
        if (departments.empty()) {
            all(db.query(std::string("SELECT ") + columns + " FROM canned_replies WHERE owner='' ORDER BY department, id"));
        } else {
            for (auto& d : departments)
                all(db.query(std::string("SELECT ") + columns +
                                 " FROM canned_replies WHERE owner='' AND department=$1 ORDER BY id",
                             pg::params().add(d)));
        }
        if (!owner.empty())
            all(db.query(std::string("SELECT ") + columns + " FROM canned_replies WHERE owner=$1 ORDER BY id",
                         pg::params().add(owner)));
        return out;
    });
}

std::optional<canned_reply> pg_store::canned_reply_by_id(std::int64_t id) {
    return read([&](const pg::connection& db) -> std::optional<canned_reply> {
        auto q = db.query(std::string("SELECT ") + columns + " FROM canned_replies WHERE id=$1", pg::params().add(id));
        if (!q.rows()) return std::nullopt;
        return read_reply(q, 0);
    });
}

int pg_store::count_canned_replies(const std::string& department, const std::string& owner) {
    return read([&](const pg::connection& db) {
        return static_cast<int>(db.query("SELECT count(*) FROM canned_replies WHERE department=$1 AND owner=$2",
                                         pg::params().add(department).add(owner))
                                    .integer(0, 0));
    });
}

std::int64_t pg_store::add_canned_reply(const canned_reply& r) {
    std::int64_t id = 0;
    write_and_wait("add_canned_reply", [&](const pg::connection& d) {
        id = d.query("INSERT INTO canned_replies(department, owner, title, text, updated_by, updated_at) "
                     "VALUES($1,$2,$3,$4,$5,$6) RETURNING id",
                     pg::params().add(r.department).add(r.owner).add(r.title).add(r.text).add(r.updated_by)
                         .add(to_epoch_ms(r.updated_at)))
                 .integer(0, 0);
    });
    return id;
}

bool pg_store::update_canned_reply(std::int64_t id, const std::string& title, const std::string& text,
                                   const std::string& by, time_point at) {
    bool changed = false;
    write_and_wait("update_canned_reply", [&](const pg::connection& d) {
        changed = d.query("UPDATE canned_replies SET title=$1, text=$2, updated_by=$3, updated_at=$4 WHERE id=$5",
                          pg::params().add(title).add(text).add(by).add(to_epoch_ms(at)).add(id))
                      .affected() == 1;
    });
    return changed;
}

bool pg_store::delete_canned_reply(std::int64_t id) {
    bool changed = false;
    write_and_wait("delete_canned_reply", [&](const pg::connection& d) {
        changed = d.query("DELETE FROM canned_replies WHERE id=$1", pg::params().add(id)).affected() == 1;
    });
    return changed;
}

int pg_store::seed_canned_replies(const std::vector<canned_reply>& defaults, time_point at) {
    int written = 0;
    // One write: a department is marked seeded together with its replies, or neither.
    write_and_wait("seed_canned_replies", [&](const pg::connection& d) {
        written = 0;
        std::set<std::string> fresh, done;
        for (auto& r : defaults) {
            if (done.count(r.department)) continue;
            if (!fresh.count(r.department)) {
                if (d.query("SELECT 1 FROM canned_seeded WHERE department=$1", pg::params().add(r.department)).rows()) {
                    done.insert(r.department);
                    continue;
                }
                fresh.insert(r.department);
            }
            d.query("INSERT INTO canned_replies(department, owner, title, text, updated_by, updated_at) "
                    "VALUES($1,'',$2,$3,'',$4)",
                    pg::params().add(r.department).add(r.title).add(r.text).add(to_epoch_ms(at)));
            ++written;
        }
        for (auto& dep : fresh)
            d.query("INSERT INTO canned_seeded(department) VALUES($1) ON CONFLICT DO NOTHING", pg::params().add(dep));
    });
    return written;
}

}  // namespace lingting
