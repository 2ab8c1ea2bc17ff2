// The whole running server: io threads, listener, hub. Owns nothing durable; the store and
// the clock are passed in so tests can use a temporary database and a manual clock.
#pragma once

#include "auth/auth_service.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/ending_rules.hpp"
#include "core/message_store.hpp"
#include "net/log.hpp"

#include <memory>
#include <thread>
#include <vector>

namespace lingting {

class hub;

class server {
public:
    server(server_config cfg, message_store& store, const clock& clk, logger& log, ending_lexicon lexicon);
    ~server();

    // Binds (throws on failure) and starts cfg.threads io threads.
    void start();
    // Ends open conversations as `system`, flushes the store, closes sockets, joins threads.
    void stop();
    unsigned short port() const;
    hub& chat();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lingting
