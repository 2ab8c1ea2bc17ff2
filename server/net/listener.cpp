#include "net/listener.hpp"

#include "net/client_address.hpp"

#include <algorithm>

namespace lingting {

listener::listener(net::io_context& ioc, tcp::endpoint ep, http_context& ctx)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), ctx_(ctx) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
}

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
    });
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (!ec) {
        connection_limits::ticket admitted;
        if (ctx_.admission) {
            auto ep = socket.remote_endpoint(ec);
            std::string peer = ec ? std::string() : std::string(unmapped_address(ep.address().to_string()));
            bool proxy = is_trusted_proxy(peer, ctx_.trusted_proxies);
            admitted = ctx_.admission->admit_connection(peer, proxy);
            if (!admitted) {
                // Over the caps: closed at once, before a byte is read (no log line per refusal:
                // a flood would flood the log too).
                socket.close(ec);
                return do_accept();
            }
        }
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<http_session>(std::move(socket), ctx_, std::move(admitted))->run();
    }
    // Transient failures (EMFILE under a connection flood) must not stop accepting.
    do_accept();
}

}  // namespace lingting
