#include "store/pg_copy.hpp"

#include "store/pg.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

#include <cstdio>
#include <filesystem>
#include <map>

namespace lingting {
namespace {

// Every table Lingting keeps, parents before children (the foreign keys hold at each step).
// The schema's bookkeeping (SQLite's meta, PostgreSQL's schema_version) is not data.
constexpr std::string_view tables[] = {
    "staff", "tokens", "conversations", "messages", "findings", "finding_verdicts", "conversation_verdicts",
    "conversation_visits", "leads", "canned_replies", "canned_seeded", "rule_reviews", "keyword_spend"};

// A table or column name as SQL (ours are plain, quoting keeps "by" and friends legal).
// Appended, not "\"" + name: GCC 12's -Wrestrict warns falsely on that in Release (GCC bug 105329).
std::string identifier(std::string_view name) {
    std::string quoted;
    quoted.reserve(name.size() + 2);
    quoted += '"';
    quoted += name;
    quoted += '"';
    return quoted;
}

bool known(std::string_view name) {
    for (auto t : tables)
        if (t == name) return true;
    return false;
}

// SQLite's index of QA's search over messages (schema 11: an FTS5 table and its shadow tables) and
// its queue of ended conversations to index (schema 13) are derived from `messages`, not data:
// PostgreSQL indexes messages.text itself, so they are not copied.
bool derived(std::string_view name) {
    return name == "messages_search" || name.starts_with("messages_search_") || name == "search_pending";
}

// A value in COPY's text format: backslash escapes for the characters that end a field or row.
void append_escaped(std::string& out, std::string_view v) {
    for (char ch : v) {
        switch (ch) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += ch;
        }
    }
}

struct target_column {
    std::string name;
    std::string type;      // information_schema's data_type: boolean, bigint, double precision...
    bool serial = false;   // its default draws from a sequence
};

std::vector<target_column> target_columns(const pg::connection& c, std::string_view table) {
    auto r = c.query("SELECT column_name, data_type, COALESCE(column_default, '') LIKE 'nextval(%' "
                     "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 "
                     "ORDER BY ordinal_position",
                     pg::params().add(table));
    std::vector<target_column> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.boolean(i, 2)});
    return out;
}

std::vector<std::string> source_columns(const sqlite::db& d, std::string_view table) {
    sqlite::stmt q(d, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    q.bind(1, table);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}

std::int64_t source_count(const sqlite::db& d, std::string_view table) {
    sqlite::stmt q(d, "SELECT COUNT(*) FROM " + identifier(table));
    q.step();
    return q.integer(0);
}

// Refuses when either side has a table the list above does not name: a table added to the
// schema and forgotten here would otherwise be left behind without a word.
void check_tables_known(const sqlite::db& src, const pg::connection& dst) {
    sqlite::stmt q(src, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "AND name <> 'meta' ORDER BY name");
    while (q.step())
        if (!known(q.text(0)) && !derived(q.text(0)))
            throw store_error("the SQLite database has a table lingting copy does not know: " + q.text(0) +
                              " (nothing copied)");
    auto r = dst.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                       "AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY table_name");
    for (int i = 0; i < r.rows(); ++i)
        if (!known(r.text(i, 0)))
            throw store_error("the PostgreSQL database has a table lingting copy does not know: " + r.text(i, 0) +
                              " (nothing copied)");
}

// The rows of `table` in COPY's text format, sent in chunks; returns how many.
std::int64_t send_rows(const sqlite::db& src, PGconn* h, std::string_view table, const std::vector<std::string>& from,
                       const std::vector<const target_column*>& columns) {
    std::string select;
    for (auto& name : from) select += (select.empty() ? "" : ", ") + identifier(name);
    sqlite::stmt rows(src, "SELECT " + select + " FROM " + identifier(table));
    std::string buffer;
    std::int64_t sent = 0;
    auto put = [&] {
        if (!buffer.empty() && PQputCopyData(h, buffer.data(), static_cast<int>(buffer.size())) != 1)
            throw pg::error_of(h, nullptr);
        buffer.clear();
    };
    char number[32];
    while (rows.step()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i) buffer += '\t';
            int col = static_cast<int>(i);
            if (rows.is_null(col)) {
                buffer += "\\N";
            } else if (columns[i]->type == "boolean") {
                buffer += rows.integer(col) != 0 ? 't' : 'f';  // SQLite keeps 0/1
            } else if (columns[i]->type == "double precision") {
                // Every digit: SQLite's own text form of a REAL rounds to 15.
                buffer.append(number, static_cast<std::size_t>(std::snprintf(number, sizeof number, "%.17g",
                                                                             rows.real(col))));
            } else {
                append_escaped(buffer, rows.text(col));
            }
        }
        buffer += '\n';
        ++sent;
        if (buffer.size() > 256 * 1024) put();
    }
    put();
    return sent;
}

// Streams one table through COPY ... FROM STDIN; returns the rows sent.
std::int64_t copy_table(const sqlite::db& src, const pg::connection& dst, std::string_view table) {
    auto to = target_columns(dst, table);
    std::map<std::string, const target_column*> by_name;
    for (auto& c : to) by_name[c.name] = &c;
    auto from = source_columns(src, table);
    std::vector<const target_column*> columns;
    std::string list;
    for (auto& name : from) {
        auto it = by_name.find(name);
        if (it == by_name.end())
            throw store_error("column " + std::string(table) + "." + name +
                              " has no place in the PostgreSQL schema (nothing copied)");
        columns.push_back(it->second);
        list += (list.empty() ? "" : ", ") + identifier(name);
    }
    PGconn* h = dst.handle();
    PGresult* started = PQexec(h, ("COPY " + identifier(table) + " (" + list + ") FROM STDIN").c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        pg::checked(h, started);  // throws the server's error (and frees the result)
        throw store_error("COPY of " + std::string(table) + " did not start");
    }
    PQclear(started);

    std::int64_t sent = 0;
    try {
        sent = send_rows(src, h, table, from, columns);
    } catch (...) {
        // Ends the COPY as failed, so that the transaction can be rolled back on this connection.
        PQputCopyEnd(h, "lingting copy stopped");
        while (PGresult* r = PQgetResult(h)) PQclear(r);
        throw;
    }
    if (PQputCopyEnd(h, nullptr) != 1) throw pg::error_of(h, nullptr);
    pg::checked(h, PQgetResult(h));
    while (PGresult* extra = PQgetResult(h)) PQclear(extra);
    return sent;
}

// Sets every serial of `table` past its largest copied value, so the next lead, finding or
// verdict the server adds does not collide with a copied id.
void advance_serials(const pg::connection& dst, std::string_view table) {
    for (auto& c : target_columns(dst, table))
        if (c.serial)
            dst.query("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(" + identifier(c.name) + "), 0) + 1, "
                      "false) FROM " + identifier(table),
                      pg::params().add(table).add(c.name));
}

void rollback(const pg::connection& c) {
    try {
        c.exec("ROLLBACK");
    } catch (const pg::error&) {
    }
}

}  // namespace

std::vector<copied_table> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_uri,
                                                  bool replace_target) {
    if (!std::filesystem::is_regular_file(sqlite_path))
        throw store_error("no SQLite database at " + sqlite_path + " (nothing copied)");
    // Both to this build's schema first, as a start of the server on each would.
    sqlite_store(sqlite_path, {}, [](const store_failure&) {}).flush();
    pg_store(postgres_uri, {}, [](const store_failure&) {}).flush();

    sqlite::db src(sqlite_path);
    pg::connection dst(postgres_uri);
    check_tables_known(src, dst);
    std::string all;
    for (auto t : tables) all += (all.empty() ? "" : ", ") + identifier(t);

    // One read transaction on the source: every table from the same snapshot.
    src.exec("BEGIN");
    dst.exec("BEGIN");
    std::vector<copied_table> out;
    try {
        // No Lingting may write the target meanwhile (it would wait, then find the copy whole).
        dst.exec("LOCK TABLE " + all + " IN EXCLUSIVE MODE");
        for (auto t : tables) {
            if (dst.query("SELECT EXISTS (SELECT 1 FROM " + identifier(t) + ")").text(0, 0) != "t") continue;
            if (!replace_target)
                throw store_error("the PostgreSQL database already holds data (table " + std::string(t) +
                                  "); copy refuses to mix two databases (--replace empties it first; nothing copied)");
        }
        if (replace_target) dst.exec("TRUNCATE " + all + " RESTART IDENTITY");
        for (auto t : tables) {
            copied_table c{std::string(t), copy_table(src, dst, t)};
            advance_serials(dst, t);
            out.push_back(std::move(c));
        }
        // Verified inside the transaction: a difference rolls the whole copy back.
        for (auto& c : out) {
            auto in_source = source_count(src, c.name);
            auto in_target = dst.query("SELECT COUNT(*) FROM " + identifier(c.name)).integer(0, 0);
            if (in_source != c.rows || in_target != c.rows)
                throw store_error("table " + c.name + ": " + std::to_string(in_source) + " rows in SQLite, " +
                                  std::to_string(in_target) + " in PostgreSQL (nothing copied)");
        }
        dst.exec("COMMIT");
    } catch (...) {
        rollback(dst);
        try {
            src.exec("ROLLBACK");
        } catch (const sqlite::error&) {
        }
        throw;
    }
    src.exec("COMMIT");
    return out;
}

}  // namespace lingting
