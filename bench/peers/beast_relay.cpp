// The "bare Beast" peer: a WebSocket pair relay written directly on Boost.Beast, the engine
// Lingting stands on, with no product logic. Sockets connecting to /pair/ID/a and /pair/ID/b
// are paired; both get {"type":"paired"}; then every text frame from one side is forwarded
// as it is to the other. Written the way Beast's own chat example is (one write in flight per
// socket, a queue behind it), on one thread, since the benchmark pins it to one core.
//
//   beast_relay PORT
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class session;
// One thread runs everything, so the pairing table needs no lock.
std::unordered_map<std::string, std::weak_ptr<session>> waiting;

class session : public std::enable_shared_from_this<session> {
public:
    explicit session(tcp::socket s) : ws_(std::move(s)) {}

    void run() {
        http::async_read(ws_.next_layer(), buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec) self->on_request();
        });
    }

    void send(std::shared_ptr<const std::string> frame) {
        queue_.push_back(std::move(frame));
        if (queue_.size() == 1) do_write();
    }

private:
    void on_request() {
        if (!websocket::is_upgrade(req_)) return;
        std::string target(req_.target());
        auto slash = target.rfind('/');
        key_ = target.substr(0, slash);
        ws_.async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->on_accept();
        });
    }

    void on_accept() {
        auto it = waiting.find(key_);
        if (it != waiting.end()) {
            if (auto other = it->second.lock()) {
                partner_ = other;
                other->partner_ = shared_from_this();
                auto paired = std::make_shared<const std::string>("{\"type\":\"paired\"}");
                send(paired);
                other->send(paired);
            }
            waiting.erase(it);
        } else {
            waiting.emplace(key_, weak_from_this());
        }
        buffer_.clear();
        do_read();
    }

    void do_read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return;
        if (auto p = partner_.lock())
            p->send(std::make_shared<const std::string>(beast::buffers_to_string(buffer_.data())));
        buffer_.consume(buffer_.size());
        do_read();
    }

    void do_write() {
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->queue_.pop_front();
            if (!self->queue_.empty()) self->do_write();
        });
    }

    websocket::stream<tcp::socket> ws_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> req_;
    std::string key_;
    std::weak_ptr<session> partner_;
    std::deque<std::shared_ptr<const std::string>> queue_;
};

void do_accept(tcp::acceptor& acceptor) {
    acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket s) {
        if (!ec) {
            s.set_option(tcp::no_delay(true));
            std::make_shared<session>(std::move(s))->run();
        }
        do_accept(acceptor);
    });
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: beast_relay PORT\n";
        return 2;
    }
    net::io_context ioc{1};
    tcp::acceptor acceptor(ioc);
    tcp::endpoint ep(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(argv[1])));
    acceptor.open(ep.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(net::socket_base::max_listen_connections);
    do_accept(acceptor);
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::cout << "beast_relay listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
    ioc.run();
}
