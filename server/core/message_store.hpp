// The durable store as the rest of the server sees it. Implemented in server/store/ (SQLite).
#pragma once

#include "core/store_write.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

struct stored_conversation {
    std::string id, department, consultant;
    time_point started{};
    std::optional<time_point> ended_at;
    std::optional<ending> how;
    std::optional<bool> satisfied;
    std::string rating_comment;
    std::vector<message> messages;
    std::vector<finding> findings;
};

struct staff_record {
    std::string name;
    role r = role::consultant;
    std::vector<std::string> departments;
    bool disabled = false;
    std::string password_hash;  // "pbkdf2-sha256$iter$salt$hash"
};

// Threading: submit() may be called from any thread; writes commit in submission order and
// each completion runs on the store's writer thread after its group commit (ok=false if the
// commit failed: nothing of it is durable). Reads may be called from any thread.
class message_store {
public:
    virtual ~message_store() = default;

    virtual void submit(store_write w, std::function<void(bool ok)> done) = 0;
    // Blocks until everything submitted so far is committed.
    virtual void flush() = 0;
    // True while the last commit succeeded (readiness).
    virtual bool healthy() const = 0;

    virtual std::optional<stored_conversation> conversation(const std::string& id) = 0;
    virtual std::optional<std::string> conversation_by_resume_token(const std::string& token) = 0;
    // Ends every conversation left open (after a crash) as `system`; returns how many.
    virtual int end_open_conversations(time_point at) = 0;

    virtual bool add_staff(const staff_record& s) = 0;  // false if the name exists
    virtual std::optional<staff_record> staff(const std::string& name) = 0;
    virtual std::vector<staff_record> all_staff() = 0;
    virtual bool set_staff_disabled(const std::string& name, bool disabled) = 0;

    virtual void put_token(const std::string& token, const std::string& name, time_point expires) = 0;
    // The token's user if it exists and has not expired.
    virtual std::optional<std::string> token_user(const std::string& token, time_point now) = 0;
    virtual void revoke_token(const std::string& token) = 0;
};

}  // namespace lingting
