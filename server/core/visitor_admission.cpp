#include "core/visitor_admission.hpp"

namespace lingting {

std::optional<std::string_view> visitor_admission::refusal(const std::string& address,
                                                           bool queue_full_and_nobody_free) const {
    if (per_address_ > 0 && open_from(address) >= per_address_) return "too_many";
    if (queue_full_and_nobody_free) return "queue_full";
    return std::nullopt;
}

void visitor_admission::closed(const std::string& address) {
    if (auto a = open_.find(address); a != open_.end() && --a->second <= 0) open_.erase(a);
}

int visitor_admission::open_from(const std::string& address) const {
    auto a = open_.find(address);
    return a == open_.end() ? 0 : a->second;
}

}  // namespace lingting
