// Visitor<->consultant round trips against a running Lingting, first quiet, then while
// guessers flood /api/login with failed log-ins (each from its own X-Forwarded-For address and
// name, so a throttle cannot stop them: run the server with --trusted-proxies=127.0.0.1).
// Prints one JSON line: round-trip p50/p99/max in ms for each phase, and the flood's answers.
// Bounded: `seconds` per phase, at most 100,000 guesses.
//
//   login_flood_bench PORT USER PASSWORD [SECONDS=5] [GUESSERS=16] [LABEL]
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

struct reply {
    int status = 0;
    std::string body;
};

reply post(unsigned short port, const std::string& target, const std::string& body, const std::string& xff = {}) {
    net::io_context ioc;
    beast::tcp_stream s(ioc);
    s.expires_after(std::chrono::seconds(30));
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    if (!xff.empty()) req.set("X-Forwarded-For", xff);
    req.body() = body;
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    return {static_cast<int>(res.result_int()), res.body()};
}

std::string field(const std::string& json, const std::string& key) {
    auto at = json.find("\"" + key + "\":\"");
    if (at == std::string::npos) return {};
    at += key.size() + 4;
    return json.substr(at, json.find('"', at) - at);
}

struct ws {
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> s{ioc};
    explicit ws(unsigned short port, const std::string& target) {
        beast::get_lowest_layer(s).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        s.handshake("127.0.0.1", target);
    }
    std::string read_until(const std::string& type) {
        for (;;) {
            beast::flat_buffer b;
            s.read(b);
            auto f = beast::buffers_to_string(b.data());
            if (f.find("\"type\":\"" + type + "\"") != std::string::npos) return f;
        }
    }
    void send(const std::string& text) { s.write(net::buffer(text)); }
};

struct figures {
    std::vector<double> ms;
    double at(double q) {
        if (ms.empty()) return 0;
        std::sort(ms.begin(), ms.end());
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
    }
};

figures round_trips(ws& visitor, ws& consultant, const std::string& conv, double seconds, int& n) {
    figures f;
    auto until = steady::now() + std::chrono::duration<double>(seconds);
    while (steady::now() < until) {
        auto t0 = steady::now();
        visitor.send(R"({"type":"say","text":"请问还在吗","id":"v)" + std::to_string(n) + R"("})");
        consultant.read_until("message");
        consultant.send(R"({"type":"say","text":"在的，您请讲。","id":"c)" + std::to_string(n) +
                        R"(","conversation":")" + conv + R"("})");
        visitor.read_until("message");
        f.ms.push_back(std::chrono::duration<double, std::milli>(steady::now() - t0).count());
        ++n;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a person types; not a load test
    }
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: login_flood_bench PORT USER PASSWORD [SECONDS=5] [GUESSERS=16] [LABEL]\n";
        return 2;
    }
    auto port = static_cast<unsigned short>(std::stoi(argv[1]));
    std::string user = argv[2], password = argv[3];
    double seconds = argc > 4 ? std::stod(argv[4]) : 5;
    int guessers = argc > 5 ? std::stoi(argv[5]) : 16;
    std::string label = argc > 6 ? argv[6] : "";

    // Bounded whatever happens: a lost frame would otherwise block a read for ever.
    std::thread([limit = 2 * seconds + 30] {
        std::this_thread::sleep_for(std::chrono::duration<double>(limit));
        std::cerr << "login_flood_bench: no result within " << limit << " s\n";
        std::_Exit(1);
    }).detach();
    auto login = post(port, "/api/login", R"({"username":")" + user + R"(","password":")" + password + R"("})");
    auto token = field(login.body, "token");
    if (token.empty()) {
        std::cerr << "log-in of " << user << " refused: " << login.status << " " << login.body << "\n";
        return 1;
    }
    ws consultant(port, "/ws/staff?token=" + token);
    ws visitor(port, "/ws/visitor");
    auto conv = field(visitor.read_until("welcome"), "conversation");
    consultant.read_until("assigned");

    int n = 0;
    auto quiet = round_trips(visitor, consultant, conv, seconds, n);

    std::atomic<bool> stop{false};
    std::atomic<int> guesses{0}, hashed{0}, throttled{0}, busy{0}, other{0};
    std::vector<std::thread> flood;
    for (int g = 0; g < guessers; ++g)
        flood.emplace_back([&] {
            while (!stop) {
                int k = guesses++;
                if (k >= 100000) return;
                auto xff = "198.18." + std::to_string(k / 250 % 250) + "." + std::to_string(k % 250 + 1);
                try {
                    auto r = post(port, "/api/login",
                                  R"({"username":"nobody)" + std::to_string(k) + R"(","password":"guess"})", xff);
                    (r.status == 401 ? hashed : r.status == 429 ? throttled : r.status == 503 ? busy : other)++;
                } catch (const std::exception&) {
                    ++other;
                }
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto flooded = round_trips(visitor, consultant, conv, seconds, n);
    stop = true;
    for (auto& t : flood) t.join();

    std::printf("{\"label\":\"%s\",\"quiet_ms\":{\"n\":%zu,\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                "\"flood_ms\":{\"n\":%zu,\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                "\"guesses\":{\"hashed\":%d,\"throttled\":%d,\"busy\":%d,\"other\":%d}}\n",
                label.c_str(), quiet.ms.size(), quiet.at(0.5), quiet.at(0.99), quiet.at(1.0), flooded.ms.size(),
                flooded.at(0.5), flooded.at(0.99), flooded.at(1.0), hashed.load(), throttled.load(), busy.load(),
                other.load());
    return 0;
}
