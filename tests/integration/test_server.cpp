#include "test_server.hpp"

#include "ime/libime_checker.hpp"

#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "auth/password.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "core/json_writer.hpp"
#include "net/beast.hpp"
#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lingting::testing {

std::string http_reply::header(const std::string& name) const {
    auto pos = headers_text.find(name + ": ");
    if (pos == std::string::npos) return {};
    auto start = pos + name.size() + 2;
    return headers_text.substr(start, headers_text.find("\r\n", start) - start);
}

std::function<std::string()>& database_for_tests() {
    static std::function<std::string()> factory;
    return factory;
}

std::function<previous_schema()>& previous_schema_for_tests() {
    static std::function<previous_schema()> factory;
    return factory;
}

test_server::test_server(std::function<void(server_config&)> tweak, std::function<void(store_options&)> tweak_store)
    : log_(log_level::error, [this](std::string_view line) {
          std::lock_guard lock(logged_mutex_);
          if (logged_.size() < 10'000) logged_.emplace_back(line);
      }) {
    dir_ = (std::filesystem::temp_directory_path() / ("lingting-it-" + crypto::random_hex(6))).string();
    db_ = database_for_tests() ? database_for_tests()() : dir_ + "/lingting.db";
    cfg.address = "127.0.0.1";
    cfg.port = 0;
    cfg.threads = 2;
    cfg.database = db_;
    cfg.web_dir = std::string(LINGTING_SOURCE_DIR) + "/web";
    cfg.pbkdf2_iterations = 1000;
    cfg.messages_per_second = 1000;
    cfg.message_burst = 1000;
    // Every test client is 127.0.0.1: the anonymous-traffic limits are off unless a test (the
    // attack tests) sets them.
    cfg.conversations_per_address = 0;
    cfg.visitor_sockets_per_address = 1'000'000;
    cfg.visitor_connects_per_second = 1e6;
    cfg.visitor_connect_burst = 1e6;
    cfg.connections_per_address = 1'000'000;
    cfg.max_queue = 100'000;
    cfg.ime_check = false;  // a test that wants the IME model turns it on (it costs ~1 s to load)
    lexicon_dir = std::string(LINGTING_SOURCE_DIR) + "/lexicon";
    store_opts.sync_full = false;  // kill -9 durability needs only the WAL write, not fsync
    if (tweak) tweak(cfg);
    if (tweak_store) tweak_store(store_opts);
    db_ = cfg.database;  // a test may put the database elsewhere (a small tmpfs: disk full)
    start();
}

test_server::~test_server() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void test_server::start() {
    store_ = open_store(db_, store_opts, store_failures_to(log_));
    store_->end_open_conversations(clock_.now());
    // The project's real lexicon and Hunspell dictionaries, as in production.
    static const std::shared_ptr<const lexicon> lex = [] {
        script_variants variants;
        auto r = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon", std::ref(variants));
        if (!r.lex) throw std::runtime_error("lexicon: " + r.errors.front().to_string());
        return r.lex;
    }();
    if (!spell_) spell_ = make_default_speller(std::string(LINGTING_SOURCE_DIR) + "/lexicon");
    auto reload = [this]() -> std::string {
        script_variants variants;
        auto r = load_lexicon(lexicon_dir, std::ref(variants));
        std::string errors;
        for (auto& e : r.errors) errors += e.to_string() + "\n";
        if (r.lex) srv_->set_lexicon(r.lex);
        return errors;
    };
    if (cfg.lexicon_dir.empty()) cfg.lexicon_dir = lexicon_dir;  // where the canned-reply defaults are read
    srv_ = std::make_unique<server>(cfg, *store_, clock_, log_, lexicon_override_ ? lexicon_override_ : lex,
                                    spell_.get(), reload);
    // The IME model (~1 s to load) only for the tests that turn ime_check on; loaded once.
    if (cfg.ime_check) {
        static const std::unique_ptr<libime_checker> ime = [this] {
            std::string error;
            auto c = make_ime_checker(cfg, std::string(LINGTING_SOURCE_DIR) + "/lexicon", error);
            if (!c) throw std::runtime_error("ime: " + error);
            return c;
        }();
        srv_->use_ime_checker(*ime);
    }
    srv_->start();
    port_ = srv_->port();
}

void test_server::stop() {
    if (!srv_) return;
    srv_->stop();
    srv_.reset();
    store_.reset();
}

void test_server::add_staff(const std::string& name, role r, std::vector<std::string> deps) {
    ASSERT_TRUE(store_->add_staff({name, r, std::move(deps), false, crypto::hash_password("password1", 1000)}));
}

std::string test_server::login(const std::string& name) { return login_token(port_, name); }

std::vector<std::string> test_server::logged_errors() const {
    std::lock_guard lock(logged_mutex_);
    return logged_;
}

http_reply test_server::http(const std::string& method, const std::string& target, const std::string& body,
                             const std::string& token) {
    return http_request(port_, method, target, body, token);
}

std::string login_token(unsigned short port, const std::string& name) {
    auto r = http_request(port, "POST", "/api/login", R"({"username":")" + name + R"(","password":"password1"})");
    EXPECT_EQ(r.status, 200) << r.body;
    json d;
    d.Parse(r.body.c_str());
    return d.IsObject() && d.HasMember("token") ? d["token"].GetString() : "";
}

std::optional<json> open_chat(unsigned short port, ws_client& consultant, ws_client& visitor) {
    if (consultant.connect(port, "/ws/staff?token=" + login_token(port, "li")) != 101) return std::nullopt;
    if (visitor.connect(port, "/ws/visitor") != 101) return std::nullopt;
    return visitor.next_of("welcome");
}

std::string raw_exchange(unsigned short port, const std::string& bytes) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return {};
    }
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (std::size_t sent = 0; sent < bytes.size();) {
        auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may close before reading all of an oversized request
        sent += static_cast<std::size_t>(n);
    }
    std::string got;
    char buf[4096];
    for (;;) {
        auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return got;
}

http_reply http_request(unsigned short port_, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& token) {
    return http_request(port_, method, target, body, token, {});
}

http_reply http_request(unsigned short port_, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& token,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(10s);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (auto& [name, value] : headers) req.insert(name, value);
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    http_reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    for (auto& f : res) r.headers_text += std::string(f.name_string()) + ": " + std::string(f.value()) + "\r\n";
    return r;
}

// ---- ws_client -----------------------------------------------------------------------

struct ws_client::impl {
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer buf;
    std::thread io;
    mutable std::mutex m;
    std::condition_variable cv;
    std::deque<std::string> inbox;
    bool closed = false;
    int close_code = 0;
    std::atomic<bool> reading{true};
    bool read_pending = false;  // an async_read is outstanding (io thread only)
    // Keeps the io thread running when no read is pending (after stop_reading), so sends still go.
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;

    void read_loop() {
        if (!reading) return;
        read_pending = true;
        ws.async_read(buf, [this](beast::error_code ec, std::size_t) {
            read_pending = false;
            std::lock_guard l(m);
            if (ec) {
                closed = true;
                close_code = ws.reason().code;
                cv.notify_all();
                return;
            }
            inbox.push_back(beast::buffers_to_string(buf.data()));
            buf.consume(buf.size());
            cv.notify_all();
            net::post(ioc, [this] { read_loop(); });
        });
    }
};

ws_client::ws_client() : impl_(std::make_unique<impl>()) {}

ws_client::~ws_client() {
    auto& i = *impl_;
    net::post(i.ioc, [&i] {
        beast::error_code ec;
        beast::get_lowest_layer(i.ws).socket().close(ec);
    });
    i.work.reset();
    if (i.io.joinable()) i.io.join();
}

int ws_client::connect(unsigned short port, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
    auto& i = *impl_;
    beast::get_lowest_layer(i.ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    if (!headers.empty())
        i.ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
            for (auto& [k, v] : headers) req.set(k, v);
        }));
    websocket::response_type res;
    beast::error_code ec;
    i.ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    if (ec) return static_cast<int>(res.result_int());
    i.read_loop();
    i.work.emplace(i.ioc.get_executor());
    i.io = std::thread([&i] { i.ioc.run(); });
    return 101;
}

void ws_client::send(const std::string& text) {
    auto& i = *impl_;
    // Asynchronous on the client's io thread, so its reads go on meanwhile; bounded, so a test
    // that provokes back-pressure fails instead of hanging.
    auto done = std::make_shared<std::promise<void>>();
    auto data = std::make_shared<std::string>(text);
    net::post(i.ioc, [&i, done, data] {
        i.ws.text(true);
        i.ws.async_write(net::buffer(*data), [done, data](beast::error_code, std::size_t) { done->set_value(); });
    });
    if (done->get_future().wait_for(10s) != std::future_status::ready) {
        ADD_FAILURE() << "a send did not complete within 10 s";
        net::post(i.ioc, [&i] {
            beast::error_code ec;
            beast::get_lowest_layer(i.ws).socket().close(ec);
        });
    }
}

void ws_client::send_binary(const std::string& data) {
    auto& i = *impl_;
    std::promise<void> done;
    net::post(i.ioc, [&] {
        i.ws.binary(true);
        beast::error_code ec;
        i.ws.write(net::buffer(data), ec);
        i.ws.text(true);
        done.set_value();
    });
    done.get_future().wait();
}

std::optional<json> ws_client::next(std::chrono::milliseconds timeout) {
    auto& i = *impl_;
    std::unique_lock l(i.m);
    if (!i.cv.wait_for(l, timeout, [&] { return !i.inbox.empty() || i.closed; }) || i.inbox.empty())
        return std::nullopt;
    json d;
    d.Parse(i.inbox.front().c_str());
    i.inbox.pop_front();
    return d;
}

std::optional<json> ws_client::next_of(const std::string& type, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto f = next(left);
        if (!f) break;
        if (f->IsObject() && f->HasMember("type") && type == (*f)["type"].GetString()) return f;
    }
    ADD_FAILURE() << "no '" << type << "' frame within " << timeout.count() << " ms";
    return std::nullopt;
}

int ws_client::wait_closed(std::chrono::milliseconds timeout) {
    auto& i = *impl_;
    std::unique_lock l(i.m);
    i.cv.wait_for(l, timeout, [&] { return i.closed; });
    return i.closed ? (i.close_code ? i.close_code : -1) : 0;
}

void ws_client::close(int code) {
    auto& i = *impl_;
    net::post(i.ioc, [&i, code] {
        i.ws.async_close(websocket::close_reason(static_cast<std::uint16_t>(code)), [](beast::error_code) {});
    });
    wait_closed();
}

void ws_client::drop() {
    auto& i = *impl_;
    std::promise<void> done;
    net::post(i.ioc, [&] {
        beast::error_code ec;
        auto& s = beast::get_lowest_layer(i.ws).socket();
        s.set_option(net::socket_base::linger(true, 0), ec);  // RST: no FIN, no close frame
        s.close(ec);
        done.set_value();
    });
    done.get_future().wait();
}

void ws_client::close_and_vanish(int code) {
    auto& i = *impl_;
    std::promise<void> done;
    net::post(i.ioc, [&] {
        beast::error_code ec;
        auto& s = beast::get_lowest_layer(i.ws).socket();
        // A masked close frame written by hand (mask 0: the payload stays as is), so nothing
        // waits for the server's reply.
        const unsigned char frame[] = {0x88, 0x82, 0, 0, 0, 0, static_cast<unsigned char>(code >> 8),
                                       static_cast<unsigned char>(code & 0xff)};
        net::write(s, net::buffer(frame), ec);
        s.set_option(net::socket_base::linger(true, 0), ec);  // then RST: the peer is gone
        s.close(ec);
        done.set_value();
    });
    done.get_future().wait();
}

void ws_client::stop_reading() { impl_->reading = false; }

void ws_client::resume_reading() {
    auto& i = *impl_;
    i.reading = true;
    net::post(i.ioc, [&i] {
        if (!i.read_pending && !i.closed) i.read_loop();  // the loop may still be running: one read at a time
    });
}

std::size_t ws_client::pending() const {
    std::lock_guard l(impl_->m);
    return impl_->inbox.size();
}

std::string say(const std::string& text, const std::string& id, const std::string& conversation) {
    json_writer w;
    w.begin_object().field("type", "say").field("text", text).field("id", id);
    if (!conversation.empty()) w.field("conversation", conversation);
    w.end_object();
    return w.str();
}

int status_of(const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::atoi(response.c_str() + 9);
}

std::string body_of(const std::string& response) {
    auto at = response.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : response.substr(at + 4);
}

std::string content_length(const std::string& response) {
    auto at = response.find("\r\nContent-Length: ");
    if (at == std::string::npos) return "(none)";
    at += 18;
    return response.substr(at, response.find("\r\n", at) - at);
}

bool has_chinese(const std::string& s) {
    for (unsigned char ch : s)
        if (ch >= 0x80) return true;
    return false;
}

}  // namespace lingting::testing
