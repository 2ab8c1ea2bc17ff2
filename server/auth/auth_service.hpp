// Staff log-in and bearer tokens over the store. Thread-safe (the store is). A store that
// cannot answer or commit throws store_error through every call: the caller (the API's one
// catch, the staff socket's upgrade) answers 503; it never counts as a failed login.
#pragma once

#include "core/chat_core.hpp"
#include "core/staff_store.hpp"

#include <optional>
#include <string>

namespace lingting {

struct login_result {
    std::string token;
    role r = role::consultant;
    time_point expires{};
};

class auth_service {
public:
    auth_service(staff_store& store, int token_ttl_seconds)
        : store_(store), ttl_(token_ttl_seconds) {}

    // nullopt for an unknown name, a wrong password or a disabled account alike, so a caller
    // cannot tell which names exist.
    std::optional<login_result> login(const std::string& name, const std::string& password, time_point now);
    std::optional<staff_identity> authenticate(const std::string& token, time_point now);
    // The same, with the moment the log-in expires (a staff socket is closed then).
    std::optional<std::pair<staff_identity, time_point>> authenticate_session(const std::string& token, time_point now);
    void logout(const std::string& token) { store_.revoke_token(token); }

private:
    staff_store& store_;
    int ttl_;
};

}  // namespace lingting
