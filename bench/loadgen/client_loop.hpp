// A lean WebSocket client for the load generator: one thread, one epoll set, non-blocking
// sockets, no Beast. It must cost less per message than the servers it measures (they run on
// the other core), so it does the least RFC 6455 allows a client to do: it sends masked text
// frames, answers pings, reassembles fragments and hands whole text messages to a handler.
// It does not check Sec-WebSocket-Accept (the servers under test are ours and loopback).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loadgen {

class client_handler {
public:
    virtual ~client_handler() = default;
    virtual void on_open(int conn) = 0;
    virtual void on_text(int conn, std::string_view text) = 0;
    // The socket failed or closed; `why` says how (for the report).
    virtual void on_closed(int conn, std::string_view why) = 0;
};

class client_loop {
public:
    // At most `capacity` connections over the loop's life (ids are never reused, so a handler
    // may connect from inside a callback without moving the buffers it was handed).
    client_loop(std::string host, std::uint16_t port, client_handler& h, std::size_t capacity);
    ~client_loop();
    client_loop(const client_loop&) = delete;
    client_loop& operator=(const client_loop&) = delete;

    // Starts a connection to `path` (a request target such as "/ws/visitor"); returns its id,
    // or -1 when no socket could be made (file descriptor limit, capacity).
    int connect(const std::string& path);
    void send_text(int conn, std::string_view text);
    void close(int conn);
    // Handles ready sockets for at most `timeout_ms` (0: only what is ready now).
    void poll(int timeout_ms);

    std::size_t connecting() const { return connecting_; }

private:
    enum class state { connecting, upgrading, open, closed };
    struct conn {
        int fd = -1;
        state st = state::closed;
        std::string path;
        std::string in;  // bytes read and not yet parsed
        std::size_t in_off = 0;
        std::string out;  // bytes the kernel did not take yet
        std::size_t out_off = 0;
        std::string fragments;  // a text message arriving in several frames
        bool want_write = false;
        std::uint32_t mask = 0;
    };

    void on_writable(int id);
    void on_readable(int id);
    bool parse_frames(int id);
    void write_raw(int id, const char* data, std::size_t size);
    void write_frame(int id, unsigned opcode, std::string_view payload);
    void fail(int id, std::string_view why);
    void watch_writes(int id, bool on);

    std::string host_;
    std::uint16_t port_;
    std::size_t capacity_;
    client_handler& handler_;
    int epoll_ = -1;
    std::vector<conn> conns_;
    std::size_t connecting_ = 0;
    std::uint64_t rng_ = 0x9e3779b97f4a7c15ULL;
    std::string frame_;  // scratch for building one frame
};

}  // namespace loadgen
