// Staff accounts and their log-in tokens, for auth_service, the CLI (`lingting user`) and the
// server's revocation check.
#pragma once

#include "core/store_error.hpp"
#include "core/types.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

struct staff_record {
    std::string name;
    role r = role::consultant;
    std::vector<std::string> departments;
    bool disabled = false;
    std::string password_hash;  // "pbkdf2-sha256$iter$salt$hash"
};

// Every write waits for its commit through the store's one writer and throws store_error if it
// failed; reads throw store_error too.
class staff_store {
public:
    virtual ~staff_store() = default;

    virtual bool add_staff(const staff_record& s) = 0;  // false if the name exists
    // Adds all of them (bulk onboarding); names that exist are skipped; returns how many were
    // added. A backend should do it in one write (SQLite does); this default adds them one by one.
    virtual std::size_t add_staff_many(const std::vector<staff_record>& all) {
        std::size_t added = 0;
        for (auto& s : all) added += add_staff(s) ? 1 : 0;
        return added;
    }
    virtual std::optional<staff_record> staff(const std::string& name) = 0;
    virtual std::vector<staff_record> all_staff() = 0;
    // Disabling also removes the person's tokens. False if there is no such person.
    virtual bool set_staff_disabled(const std::string& name, bool disabled) = 0;
    // Names of disabled staff (small), so open sockets of a person disabled elsewhere (the CLI,
    // another process) are closed.
    virtual std::vector<std::string> disabled_staff() = 0;

    virtual void put_token(const std::string& token, const std::string& name, time_point expires) = 0;
    // The token's user if it exists and has not expired.
    virtual std::optional<std::string> token_user(const std::string& token, time_point now) = 0;
    virtual void revoke_token(const std::string& token) = 0;
    // When the token stops being valid (nullopt: unknown or expired), for closing its sockets then.
    virtual std::optional<time_point> token_expiry(const std::string& token, time_point now) = 0;
    // Which of `tokens` still exist and have not expired (the others were revoked, perhaps by
    // another server on the same database): the revocation check of the open staff sockets, once
    // a second. This default asks once per token; a backend may do it in one query (PostgreSQL does).
    virtual std::vector<std::string> live_tokens(const std::vector<std::string>& tokens, time_point now) {
        std::vector<std::string> live;
        for (auto& t : tokens)
            if (token_user(t, now)) live.push_back(t);
        return live;
    }
};

}  // namespace lingting
