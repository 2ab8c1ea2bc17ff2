// What the two Beast peers share (beast_relay.cpp, beast_durable.cpp): a WebSocket server on one
// thread where sockets connecting to /pair/ID/a and /pair/ID/b are paired and both get
// {"type":"paired"}, each socket writing one frame at a time with a queue behind it (the way
// Beast's own chat example does). A peer derives from pair_session, says what it does with each
// text frame (on_frame), and calls serve_pairs from main.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace peers {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class pair_session : public std::enable_shared_from_this<pair_session> {
public:
    explicit pair_session(tcp::socket s) : ws_(std::move(s)) {}
    virtual ~pair_session() = default;

    void run() {
        http::async_read(ws_.next_layer(), buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec) self->on_request();
        });
    }

    void send(std::shared_ptr<const std::string> frame) {
        queue_.push_back(std::move(frame));
        if (queue_.size() == 1) do_write();
    }

    std::shared_ptr<pair_session> partner() const { return partner_.lock(); }
    bool is_b_side() const { return b_side_; }  // connected to /pair/ID/b

protected:
    // Each text frame read, once paired or not; the buffer is reused after it returns.
    virtual void on_frame(std::string_view frame) = 0;
    // Both sides are connected (called on the side that came second, with the first).
    virtual void on_paired(pair_session& /*first*/) {}
    auto executor() { return ws_.get_executor(); }

private:
    // One thread runs everything, so the table of sockets waiting for their other side needs no lock.
    static std::unordered_map<std::string, std::weak_ptr<pair_session>>& waiting() {
        static std::unordered_map<std::string, std::weak_ptr<pair_session>> w;
        return w;
    }

    void on_request() {
        if (!websocket::is_upgrade(req_)) return;
        std::string_view target = req_.target();
        auto slash = target.rfind('/');
        key_ = std::string(target.substr(0, slash));
        b_side_ = target.substr(slash) == "/b";
        ws_.async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->on_accept();
        });
    }

    void on_accept() {
        auto& w = waiting();
        auto it = w.find(key_);
        if (it != w.end()) {
            if (auto other = it->second.lock()) {
                partner_ = other;
                other->partner_ = shared_from_this();
                on_paired(*other);
                auto paired = std::make_shared<const std::string>("{\"type\":\"paired\"}");
                send(paired);
                other->send(paired);
            }
            w.erase(it);
        } else {
            w.emplace(key_, weak_from_this());
        }
        buffer_.clear();
        do_read();
    }

    void do_read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            auto data = self->buffer_.cdata();
            self->on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
            self->buffer_.consume(self->buffer_.size());
            self->do_read();
        });
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
    bool b_side_ = false;
    std::weak_ptr<pair_session> partner_;
    std::deque<std::shared_ptr<const std::string>> queue_;
};

// Listens on 127.0.0.1:`port` and runs `make(socket)->run()` for every connection until SIGINT
// or SIGTERM, on this thread. `name` starts the line that says it is listening.
inline void serve_pairs(const char* name, unsigned short port,
                        const std::function<std::shared_ptr<pair_session>(tcp::socket)>& make) {
    net::io_context ioc{1};
    tcp::acceptor acceptor(ioc);
    tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
    acceptor.open(ep.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(net::socket_base::max_listen_connections);
    std::function<void()> accept = [&] {
        acceptor.async_accept([&](beast::error_code ec, tcp::socket s) {
            if (!ec) {
                s.set_option(tcp::no_delay(true));
                make(std::move(s))->run();
            }
            accept();
        });
    };
    accept();
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::cout << name << " listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
    ioc.run();
}

}  // namespace peers
