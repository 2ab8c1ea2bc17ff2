#include "core/resent_messages.hpp"

namespace lingting {

const message* resent_message(const std::vector<message>& committed, sender from, std::string_view author,
                              std::string_view client_id) {
    if (client_id.empty()) return nullptr;
    std::size_t looked = 0;
    for (auto it = committed.rbegin(); it != committed.rend() && looked < resend_window; ++it, ++looked)
        if (it->client_id == client_id && it->from == from && it->author == author) return &*it;
    return nullptr;
}

std::string opening_index::key(std::string_view address, std::string_view client_id) {
    std::string k(address);
    k += '\n';  // never in an address, so the key splits one way only
    k += client_id;
    return k;
}

void opening_index::remember(std::string_view address, std::string_view client_id, const std::string& conversation) {
    if (client_id.size() >= min_id_length) conversation_of_[key(address, client_id)] = conversation;
}

std::optional<std::string> opening_index::find(std::string_view address, std::string_view client_id) const {
    if (client_id.size() < min_id_length) return std::nullopt;
    auto it = conversation_of_.find(key(address, client_id));
    if (it == conversation_of_.end()) return std::nullopt;
    return it->second;
}

void opening_index::forget(std::string_view address, std::string_view client_id) {
    if (client_id.size() >= min_id_length) conversation_of_.erase(key(address, client_id));
}

}  // namespace lingting
