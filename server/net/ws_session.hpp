// One WebSocket connection: reads text frames into the hub, writes the hub's frames into a
// bounded corking buffer. Threading: all members are touched only on the session's strand; send() and
// close() may be called from any thread and post, except on the one network thread of a
// one-thread server (ws_limits::one_network_thread) when nothing posted is still waiting: then
// they write at once (the order of every socket's frames stays the order of the calls).
#pragma once

#include "net/beast.hpp"
#include "net/corked_stream.hpp"
#include "net/hub.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace lingting {

struct ws_limits {
    std::size_t max_frame_bytes = 16 * 1024;
    std::size_t hard_frame_bytes = 1024 * 1024;
    std::size_t max_queue_bytes = 1024 * 1024;
    std::chrono::seconds heartbeat{30};
    std::chrono::seconds handshake{10};
    // The server runs one network thread (threads=1): that thread runs every handler of every
    // socket, so a send made on it (the hub carrying out a frame, a commit or a deadline) writes
    // at once instead of posting to the socket's strand.
    bool one_network_thread = false;
};

class ws_session final : public socket_sink, public std::enable_shared_from_this<ws_session> {
public:
    // `join` runs once the handshake is done and tells the hub who this is; it returns false
    // to refuse (the socket is then closed with `refuse_code`).
    using join_fn = std::function<bool(const std::shared_ptr<ws_session>&, session_id)>;

    // `limits` is the server's, and must outlive the session (as `h` and `log`).
    ws_session(tcp::socket&& socket, hub& h, const ws_limits& limits, logger& log);

    void run(http::request<http::string_body> req, join_fn join);
    // Keeps an admission ticket (a place under the connection limits) for the socket's life.
    void hold(std::shared_ptr<const void> ticket) {
        if (ticket) tickets_.push_back(std::move(ticket));
    }
    void send(frames::frame f) override;
    void send_all(std::vector<frames::frame> fs) override;
    void close(std::uint16_t code, std::string reason) override;

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_send(const frames::frame& f);
    void on_send_all(const std::vector<frames::frame>& fs);
    // Writes one frame into the corking layer (a copy, no system call); false if it was not
    // written: the socket is closing, failed or cut off for reading too slowly.
    bool write_frame(const std::string& text);
    void do_close(std::uint16_t code, std::string reason);
    // True where send() and close() may act at once: see the class comment.
    bool on_own_thread() const;
    // Runs `f` at once on the own thread, else posts it (counted until it runs).
    template <class F>
    void run_or_post(F&& f);
    void gone(bool clean);

    // Corked: the frames one hand-over writes to this socket leave in one system call.
    websocket::stream<corked_stream<tcp::socket>> ws_;
    hub& hub_;
    const ws_limits& limits_;
    logger& log_;
    session_id id_ = 0;
    // What the handshake needs, held only until it is done: an idle socket carries 8 bytes of it,
    // not the request's 120 and the callback's 32 (idle memory, issue #14).
    struct handshake {
        http::request<http::string_body> req;
        join_fn join;
    };
    std::unique_ptr<handshake> handshake_;
    beast::flat_buffer buffer_;
    std::vector<std::shared_ptr<const void>> tickets_;
    std::thread::id owner_;                 // the one network thread, once known (one_network_thread)
    std::atomic<std::size_t> posted_{0};    // sends and closes posted and not yet run
    bool joined_ = false;
    bool closing_ = false;
    bool left_ = false;
};

}  // namespace lingting
