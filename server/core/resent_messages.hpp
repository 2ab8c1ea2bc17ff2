// A message sent again after a lost connection is the same message, not a second one. A client
// that did not hear its `ack` before the socket dropped sends the `say` again with the same client
// id; the server answers it as the first and keeps it once. Two places need this:
//  - inside a conversation (a resumed socket resends what it never saw acknowledged), and
//  - the visitor's very first `say`, which opened the conversation: if the socket dropped before
//    the `welcome` arrived, the page only knows to send it again from a new browsing socket, and
//    that must land in the conversation it opened rather than open a second one (the first would
//    then end as `system` with the visitor's question unanswered).
#pragma once

#include "core/key_set.hpp"
#include "core/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lingting {

// How far back a resend is looked for: a client resends only what it sent just before a drop.
inline constexpr std::size_t resend_window = 64;

// The committed message this `say` repeats: same sender, same author, same client id, among that
// sender's last `resend_window` messages. Null if it is new (an empty client id is always new).
const message* resent_message(const std::vector<message>& committed, sender from, std::string_view author,
                              std::string_view client_id);

// The client ids of a conversation's messages (committed or awaiting their commit), as hashes.
// Nearly every `say` is new, and its id not among them: that is answered here without walking the
// pending messages and the sender's last committed ones (resent_message), which a busy relay
// otherwise did for every message. An id that is there, or shares a hash with one that is, is
// looked up exactly. A flat set: the lookup is one probe, where std::unordered_set's node chase and
// rehashes were ~11 % of bench/core_bench.
class client_id_filter {
public:
    void add(std::string_view client_id) {
        if (!client_id.empty()) hashes_.insert(std::hash<std::string_view>{}(client_id));
    }
    bool may_contain(std::string_view client_id) const {
        return !client_id.empty() && hashes_.contains(std::hash<std::string_view>{}(client_id));
    }

private:
    key_set hashes_;
};

// The conversations opened by a visitor's first `say`, keyed by the visitor's address and that
// say's client id, for as long as each conversation is open. Only ids of `min_id_length` or more
// count: the id is what lets a socket into the conversation, so a short one ("1", "m1") from some
// other client must never find a stranger's.
class opening_index {
public:
    static constexpr std::size_t min_id_length = 16;
    void remember(std::string_view address, std::string_view client_id, const std::string& conversation);
    std::optional<std::string> find(std::string_view address, std::string_view client_id) const;
    // Forgets the entry if it still names `conversation`.
    void forget(std::string_view address, std::string_view client_id, const std::string& conversation);

private:
    static std::string key(std::string_view address, std::string_view client_id);
    std::unordered_map<std::string, std::string> conversation_of_;
};

}  // namespace lingting
