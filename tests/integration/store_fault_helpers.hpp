// What the store-fault tests share: a visitor and a consultant in one conversation on a test
// server, and the client ids kept in the SQLite file, read straight from it.
#pragma once

#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <set>
#include <string>

namespace lingting::testing {

// A visitor and a consultant in one conversation, both joined.
struct chat_pair {
    ws_client consultant, visitor;
    std::string conversation;

    explicit chat_pair(test_server& srv) {
        srv.add_staff("li", role::consultant);
        EXPECT_EQ(consultant.connect(srv.port(), "/ws/staff?token=" + srv.login("li")), 101);
        EXPECT_TRUE(consultant.next_of("queue_state"));
        EXPECT_EQ(visitor.connect(srv.port(), "/ws/visitor"), 101);
        auto w = visitor.next_of("welcome");
        EXPECT_TRUE(w);
        if (w) conversation = (*w)["conversation"].GetString();
        EXPECT_TRUE(consultant.next_of("assigned"));
    }

    // Sends as the visitor; returns "ack" or the error code the sender got instead.
    std::string visitor_says(const std::string& text, const std::string& id) {
        visitor.send(say(text, id));
        for (;;) {
            auto f = visitor.next(10s);
            if (!f) return "timeout";
            std::string type = (*f)["type"].GetString();
            if (type == "ack") return std::string((*f)["id"].GetString()) == id ? "ack" : "wrong ack";
            if (type == "error") return (*f)["code"].GetString();
        }
    }
};

// Whether the server logged an error line naming `what` (a store failure's cause).
inline bool logged(test_server& srv, const std::string& what) {
    for (auto& line : srv.logged_errors())
        if (line.find(what) != std::string::npos) return true;
    return false;
}

// Client message ids stored for a conversation, read straight from the file. `flags`: read-only by
// default; SQLITE_OPEN_READWRITE opens it as a process of its own would (with a WAL of its own).
inline std::set<std::string> stored_ids(const std::string& db_path, const std::string& conversation,
                                        int flags = SQLITE_OPEN_READONLY) {
    sqlite3* db = nullptr;
    std::set<std::string> ids;
    if (sqlite3_open_v2(db_path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        ADD_FAILURE() << "cannot open " << db_path;
        return ids;
    }
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT client_id FROM messages WHERE conversation=?", -1, &q, nullptr);
    sqlite3_bind_text(q, 1, conversation.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(q) == SQLITE_ROW) ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return ids;
}

}  // namespace lingting::testing
