// The corking layer under the server's websocket::stream, over a real loopback socket with a
// real Beast WebSocket client: what one turn writes leaves in one socket write, a peer that
// does not read stalls the writer with a bounded buffer, and a close reply is not cut off.
#include "net/corked_stream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

using namespace lingting;
using namespace std::chrono_literals;

namespace {

using server_ws = websocket::stream<corked_stream<tcp::socket>>;

constexpr std::size_t cork_limit = 64 * 1024;

// The server's side: one WebSocket accepted on 127.0.0.1, driven by the test's thread.
struct server_side {
    net::io_context ioc;
    tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
    std::optional<server_ws> ws;
    bool accepted = false;

    unsigned short port() const { return acceptor.local_endpoint().port(); }

    // Accepts one connection (the client connects from another thread) and its handshake.
    void accept(std::function<void(tcp::socket&)> tune = {}) {
        acceptor.async_accept([&](beast::error_code ec, tcp::socket s) {
            ASSERT_FALSE(ec) << ec.message();
            if (tune) tune(s);
            ws.emplace(cork_limit, std::move(s));
            ws->auto_fragment(false);
            ws->async_accept([&](beast::error_code ec2) {
                ASSERT_FALSE(ec2) << ec2.message();
                accepted = true;
            });
        });
        run_until([&] { return accepted; });
    }

    // Runs the loop until `done` or five seconds (bounded: a broken layer fails, not hangs).
    bool run_until(const std::function<bool()>& done) {
        auto until = std::chrono::steady_clock::now() + 5s;
        while (!done() && std::chrono::steady_clock::now() < until) {
            ioc.restart();
            ioc.run_for(5ms);
        }
        return done();
    }

    // Writes each of `texts` synchronously, as ws_session does: copied in, sent at flush().
    void write_each(const std::vector<std::string>& texts) {
        for (auto& t : texts) {
            beast::error_code ec;
            ws->text(true);
            ws->write(net::buffer(t), ec);
            ASSERT_FALSE(ec) << ec.message();
        }
    }

    // Writes `texts` one after another, each from the completion of the one before (as
    // ws_session drains its queue); `written` counts the completions.
    void write_chain(const std::vector<std::string>& texts, std::size_t& written) {
        if (written == texts.size()) return;
        ws->text(true);
        ws->async_write(net::buffer(texts[written]), [this, &texts, &written](beast::error_code ec, std::size_t) {
            ASSERT_FALSE(ec) << ec.message();
            ++written;
            write_chain(texts, written);
        });
    }
};

// A plain Beast client on its own thread.
struct client_side {
    net::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};

    void connect(unsigned short port, std::optional<int> receive_buffer = {}) {
        auto& sock = ws.next_layer();
        sock.open(tcp::v4());
        if (receive_buffer) sock.set_option(net::socket_base::receive_buffer_size(*receive_buffer));
        sock.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        ws.handshake("127.0.0.1", "/");
    }
    std::string read() {
        beast::flat_buffer b;
        ws.read(b);
        return beast::buffers_to_string(b.data());
    }
};

// Connects the client (on a thread of its own) and accepts it on the server's side.
void connect(server_side& srv, client_side& cli) {
    std::thread connecting([&] { cli.connect(srv.port()); });
    srv.accept();
    connecting.join();
}

std::vector<std::string> numbered(int n, std::size_t bytes) {
    std::vector<std::string> all;
    for (int i = 0; i < n; ++i) {
        std::string t = "frame " + std::to_string(i) + " ";
        t.resize(std::max(bytes, t.size()), 'x');
        all.push_back(std::move(t));
    }
    return all;
}

TEST(corked_stream, frames_written_in_one_turn_leave_in_one_socket_write) {
    server_side srv;
    client_side cli;
    connect(srv, cli);
    auto before = srv.ws->next_layer().socket_writes();  // the handshake's answer

    auto texts = numbered(20, 40);
    std::size_t written = 0;
    srv.write_chain(texts, written);
    std::vector<std::string> got;
    std::thread reading([&] {
        for (std::size_t i = 0; i < texts.size(); ++i) got.push_back(cli.read());
    });
    ASSERT_TRUE(srv.run_until([&] { return written == texts.size() && srv.ws->next_layer().buffered_bytes() == 0; }));
    reading.join();

    EXPECT_EQ(got, texts);  // all of them, whole and in order
    // Twenty frames, one system call (one more at most, should a completion straddle a flush).
    EXPECT_LE(srv.ws->next_layer().socket_writes() - before, 2u);
}

TEST(corked_stream, a_peer_that_does_not_read_stalls_the_writer_within_the_limit) {
    server_side srv;
    client_side cli;
    // Small kernel buffers on both sides, so the socket fills after a few frames.
    std::thread connecting([&] { cli.connect(srv.port(), 16 * 1024); });
    srv.accept([](tcp::socket& s) { s.set_option(net::socket_base::send_buffer_size(16 * 1024)); });
    connecting.join();

    auto texts = numbered(200, 16 * 1024);  // 3.2 MB: far more than the kernel holds
    std::size_t written = 0;
    srv.write_chain(texts, written);
    // Until the writer stops making progress (the client reads nothing): bounded in rounds.
    std::size_t last = SIZE_MAX;
    for (int quiet = 0, rounds = 0; quiet < 4 && rounds < 100; ++rounds) {
        srv.ioc.restart();
        srv.ioc.run_for(50ms);
        quiet = written == last ? quiet + 1 : 0;
        last = written;
    }
    EXPECT_LT(written, texts.size());
    EXPECT_LE(srv.ws->next_layer().buffered_bytes(), cork_limit + 2 * (16 * 1024 + 16));

    // Once the client reads, the held frames go out: every one, whole and in order.
    std::vector<std::string> got;
    std::thread reading([&] {
        for (std::size_t i = 0; i < texts.size(); ++i) got.push_back(cli.read());
    });
    EXPECT_TRUE(srv.run_until([&] { return written == texts.size(); }));
    reading.join();
    ASSERT_EQ(got.size(), texts.size());
    EXPECT_EQ(got.back(), texts.back());
    EXPECT_EQ(got, texts);
}

TEST(corked_stream, the_close_reply_reaches_the_peer_before_the_socket_is_shut) {
    server_side srv;
    client_side cli;
    connect(srv, cli);

    // The server writes two frames and keeps reading; the client reads them, then closes.
    auto texts = numbered(2, 40);
    std::size_t written = 0;
    srv.write_chain(texts, written);
    beast::flat_buffer in;
    beast::error_code read_ended;
    bool read_done = false;
    srv.ws->async_read(in, [&](beast::error_code ec, std::size_t) {
        read_ended = ec;
        read_done = true;
    });
    beast::error_code closed;
    std::thread closing([&] {
        cli.read();
        cli.read();
        cli.ws.close(websocket::close_code::normal, closed);  // waits for the server's close reply
    });
    EXPECT_TRUE(srv.run_until([&] { return read_done; }));
    closing.join();
    EXPECT_EQ(read_ended, websocket::error::closed);
    // The client got the close reply: a clean close, not an end of stream or a reset.
    EXPECT_FALSE(closed) << closed.message();
}

TEST(corked_stream, frames_written_synchronously_leave_in_one_socket_write_at_flush_with_no_handler_run) {
    // How ws_session writes: each frame copied in (no completion, so no post per frame), then
    // one flush starts one socket write at once.
    server_side srv;
    client_side cli;
    connect(srv, cli);
    auto& cork = srv.ws->next_layer();
    auto before = cork.socket_writes();

    auto texts = numbered(20, 40);
    srv.write_each(texts);
    EXPECT_EQ(cork.socket_writes() - before, 0u) << "nothing is sent before the flush";
    EXPECT_GE(cork.buffered_bytes(), 20u * 40u);
    cork.flush();
    EXPECT_EQ(cork.socket_writes() - before, 1u) << "the write starts in flush(), not in a later handler";

    std::vector<std::string> got;
    std::thread reading([&] {
        for (std::size_t i = 0; i < texts.size(); ++i) got.push_back(cli.read());
    });
    ASSERT_TRUE(srv.run_until([&] { return cork.buffered_bytes() == 0; }));
    reading.join();
    EXPECT_EQ(got, texts);  // whole and in order
    EXPECT_EQ(cork.socket_writes() - before, 1u);
}

TEST(corked_stream, a_quiet_socket_holds_no_send_buffer) {
    // Every socket once gets a larger burst (the welcome, an assigned transcript); a buffer kept
    // from it would be held by every idle connection for its life.
    server_side srv;
    client_side cli;
    connect(srv, cli);
    auto& cork = srv.ws->next_layer();

    for (int round = 0; round < 2; ++round) {
        auto texts = numbered(5, 1000);
        srv.write_each(texts);
        EXPECT_GE(cork.held_bytes(), 5u * 1000u);
        cork.flush();
        std::vector<std::string> got;
        std::thread reading([&] {
            for (std::size_t i = 0; i < texts.size(); ++i) got.push_back(cli.read());
        });
        ASSERT_TRUE(srv.run_until([&] { return cork.buffered_bytes() == 0; }));
        reading.join();
        EXPECT_EQ(got, texts);
        EXPECT_EQ(cork.held_bytes(), 0u) << "round " << round;
    }
}

}  // namespace
