#include "core/routing.hpp"

#include <algorithm>
#include <tuple>

namespace lingting {

bool serves(const routing_candidate& c, const std::string& department) {
    if (c.departments.empty() || department.empty()) return true;
    return std::find(c.departments.begin(), c.departments.end(), department) != c.departments.end();
}

std::optional<std::string> pick_consultant(std::span<const routing_candidate> candidates,
                                           const std::string& department, int max_load,
                                           const std::string& exclude) {
    const routing_candidate* best = nullptr;
    for (auto& c : candidates) {
        if (!c.online || c.load >= max_load || c.name == exclude || !serves(c, department)) continue;
        if (!best || std::tie(c.load, c.last_assigned, c.name) <
                         std::tie(best->load, best->last_assigned, best->name))
            best = &c;
    }
    if (!best) return std::nullopt;
    return best->name;
}

}  // namespace lingting
