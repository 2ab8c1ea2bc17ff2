// A stream layer under websocket::stream that corks: the bytes the layers above write to a
// socket during one run of the event loop leave in one gathered write (one sendmsg), not one
// per frame. An ack and a relayed message to the same socket, or a burst of queued frames,
// cost one system call together.
//
// How: the relay's frames are written synchronously (websocket::stream::write): the bytes are
// copied into `pending` and flush() starts the socket write, so a frame costs no completion
// handler and no post. Beast's own writes (pings, the close) are asynchronous:
// async_write_some copies the bytes into `pending` and completes at once (posted, as Asio
// requires); the socket write starts only when no such completion is still waiting to run, so
// whatever a completion writes next joins the same write. One write is in flight at a time;
// what arrives meanwhile gathers for the next.
//
// Backpressure: at most `limit` bytes wait beside the write in flight. An async write beyond
// that is held (not completed) until the socket takes the bytes, so a peer that does not read
// stalls the layers above instead of growing memory here. Synchronous writes are bounded by
// their caller (ws_session cuts a peer off once buffered_bytes() would pass its queue limit).
//
// Teardown (the end of a close handshake) first waits until every byte is on the wire: the
// close frame written just before must not be cut off by the shutdown.
//
// State lives in a shared block that the socket write's handler keeps alive, so a write in
// flight outlives the stream safely; destroying the stream closes the socket (as destroying a
// socket would) so that write ends.
#pragma once

#include "net/beast.hpp"

#include <boost/beast/core/saved_handler.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace lingting {

template <class NextLayer>
class corked_stream {
    struct state {
        NextLayer next;
        std::size_t limit;
        std::string pending;        // accepted, not yet handed to the socket
        std::string sending;        // the bytes of the write in flight
        bool writing = false;
        std::size_t unsettled = 0;  // write completions posted and not yet run
        beast::error_code failed;   // the socket failed: every later write fails with this
        beast::saved_handler held;     // a write waiting for room
        beast::saved_handler drained;  // a teardown waiting for every byte to leave
        std::uint64_t socket_writes = 0;

        template <class... Args>
        explicit state(std::size_t l, Args&&... args) : next(std::forward<Args>(args)...), limit(l) {}
    };
    using state_ptr = std::shared_ptr<state>;

public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;

    // `limit`: bytes that may wait beside the write in flight (a single larger write still
    // goes, alone). The rest of the arguments construct the next layer.
    template <class... Args>
    explicit corked_stream(std::size_t limit, Args&&... args)
        : s_(std::make_shared<state>(limit, std::forward<Args>(args)...)) {}

    ~corked_stream() {
        if (!s_) return;
        beast::error_code ec;
        beast::get_lowest_layer(s_->next).close(ec);  // ends a write in flight to a silent peer
    }
    corked_stream(corked_stream&&) = default;
    corked_stream& operator=(corked_stream&&) = delete;

    executor_type get_executor() noexcept { return s_->next.get_executor(); }
    NextLayer& next_layer() noexcept { return s_->next; }
    const NextLayer& next_layer() const noexcept { return s_->next; }

    // Bytes accepted and not yet acknowledged by the socket (pending and in flight).
    std::size_t buffered_bytes() const { return s_->pending.size() + s_->sending.size(); }
    // Writes made to the socket so far (each one gathered write).
    std::uint64_t socket_writes() const { return s_->socket_writes; }
    // Heap bytes the send buffers hold: none on a socket whose writes are done (idle memory).
    std::size_t held_bytes() const { return on_heap(s_->pending) + on_heap(s_->sending); }

    // The synchronous side, for websocket::stream's write(): a whole frame joins `pending` at
    // once, with no completion to post (the caller bounds what it writes: ws_session checks
    // buffered_bytes() first), and waits there for flush(). This is how the relay writes: a
    // frame costs a copy, and a turn's frames to one socket one sendmsg, with no handler per
    // frame. (Beast's own async writes, pings and the close, still take the async path.)
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, beast::error_code& ec) {
        ec = s_->failed;
        if (ec) return 0;
        std::size_t n = 0;
        for (auto b : beast::buffers_range_ref(buffers)) {
            s_->pending.append(static_cast<const char*>(b.data()), b.size());
            n += b.size();
        }
        return n;
    }
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers) {
        beast::error_code ec;
        auto n = write_some(buffers, ec);
        if (ec) BOOST_THROW_EXCEPTION(beast::system_error{ec});
        return n;
    }
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, beast::error_code& ec) {
        return s_->next.read_some(buffers, ec);
    }
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) {
        return s_->next.read_some(buffers);
    }
    // Hands what is pending to the socket now (a write starts at once, and the kernel usually
    // takes it within this call), unless a write is in flight: then it follows that one,
    // together with whatever else gathers meanwhile.
    void flush() { start(s_); }

    template <class MutableBufferSequence, class ReadHandler>
    auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
        return s_->next.async_read_some(buffers, std::forward<ReadHandler>(handler));
    }

    template <class ConstBufferSequence, class WriteHandler>
    auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
        return net::async_initiate<WriteHandler, void(beast::error_code, std::size_t)>(
            [](auto h, state_ptr s, const ConstBufferSequence& b) { start_write(std::move(s), b, std::move(h)); },
            handler, s_, buffers);
    }

    // Calls `done()` (inline or from the socket write's completion, on the socket's executor)
    // once everything accepted so far has been handed to the socket, or the socket failed.
    template <class Handler>
    void async_drain(Handler&& done) {
        auto& s = *s_;
        if (!s.writing && s.pending.empty() && s.unsettled == 0) return done();
        s.drained.emplace(std::forward<Handler>(done));
    }

private:
    static std::size_t on_heap(const std::string& b) {
        return b.capacity() > std::string().capacity() ? b.capacity() : 0;
    }

    template <class ConstBufferSequence, class Handler>
    static void start_write(state_ptr s, const ConstBufferSequence& buffers, Handler h) {
        std::size_t n = beast::buffer_bytes(buffers);
        if (s->failed) return complete(std::move(s), std::move(h), s->failed, 0);
        if (s->pending.size() + n > s->limit && (s->writing || !s->pending.empty()) && !s->held.has_value()) {
            // No room: the caller's buffers stay valid until its handler runs, so the write is
            // simply tried again once the socket has taken what waits.
            auto* raw = s.get();
            // (saved_handler also calls with operation_aborted on cancellation: none is wired.)
            raw->held.emplace([s = std::move(s), b = buffers, h = std::move(h)](beast::error_code = {}) mutable {
                start_write(std::move(s), b, std::move(h));
            });
            return;
        }
        for (auto b : beast::buffers_range_ref(buffers)) s->pending.append(static_cast<const char*>(b.data()), b.size());
        complete(std::move(s), std::move(h), {}, n);
    }

    template <class Handler>
    static void complete(state_ptr s, Handler h, beast::error_code ec, std::size_t n) {
        ++s->unsettled;
        auto ex = net::get_associated_executor(h, s->next.get_executor());
        net::post(ex, [s = std::move(s), h = std::move(h), ec, n]() mutable {
            --s->unsettled;
            std::move(h)(ec, n);  // may write again: those bytes join this turn's write
            if (s->unsettled == 0) start(s);
        });
    }

    static void start(const state_ptr& s) {
        if (s->writing) return;
        if (s->pending.empty()) {
            if (s->drained.has_value() && s->unsettled == 0) s->drained.invoke();
            return;
        }
        s->writing = true;
        std::swap(s->pending, s->sending);
        ++s->socket_writes;
        net::async_write(s->next, net::buffer(s->sending), [s](beast::error_code ec, std::size_t) {
            s->writing = false;
            // Freed, not kept: the next write starts from `pending`, and a buffer kept here would
            // be swapped back in and held by every quiet socket (idle memory: the welcome and
            // the assigned transcript are the largest frames most sockets ever get). One
            // allocation per socket write is what that costs.
            std::string{}.swap(s->sending);
            if (ec) {
                s->failed = ec;
                s->pending.clear();
            }
            if (s->unsettled == 0) start(s);  // what gathered while this one was in flight
            if (s->held.has_value()) s->held.invoke();
        });
    }

    state_ptr s_;
};

// websocket::stream tears its next layer down at the end of a close handshake: here only once
// the bytes before it (the close frame) have left.
template <class NextLayer>
void teardown(beast::role_type role, corked_stream<NextLayer>& s, beast::error_code& ec) {
    using beast::websocket::teardown;
    teardown(role, s.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(beast::role_type role, corked_stream<NextLayer>& s, TeardownHandler&& handler) {
    s.async_drain([role, &s, h = std::forward<TeardownHandler>(handler)](beast::error_code = {}) mutable {
        using beast::websocket::async_teardown;
        async_teardown(role, s.next_layer(), std::move(h));
    });
}

}  // namespace lingting
