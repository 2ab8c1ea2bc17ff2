// The staff and tokens side of pg_store: accounts and bearer tokens. Writes go through the
// writer (write_and_wait), reads through the read connection.
#include "auth/password.hpp"
#include "core/strings.hpp"
#include "store/pg_reading.hpp"

#include <unordered_map>

namespace lingting {

bool pg_store::add_staff(const staff_record& s) { return add_staff_many({s}) == 1; }

std::size_t pg_store::add_staff_many(const std::vector<staff_record>& all) {
    std::size_t added = 0;
    // One write (one savepoint): all of them or, on failure, none.
    write_and_wait("add_staff", [&](const pg::connection& d) {
        added = 0;
        for (auto& s : all)
            added += static_cast<std::size_t>(
                d.query("INSERT INTO staff(name, role, departments, password_hash, disabled, created_at) "
                        "VALUES($1,$2,$3,$4,$5, EXTRACT(EPOCH FROM now())::bigint) ON CONFLICT (name) DO NOTHING",
                        pg::params().add(s.name).add(to_string(s.r)).add(join_list(s.departments))
                            .add(s.password_hash).add(s.disabled))
                    .affected());
    });
    return added;
}

namespace {
staff_record read_staff(const pg::result& q, int i) {
    staff_record s;
    s.name = q.text(i, 0);
    s.r = parse_role(q.text(i, 1)).value_or(role::consultant);
    s.departments = split_list(q.text(i, 2));
    s.password_hash = q.text(i, 3);
    s.disabled = q.boolean(i, 4);
    return s;
}
}  // namespace

std::optional<staff_record> pg_store::staff(const std::string& name) {
    return read([&](const pg::connection& db) -> std::optional<staff_record> {
        auto q = db.query("SELECT name, role, departments, password_hash, disabled FROM staff WHERE name=$1",
                          pg::params().add(name));
        if (!q.rows()) return std::nullopt;
        return read_staff(q, 0);
    });
}

std::vector<staff_record> pg_store::all_staff() {
    return read([&](const pg::connection& db) {
        auto q = db.query("SELECT name, role, departments, password_hash, disabled FROM staff ORDER BY name");
        std::vector<staff_record> out;
        for (int i = 0; i < q.rows(); ++i) out.push_back(read_staff(q, i));
        return out;
    });
}

bool pg_store::set_staff_disabled(const std::string& name, bool disabled) {
    bool changed = false;
    write_and_wait(disabled ? "disable_staff" : "enable_staff", [&](const pg::connection& d) {
        changed = d.query("UPDATE staff SET disabled=$1 WHERE name=$2", pg::params().add(disabled).add(name))
                      .affected() == 1;
        if (disabled) d.query("DELETE FROM tokens WHERE name=$1", pg::params().add(name));
    });
    return changed;
}

void pg_store::put_token(const std::string& token, const std::string& name, time_point expires) {
    auto hash = crypto::sha256_hex(token);
    write_and_wait("put_token", [&](const pg::connection& d) {
        d.query("INSERT INTO tokens(token_hash, name, expires_at) VALUES($1,$2,$3)",
                pg::params().add(hash).add(name).add(to_epoch_ms(expires)));
    });
}

std::optional<std::string> pg_store::token_user(const std::string& token, time_point now) {
    auto hash = crypto::sha256_hex(token);
    return read([&](const pg::connection& db) -> std::optional<std::string> {
        auto q = db.query("SELECT name FROM tokens WHERE token_hash=$1 AND expires_at>$2",
                          pg::params().add(hash).add(to_epoch_ms(now)));
        if (!q.rows()) return std::nullopt;
        return q.text(0, 0);
    });
}

void pg_store::revoke_token(const std::string& token) {
    auto hash = crypto::sha256_hex(token);
    write_and_wait("revoke_token", [&](const pg::connection& d) {
        d.query("DELETE FROM tokens WHERE token_hash=$1", pg::params().add(hash));
    });
}

std::optional<time_point> pg_store::token_expiry(const std::string& token, time_point now) {
    auto hash = crypto::sha256_hex(token);
    return read([&](const pg::connection& db) -> std::optional<time_point> {
        auto q = db.query("SELECT expires_at FROM tokens WHERE token_hash=$1 AND expires_at>$2",
                          pg::params().add(hash).add(to_epoch_ms(now)));
        if (!q.rows()) return std::nullopt;
        return from_epoch_ms(q.integer(0, 0));
    });
}

std::vector<std::string> pg_store::live_tokens(const std::vector<std::string>& tokens, time_point now) {
    if (tokens.empty()) return {};
    // One query for every open staff socket: the hashes as one comma-separated parameter (hex
    // digits only, so no quoting), mapped back to the tokens they came from.
    std::unordered_map<std::string, const std::string*> by_hash;
    std::string hashes;
    for (auto& t : tokens) {
        auto h = crypto::sha256_hex(t);
        if (!hashes.empty()) hashes += ',';
        hashes += h;
        by_hash.emplace(std::move(h), &t);
    }
    return read([&](const pg::connection& db) {
        auto q = db.query("SELECT token_hash FROM tokens WHERE token_hash = ANY(string_to_array($1, ',')) "
                          "AND expires_at>$2",
                          pg::params().add(hashes).add(to_epoch_ms(now)));
        std::vector<std::string> live;
        for (int i = 0; i < q.rows(); ++i)
            if (auto it = by_hash.find(q.text(i, 0)); it != by_hash.end()) live.push_back(*it->second);
        return live;
    });
}

std::vector<std::string> pg_store::disabled_staff() {
    return read([&](const pg::connection& db) {
        auto q = db.query("SELECT name FROM staff WHERE disabled");
        std::vector<std::string> names;
        for (int i = 0; i < q.rows(); ++i) names.push_back(q.text(i, 0));
        return names;
    });
}

}  // namespace lingting
