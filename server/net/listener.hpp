// Accepts TCP connections and starts an http_session on its own strand for each.
#pragma once

#include "net/http_session.hpp"

namespace lingting {

class listener : public std::enable_shared_from_this<listener> {
public:
    // Binds and listens at once; throws on failure (start-up error).
    listener(net::io_context& ioc, tcp::endpoint ep, http_context& ctx);
    void run() { do_accept(); }
    void stop();
    unsigned short port() const { return port_; }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    http_context& ctx_;
    unsigned short port_ = 0;
};

}  // namespace lingting
