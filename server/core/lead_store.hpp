// Leave-a-message leads (net/api_leads): stored durably before the visitor is answered, then
// listed and closed by staff.
#pragma once

#include "core/lead.hpp"
#include "core/store_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

// Writes wait for their commit and throw store_error if it failed; reads throw store_error.
class lead_store {
public:
    virtual ~lead_store() = default;

    virtual std::int64_t add_lead(const lead& l) = 0;  // returns its id
    // Open leads oldest first, then (if `closed_limit` > 0) that many recently closed ones.
    virtual std::vector<lead> leads(int open_limit, int closed_limit) = 0;
    virtual std::optional<lead> lead_by_id(std::int64_t id) = 0;
    // Closes an open lead; false if there is no such open lead (unknown, or closed already).
    virtual bool close_lead(std::int64_t id, const std::string& by, time_point at) = 0;
};

}  // namespace lingting
