// Whether a new conversation may be opened: the per-address limit on open conversations and the
// queue's cap. Checked when a conversation is created (the visitor's first message, or an
// accepted invitation), never when a page merely opens, so browsing costs nothing here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lingting {

class visitor_admission {
public:
    explicit visitor_admission(int per_address = 10) : per_address_(per_address) {}

    // Why a conversation from `address` is refused now ("too_many", "queue_full"), or nothing.
    // `queue_full_and_nobody_free`: the queue is at its cap and no consultant can take it at once.
    std::optional<std::string_view> refusal(const std::string& address, bool queue_full_and_nobody_free) const;
    void opened(const std::string& address) { ++open_[address]; }
    void closed(const std::string& address);
    int open_from(const std::string& address) const;

private:
    int per_address_;  // 0: no limit
    std::unordered_map<std::string, int> open_;
};

}  // namespace lingting
