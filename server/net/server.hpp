// The whole running server: io threads, listener, hub. Owns nothing durable; the store and
// the clock are passed in so tests can use a temporary database and a manual clock.
#pragma once

#include "auth/auth_service.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/analysis/ime_checker.hpp"
#include "core/analysis/lexicon.hpp"
#include "core/analysis/speller.hpp"
#include "core/message_store.hpp"
#include "net/log.hpp"

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace lingting {

class hub;

class server {
public:
    // `spell` (may be null) is used only under the hub's lock, by one thread at a time.
    // `reload` (may be empty) reloads the lexicon for POST /api/lexicon/reload.
    server(server_config cfg, message_store& store, const clock& clk, logger& log,
           std::shared_ptr<const lexicon> lex, speller* spell = nullptr,
           std::function<std::string()> reload = {});
    ~server();

    // Binds (throws on failure) and starts cfg.threads io threads.
    void start();
    // Ends open conversations as `system`, flushes the store, closes sockets, joins threads.
    void stop();
    unsigned short port() const;
    void set_lexicon(std::shared_ptr<const lexicon> lex);
    // Before start(): the IME typo check (hub::use_ime_checker), its queue and linger from the config.
    // `checker` outlives the server.
    void use_ime_checker(const ime_checker& checker);
    hub& chat();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lingting
