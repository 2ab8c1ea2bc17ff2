// Staff log-in over a plain blocking HTTP request (set-up only, before anything is measured).
#pragma once

#include <cstdint>
#include <string>

namespace loadgen {

// POSTs /api/login and returns the token; throws std::runtime_error with the server's answer.
std::string login(const std::string& host, std::uint16_t port, const std::string& user,
                  const std::string& password);

}  // namespace loadgen
