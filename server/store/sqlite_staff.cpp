// The staff and tokens side of sqlite_store: accounts and bearer tokens. Writes go through the
// writer (write_and_wait), reads through the read connection.
#include "auth/password.hpp"
#include "core/strings.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace lingting {

bool sqlite_store::add_staff(const staff_record& s) { return add_staff_many({s}) == 1; }

std::size_t sqlite_store::add_staff_many(const std::vector<staff_record>& all) {
    std::size_t added = 0;
    // One write (one savepoint): all of them or, on failure, none.
    write_and_wait("add_staff", [&](const sqlite::db& d) {
        added = 0;
        sqlite::stmt q(d, "INSERT OR IGNORE INTO staff(name, role, departments, password_hash, disabled, "
                          "created_at) VALUES(?,?,?,?,?,strftime('%s','now'))");
        for (auto& s : all) {
            q.bind(1, s.name).bind(2, to_string(s.r)).bind(3, join_list(s.departments)).bind(4, s.password_hash)
                .bind(5, std::int64_t{s.disabled}).run();
            added += static_cast<std::size_t>(sqlite3_changes(d.handle()));
        }
    });
    return added;
}

namespace {
staff_record read_staff(const sqlite::stmt& q) {
    staff_record s;
    s.name = q.text(0);
    s.r = parse_role(q.text(1)).value_or(role::consultant);
    s.departments = split_list(q.text(2));
    s.password_hash = q.text(3);
    s.disabled = q.integer(4) != 0;
    return s;
}
}  // namespace

std::optional<staff_record> sqlite_store::staff(const std::string& name) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT name, role, departments, password_hash, disabled FROM staff WHERE name=?");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return read_staff(q);
}

std::vector<staff_record> sqlite_store::all_staff() {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT name, role, departments, password_hash, disabled FROM staff ORDER BY name");
    std::vector<staff_record> out;
    while (q.step()) out.push_back(read_staff(q));
    return out;
}

bool sqlite_store::set_staff_disabled(const std::string& name, bool disabled) {
    bool changed = false;
    write_and_wait(disabled ? "disable_staff" : "enable_staff", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "UPDATE staff SET disabled=? WHERE name=?");
        q.bind(1, std::int64_t{disabled}).bind(2, name).run();
        changed = sqlite3_changes(d.handle()) == 1;
        if (disabled) {
            sqlite::stmt t(d, "DELETE FROM tokens WHERE name=?");
            t.bind(1, name).run();
        }
    });
    return changed;
}

void sqlite_store::put_token(const std::string& token, const std::string& name, time_point expires) {
    auto hash = crypto::sha256_hex(token);
    write_and_wait("put_token", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "INSERT INTO tokens(token_hash, name, expires_at) VALUES(?,?,?)");
        q.bind(1, hash).bind(2, name).bind(3, to_epoch_ms(expires)).run();
    });
}

std::optional<std::string> sqlite_store::token_user(const std::string& token, time_point now) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT name FROM tokens WHERE token_hash=? AND expires_at>?");
    q.bind(1, crypto::sha256_hex(token)).bind(2, to_epoch_ms(now));
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

void sqlite_store::revoke_token(const std::string& token) {
    auto hash = crypto::sha256_hex(token);
    write_and_wait("revoke_token", [&](const sqlite::db& d) {
        sqlite::stmt q(d, "DELETE FROM tokens WHERE token_hash=?");
        q.bind(1, hash).run();
    });
}

std::optional<time_point> sqlite_store::token_expiry(const std::string& token, time_point now) {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT expires_at FROM tokens WHERE token_hash=? AND expires_at>?");
    q.bind(1, crypto::sha256_hex(token)).bind(2, to_epoch_ms(now));
    if (!q.step()) return std::nullopt;
    return from_epoch_ms(q.integer(0));
}

std::vector<std::string> sqlite_store::disabled_staff() {
    auto [lock, rdb] = read();
    sqlite::stmt q(rdb, "SELECT name FROM staff WHERE disabled=1");
    std::vector<std::string> names;
    while (q.step()) names.push_back(q.text(0));
    return names;
}

}  // namespace lingting
