// Admission of connections before any WebSocket or conversation exists: a cap on all
// connections, a cap per peer address, and for visitor sockets a cap and a connect rate per
// client address. Staff sockets are not held to the visitor limits, so strangers cannot take the
// service away from staff. Beast-free and thread-safe; time comes from the caller.
#pragma once

#include "core/rate_limiter.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lingting {

struct connection_limit_settings {
    std::size_t max_connections = 10000;            // every TCP connection
    std::size_t connections_per_address = 256;      // per direct peer (not for trusted proxies)
    std::size_t visitor_sockets_per_address = 64;   // open visitor WebSockets per client address
    double visitor_connects_per_second = 2;         // new visitor WebSockets per client address
    double visitor_connect_burst = 30;
};

class connection_limits {
public:
    // Held while the connection (or visitor socket) is open; releases its count when destroyed.
    using ticket = std::shared_ptr<const void>;

    explicit connection_limits(connection_limit_settings s) : s_(s) {}

    // Null if refused: over the total or the peer's cap. A trusted proxy's own address is not
    // capped (every client behind it shares it); its clients are capped as visitors below.
    ticket admit_connection(const std::string& peer, bool trusted_proxy);
    // Null if refused: too many open visitor sockets or connects too fast from this address.
    ticket admit_visitor(const std::string& address, time_point now);


private:
    struct visitor_address {
        std::size_t open = 0;
        token_bucket rate;
        time_point last{};
    };
    ticket release_later(std::function<void()> release);
    void sweep(time_point now);  // forgets idle addresses, so the map stays bounded

    connection_limit_settings s_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> per_peer_;
    std::unordered_map<std::string, visitor_address> visitors_;
};

}  // namespace lingting
