// Test harness: the real server on 127.0.0.1 port 0 with a temporary SQLite file, and real
// WebSocket/HTTP clients. No Beast in this header, so test files compile fast.
#pragma once

#include "core/clock.hpp"
#include "core/analysis/lexicon.hpp"
#include "core/config.hpp"
#include "store/open_store.hpp"
#include "net/log.hpp"
#include "net/server.hpp"

#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lingting::testing {

using json = rapidjson::Document;
// An HTTP body or frame text as a JSON document (HasParseError() if it is not JSON).
inline json parse(const std::string& text) {
    json d;
    d.Parse(text.c_str());
    return d;
}
using namespace std::chrono_literals;

// Real time plus an offset the test can move, so grace periods pass without sleeping.
struct offset_clock final : clock {
    std::atomic<std::int64_t> offset_ms{0};
    time_point now() const override {
        return std::chrono::system_clock::now() + milliseconds{offset_ms.load()};
    }
    void advance(milliseconds d) { offset_ms += d.count(); }
};

struct http_reply {
    int status = 0;
    std::string body;
    std::string header(const std::string& name) const;
    std::string headers_text;
};

// One HTTP request to 127.0.0.1:port.
http_reply http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::string& token = {});
// The same with extra request headers (e.g. X-Forwarded-For), as name/value pairs.
http_reply http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& token,
                        const std::vector<std::pair<std::string, std::string>>& headers);
// POST /api/login with the tests' password; returns the token or "".
std::string login_token(unsigned short port, const std::string& name);

// Where each new test server keeps its store. Empty (the default): an SQLite file in the server's
// own temporary folder. The PostgreSQL run of the integration tests (pg_environment.cpp) sets it
// to hand out a fresh database of a temporary PostgreSQL per server.
std::function<std::string()>& database_for_tests();

// A database as the previous release left it: one schema version behind, the consultant li in it
// (role consultant, department 男科). Set with database_for_tests by the PostgreSQL run
// (pg_environment.cpp); empty: the SQLite run, whose test seeds its own file.
struct previous_schema {
    std::string database;
    std::size_t from = 0, to = 0;  // its schema version, and the current one
};
std::function<previous_schema()>& previous_schema_for_tests();

class test_server {
public:
    // `tweak` sets the server's settings, `tweak_store` the store's (store/store_options.hpp).
    explicit test_server(std::function<void(server_config&)> tweak = {},
                         std::function<void(store_options&)> tweak_store = {});
    ~test_server();

    void start();
    void stop();            // clean: ends open conversations as system (kill -9: crash_test.cpp)
    unsigned short port() const { return port_; }
    hub& chat() { return srv_->chat(); }
    message_store& store() { return *store_; }
    offset_clock& clk() { return clock_; }
    const std::string& db_path() const { return db_; }

    // Error log lines so far (the server logs at error level and above in tests).
    std::vector<std::string> logged_errors() const;

    void add_staff(const std::string& name, role r, std::vector<std::string> deps = {});
    std::string login(const std::string& name);  // returns the token (password "password1")
    http_reply http(const std::string& method, const std::string& target, const std::string& body = {},
                    const std::string& token = {});

    server_config cfg;
    store_options store_opts;
    std::shared_ptr<const lexicon> lexicon_override_;  // set before start() to use other rules
    std::string lexicon_dir;  // what POST /api/lexicon/reload reads (default: the project's lexicon/)

private:
    std::unique_ptr<speller> spell_;
    std::string dir_, db_;
    offset_clock clock_;
    mutable std::mutex logged_mutex_;
    std::vector<std::string> logged_;  // guarded by logged_mutex_
    logger log_;
    std::unique_ptr<message_store> store_;
    std::unique_ptr<server> srv_;
    unsigned short port_ = 0;
};

// A WebSocket client with its own io thread that reads continuously into an inbox.
class ws_client {
public:
    ws_client();
    ~ws_client();
    // Handshake to target; returns the HTTP status (101 on success).
    int connect(unsigned short port, const std::string& target,
                const std::vector<std::pair<std::string, std::string>>& headers = {});
    void send(const std::string& text);
    void send_binary(const std::string& data);
    // Next frame within the timeout, or nullopt.
    std::optional<json> next(std::chrono::milliseconds timeout = 5s);
    // Skips frames until one of this type arrives; fails the test (nullopt) on timeout.
    std::optional<json> next_of(const std::string& type, std::chrono::milliseconds timeout = 5s);
    // Waits for the server to close; returns its close code (0 if none in time).
    int wait_closed(std::chrono::milliseconds timeout = 5s);
    void close(int code = 1000);  // clean close handshake
    void drop();                  // TCP gone without a close frame
    // A close frame with `code`, and the process gone at once (what Chromium does when the whole
    // browser quits): the server's close reply meets a reset.
    void close_and_vanish(int code = 1001);
    void stop_reading();          // stops answering pings (heartbeat test)
    void resume_reading();        // reads again: what the server sent meanwhile arrives
    std::size_t pending() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// The consultant li's console and a visitor's page on the server at `port` (li must exist, with
// the tests' password): the visitor's welcome, or nullopt if either could not connect.
std::optional<json> open_chat(unsigned short port, ws_client& consultant, ws_client& visitor);

// Sends `bytes` as they are on a fresh TCP connection to `port` and returns everything the server
// writes until it closes (or 5 s pass): for requests an HTTP client library would refuse to send.
std::string raw_exchange(unsigned short port, const std::string& bytes);

// Readers of a raw HTTP response (from raw_exchange): its status (0 if it is none), its body, and
// its Content-Length header as written ("(none)" without one).
int status_of(const std::string& response);
std::string body_of(const std::string& response);
std::string content_length(const std::string& response);
// Whether `s` holds a character outside ASCII: a Chinese sentence does, an English one not.
bool has_chinese(const std::string& s);

std::string say(const std::string& text, const std::string& id, const std::string& conversation = {});

}  // namespace lingting::testing
