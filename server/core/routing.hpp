// Chooses the consultant for a conversation. Pure.
#pragma once

#include "core/types.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lingting {

struct routing_candidate {
    std::string name;
    std::vector<std::string> departments;  // empty: serves every department
    int load = 0;                          // open conversations assigned now
    bool online = false;                   // has a live connection (not in grace)
    time_point last_assigned{};            // breaks ties: longest without a new one first
};

bool serves(const routing_candidate& c, const std::string& department);

// The least-loaded online consultant serving the department, under max_load, other than
// `exclude`; ties go to whoever was assigned least recently, then by name.
std::optional<std::string> pick_consultant(std::span<const routing_candidate> candidates,
                                           const std::string& department, int max_load,
                                           const std::string& exclude = {});

}  // namespace lingting
