#include "net/ws_session.hpp"

namespace lingting {
namespace {

// Read buffer kept between frames; ordinary frames are far smaller.
constexpr std::size_t retained_buffer_bytes = 16 * 1024;

}  // namespace

ws_session::ws_session(tcp::socket&& socket, hub& h, const ws_limits& limits, logger& log)
    // The relay's frames are bounded by max_queue_bytes (write_frame); Beast's own async writes
    // (pings, the close) are held beyond the same mark.
    : ws_(limits.max_queue_bytes, std::move(socket)), hub_(h), limits_(limits), log_(log) {}

void ws_session::run(http::request<http::string_body> req, join_fn join) {
    handshake_ = std::make_unique<handshake>(handshake{std::move(req), std::move(join)});
    websocket::stream_base::timeout t{};
    t.handshake_timeout = limits_.handshake;
    t.idle_timeout = limits_.heartbeat;  // a ping goes out at half of it; silence past it = dropped
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "lingting"); }));
    ws_.read_message_max(limits_.hard_frame_bytes);
    ws_.auto_fragment(false);
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
        self->ws_.async_accept(self->handshake_->req, beast::bind_front_handler(&ws_session::on_accept, self));
    });
}

void ws_session::on_accept(beast::error_code ec) {
    if (limits_.one_network_thread) owner_ = std::this_thread::get_id();  // before join(): it may send
    // The request and the callback are used once: neither need live as long as the socket.
    auto done = std::move(handshake_);
    if (ec) return;  // the handshake failed; nothing was joined
    id_ = hub_.next_session_id();
    if (!done->join(shared_from_this(), id_)) return;
    joined_ = true;
    do_read();
}

void ws_session::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        // A close frame with 1000/1001 received is a clean ending, however the connection ends
        // after it: a browser that quits sends 1001 and is gone before our close reply arrives,
        // so the handshake ends in a reset, not in `closed`. Anything else (reset or EOF with no
        // close frame, heartbeat timeout, protocol error) is a drop.
        bool clean = ws_.reason().code == websocket::close_code::normal ||
                     ws_.reason().code == websocket::close_code::going_away;
        if (ec == websocket::error::message_too_big)
            log_.warn("frame_over_hard_limit", {{"session", std::to_string(id_)}});
        return gone(clean);
    }
    // Refused frames cost the frame budget like any other (the hub answers, or closes at the limit).
    if (!ws_.got_text()) {
        hub_.on_bad_frame(id_, proto::error_code::binary_frame, {});
    } else if (bytes > limits_.max_frame_bytes) {
        hub_.on_bad_frame(id_, proto::error_code::too_large,
                          "limit " + std::to_string(limits_.max_frame_bytes) + " bytes");
    } else {
        auto data = buffer_.data();
        hub_.on_text(id_, std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer_.consume(buffer_.size());
    // A large frame (refused or not) must not pin its buffer to the socket for its lifetime:
    // 300 sockets that each sent one near the hard limit once held over 200 MB.
    if (buffer_.capacity() > retained_buffer_bytes) buffer_.shrink_to_fit();
    do_read();  // keep reading even when closing: the close handshake completes through it
}

void ws_session::gone(bool clean) {
    if (left_ || !joined_) return;
    left_ = true;
    hub_.on_disconnect(id_, clean);
}

bool ws_session::on_own_thread() const {
    // owner_ is written once, on the network thread, before anything can send to this socket
    // from it; a thread that is not it never compares equal, whatever it reads.
    return limits_.one_network_thread && std::this_thread::get_id() == owner_ &&
           posted_.load(std::memory_order_acquire) == 0;  // anything posted earlier goes first
}

template <class F>
void ws_session::run_or_post(F&& f) {
    if (on_own_thread()) {
        hub_.metrics().sends_at_once.fetch_add(1, std::memory_order_relaxed);
        return f(*this);
    }
    hub_.metrics().sends_posted.fetch_add(1, std::memory_order_relaxed);
    posted_.fetch_add(1, std::memory_order_relaxed);
    net::post(ws_.get_executor(), [self = shared_from_this(), f = std::forward<F>(f)]() mutable {
        self->posted_.fetch_sub(1, std::memory_order_release);
        f(*self);
    });
}

void ws_session::send(frames::frame f) {
    run_or_post([f = std::move(f)](ws_session& s) { s.on_send(f); });
}

void ws_session::send_all(std::vector<frames::frame> fs) {
    run_or_post([fs = std::move(fs)](ws_session& s) { s.on_send_all(fs); });
}

void ws_session::on_send(const frames::frame& f) {
    if (write_frame(*f)) ws_.next_layer().flush();
}

void ws_session::on_send_all(const std::vector<frames::frame>& fs) {
    for (auto& f : fs)
        if (!write_frame(*f)) return;
    ws_.next_layer().flush();  // the whole hand-over in one socket write
}

bool ws_session::write_frame(const std::string& text) {
    // Frames posted before close() ran before it; anything after is dropped (a revoked
    // consultant's socket must not receive one more message).
    if (closing_) return false;
    if (ws_.next_layer().buffered_bytes() + text.size() > limits_.max_queue_bytes) {
        log_.warn("slow_reader_cut_off", {{"session", std::to_string(id_)}});
        // Shed this one client, not the server: no close handshake with a peer that is not reading.
        closing_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).close(ignored);
        return false;
    }
    // Synchronous into the corking layer: Beast frames it and the bytes are copied, with no
    // completion to wait for (and so no post per frame); flush() sends the lot.
    beast::error_code ec;
    ws_.text(true);
    ws_.write(net::buffer(text), ec);
    return !ec;  // a failed socket: the read side sees it and reports it once
}

void ws_session::close(std::uint16_t code, std::string reason) {
    run_or_post([code, reason = std::move(reason)](ws_session& s) mutable { s.do_close(code, std::move(reason)); });
}

void ws_session::do_close(std::uint16_t code, std::string reason) {
    if (closing_) return;
    closing_ = true;
    // The frames written before are already in the corking layer, ahead of the close frame.
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                    [self = shared_from_this()](beast::error_code) {});
}

}  // namespace lingting
