#include "auth/auth_service.hpp"

#include "auth/password.hpp"

namespace lingting {

std::optional<login_result> auth_service::login(const std::string& name, const std::string& password,
                                                time_point now) {
    auto s = store_.staff(name);
    // Hash even for an unknown name, so the reply takes as long either way.
    static const std::string dummy = crypto::hash_password("dummy-password", 120000);
    bool ok = crypto::verify_password(password, s ? s->password_hash : dummy);
    if (!s || !ok || s->disabled) return std::nullopt;
    login_result r{crypto::random_hex(32), s->r, now + seconds{ttl_}};
    store_.put_token(r.token, name, r.expires);
    return r;
}

std::optional<staff_identity> auth_service::authenticate(const std::string& token, time_point now) {
    if (token.empty()) return std::nullopt;
    auto name = store_.token_user(token, now);
    if (!name) return std::nullopt;
    auto s = store_.staff(*name);
    if (!s || s->disabled) return std::nullopt;
    return staff_identity{s->name, s->r, s->departments};
}

std::optional<std::pair<staff_identity, time_point>> auth_service::authenticate_session(const std::string& token,
                                                                                       time_point now) {
    auto who = authenticate(token, now);
    if (!who) return std::nullopt;
    auto expires = store_.token_expiry(token, now);
    if (!expires) return std::nullopt;
    return std::pair{std::move(*who), *expires};
}

}  // namespace lingting
