// Load generator: opens P conversations against Lingting (a visitor and a logged-in consultant
// each) or against a bare pair relay (bench/peers/), makes both sides talk, and prints one JSON
// line of figures: relayed messages per second, send-to-receipt latency, the server's CPU per
// relayed message and RSS, and the generator's own CPU (to show it is not the limit).
//
//   loadgen --port=N --target=lingting|pair --pairs=P --mode=closed|rate|idle
//           [--rate=R (messages/s per side)] [--warmup=S] [--duration=S] [--hold=S]
//           [--server-pid=PID] [--user-prefix=bench-c] [--password=...] [--label=TEXT]
//           [--first=N (first account/pair number, for a second generator beside this one)]
//           [--baseline-rss-kb=KB (the server's RSS before any generator connected)]
//           [--end-after=N (Lingting: each side says N messages, then the visitor leaves and a new
//            visitor opens the next conversation; 0, the default, never ends one)]
//
// closed: each side keeps one message outstanding; it sends the next as soon as the other side
//         has received the previous one (so throughput is what the server can relay).
// rate:   every side sends R messages a second, spread evenly; latency under a steady load.
// idle:   opens everything, says "ready" on stderr, holds it quiet for --hold seconds and reports
//         server memory. One process holds at most ~20,000 sockets here (the open-files limit),
//         so bench/load.sh runs two generators side by side for 10,000 conversations.
//
// --end-after puts the end of a conversation in the load (the store's end writes and QA's search
// index, which a conversation that never ends never pays for): once both sides have said N
// messages and all 2N have arrived, the visitor sends `leave`; on `ended` its socket is closed and
// a new visitor connects, routed to the consultant left free (the least loaded).
#include "client_loop.hpp"
#include "login.hpp"
#include "proc_stats.hpp"
#include "texts.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <unordered_map>
#include <vector>

namespace loadgen {
namespace {

using steady = std::chrono::steady_clock;

std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now().time_since_epoch()).count());
}

struct options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string target = "lingting";
    std::string mode = "closed";
    int pairs = 100;
    double rate = 10;
    double warmup = 2, duration = 10, hold = 5;
    int server_pid = 0;
    std::string user_prefix = "bench-c";
    std::string password = "bench-password";
    std::string label;
    int first = 0;
    double baseline_rss_kb = -1;
    int end_after = 0;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto eq = a.find('=');
        if (a.rfind("--", 0) != 0 || eq == std::string::npos) throw std::runtime_error("bad argument: " + a);
        std::string k = a.substr(2, eq - 2), v = a.substr(eq + 1);
        if (k == "host") o.host = v;
        else if (k == "port") o.port = static_cast<std::uint16_t>(std::stoi(v));
        else if (k == "target") o.target = v;
        else if (k == "mode") o.mode = v;
        else if (k == "pairs") o.pairs = std::stoi(v);
        else if (k == "rate") o.rate = std::stod(v);
        else if (k == "warmup") o.warmup = std::stod(v);
        else if (k == "duration") o.duration = std::stod(v);
        else if (k == "hold") o.hold = std::stod(v);
        else if (k == "server-pid") o.server_pid = std::stoi(v);
        else if (k == "user-prefix") o.user_prefix = v;
        else if (k == "password") o.password = v;
        else if (k == "label") o.label = v;
        else if (k == "first") o.first = std::stoi(v);
        else if (k == "baseline-rss-kb") o.baseline_rss_kb = std::stod(v);
        else if (k == "end-after") o.end_after = std::stoi(v);
        else throw std::runtime_error("unknown option: --" + k);
    }
    if (o.port == 0) throw std::runtime_error("--port is required");
    if (o.target != "lingting" && o.target != "pair") throw std::runtime_error("--target: lingting or pair");
    if (o.mode != "closed" && o.mode != "rate" && o.mode != "idle") throw std::runtime_error("--mode: closed, rate or idle");
    if (o.pairs < 1 || o.pairs > 20000) throw std::runtime_error("--pairs: 1 to 20000");
    if (o.duration <= 0 || o.duration > 600 || o.warmup < 0 || o.warmup > 60 || o.hold < 0 || o.hold > 600)
        throw std::runtime_error("durations out of bounds (duration <= 600 s, warmup <= 60 s, hold <= 600 s)");
    if (o.end_after != 0 && (o.end_after < 2 || o.end_after > 100000 || o.target != "lingting" || o.mode == "idle"))
        throw std::runtime_error("--end-after: 2 to 100000 messages per side, Lingting only, closed or rate");
    return o;
}

// The value of a string field in a flat JSON object written by the servers under test.
std::string_view field(std::string_view json, std::string_view key) {
    char pattern[64];
    int n = std::snprintf(pattern, sizeof pattern, "\"%.*s\":\"", static_cast<int>(key.size()), key.data());
    auto at = json.find(std::string_view(pattern, static_cast<std::size_t>(n)));
    if (at == std::string_view::npos) return {};
    at += static_cast<std::size_t>(n);
    auto end = json.find('"', at);
    return end == std::string_view::npos ? std::string_view{} : json.substr(at, end - at);
}

struct percentiles {
    double p50 = 0, p99 = 0, max = 0;
};

percentiles summarize(std::vector<std::uint64_t>& ns) {
    percentiles p;
    if (ns.empty()) return p;
    std::sort(ns.begin(), ns.end());
    auto at = [&](double q) { return static_cast<double>(ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]) / 1e3; };
    p.p50 = at(0.50);
    p.p99 = at(0.99);
    p.max = static_cast<double>(ns.back()) / 1e3;
    return p;
}

class generator final : public client_handler {
public:
    explicit generator(options o) : o_(std::move(o)), loop_(o_.host, o_.port, *this, capacity(o_)) {
        sides_.resize(capacity(o_));
        latencies_.reserve(4'000'000);
    }

    int run();

private:
    struct side {
        int partner = -1;
        int slot = -1;  // its place in the send schedule (a new visitor takes the one it replaces)
        bool consultant = false;
        bool joined = false;  // Lingting consultant: the hub has it, visitors may be routed to it
        bool ready = false;   // paired with the other side (on Lingting: knows its conversation)
        bool leaving = false;  // --end-after: this visitor has sent `leave`
        bool retired = false;  // --end-after: its conversation ended and we closed it
        unsigned next_line = 0;
        int said = 0, delivered = 0;  // in this conversation: sent, and received by the other side
        std::string conversation;
    };

    // Every connection the run may open: with --end-after, one new visitor per ended
    // conversation (client_loop never reuses an id), bounded well above what a run can end.
    static std::size_t capacity(const options& o) {
        std::size_t sockets = static_cast<std::size_t>(o.pairs) * 2;
        return o.end_after > 0 ? sockets + 2'000'000 / static_cast<std::size_t>(o.end_after) : sockets;
    }

    void on_open(int conn) override;
    void on_text(int conn, std::string_view text) override;
    void on_closed(int conn, std::string_view why) override;

    void queue_connect(std::string path, bool consultant, int slot);
    void pump_connects();
    bool wait_until(double seconds, const std::function<bool()>& done);
    void learned_conversation(int conn, std::string_view conversation);
    void send(int conn);
    void maybe_leave(int conn);
    void on_ended(int conn);
    void on_relayed(int receiver, std::string_view frame);
    void print(double measured_s, double server_cpu, double own_cpu, double rss_before, double rss_after);

    options o_;
    client_loop loop_;
    std::vector<side> sides_;
    struct pending_connect {
        std::string path;
        bool consultant;
        int slot;
    };
    std::vector<pending_connect> to_connect_;
    std::vector<int> slot_conn_;  // slot -> the connection now in it
    std::size_t connect_next_ = 0;
    std::unordered_map<std::string, int> unmatched_;  // conversation -> the side that knows it
    int joined_ = 0, ready_pairs_ = 0, closed_ = 0;
    std::map<std::string, int> close_reasons_, error_codes_, other_types_;

    bool sending_ = false, recording_ = false;
    std::uint64_t sent_ = 0, received_ = 0, acks_ = 0, errors_ = 0, other_frames_ = 0;
    std::uint64_t ended_ = 0, window_ended_ = 0;
    std::uint64_t window_received_ = 0;
    std::vector<std::uint64_t> latencies_, ack_latencies_;
    std::string frame_;
};

void generator::queue_connect(std::string path, bool consultant, int slot) {
    to_connect_.push_back({std::move(path), consultant, slot});
}

// Keeps at most 256 handshakes in flight: a burst of thousands of SYNs overflows the backlog.
void generator::pump_connects() {
    while (connect_next_ < to_connect_.size() && loop_.connecting() < 256) {
        auto& [path, consultant, slot] = to_connect_[connect_next_++];
        int id = loop_.connect(path);
        if (id < 0) throw std::runtime_error("cannot open more sockets (raise ulimit -n)");
        auto& s = sides_[static_cast<std::size_t>(id)];
        s.consultant = consultant;
        s.slot = slot;
        slot_conn_[static_cast<std::size_t>(slot)] = id;
        if (o_.target == "pair") {  // sides of pair i are connections 2i and 2i+1
            s.partner = id ^ 1;
            s.conversation = "pair-" + std::to_string(id / 2) + "-0123456789abcdef";  // Lingting-sized id
        }
    }
}

bool generator::wait_until(double seconds, const std::function<bool()>& done) {
    auto end = steady::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (steady::now() > end) return false;
        pump_connects();
        loop_.poll(5);
    }
    return true;
}

// Nothing to do yet: Lingting says who we are in its first frame, the bare relay says "paired".
void generator::on_open(int) {}

void generator::on_closed(int conn, std::string_view why) {
    if (sides_[static_cast<std::size_t>(conn)].retired) return;  // we closed it after its end
    ++closed_;
    ++close_reasons_[std::string(why.substr(0, 60))];
    sides_[static_cast<std::size_t>(conn)].ready = false;
}

void generator::learned_conversation(int conn, std::string_view conversation) {
    auto& s = sides_[static_cast<std::size_t>(conn)];
    if (!s.conversation.empty()) return;
    s.conversation = conversation;
    auto it = unmatched_.find(s.conversation);
    if (it == unmatched_.end()) {
        unmatched_.emplace(s.conversation, conn);
        return;
    }
    int other = it->second;
    unmatched_.erase(it);
    s.partner = other;
    sides_[static_cast<std::size_t>(other)].partner = conn;
    s.ready = sides_[static_cast<std::size_t>(other)].ready = true;
    ++ready_pairs_;
    if (sending_ && o_.mode == "closed") {  // a conversation after an ended one: start talking
        send(conn);
        send(other);
    }
}

// --end-after: once both sides have said their N and everything arrived, the visitor leaves
// (nothing is in flight then, so no `say` meets an ended conversation).
void generator::maybe_leave(int conn) {
    auto& s = sides_[static_cast<std::size_t>(conn)];
    if (o_.end_after == 0 || s.partner < 0) return;
    auto& p = sides_[static_cast<std::size_t>(s.partner)];
    auto& visitor = s.consultant ? p : s;
    if (visitor.leaving || s.said < o_.end_after || p.said < o_.end_after || s.delivered < s.said || p.delivered < p.said)
        return;
    visitor.leaving = true;
    loop_.send_text(s.consultant ? s.partner : conn, R"({"type":"leave"})");
}

// The conversation ended: the consultant waits for its next visitor, the visitor's socket is
// closed and a new visitor connects in its slot.
void generator::on_ended(int conn) {
    auto& s = sides_[static_cast<std::size_t>(conn)];
    s.ready = false;
    s.partner = -1;
    s.said = s.delivered = 0;
    s.conversation.clear();
    if (s.consultant) return;
    ++ended_;
    if (recording_) ++window_ended_;
    s.retired = true;
    loop_.close(conn);
    queue_connect("/ws/visitor", false, s.slot);
    pump_connects();
}

void generator::on_text(int conn, std::string_view text) {
    auto& s = sides_[static_cast<std::size_t>(conn)];
    std::string_view type = field(text.substr(0, 40), "type");
    if (type == "message" || (o_.target == "pair" && type == "say")) return on_relayed(conn, text);
    if (type == "ack") {
        ++acks_;
        auto id = field(text, "id");
        if (recording_ && id.size() > 1) ack_latencies_.push_back(now_ns() - std::stoull(std::string(id.substr(1))));
        return;
    }
    if (type == "error") {
        ++errors_;
        ++error_codes_[std::string(field(text, "code"))];
        return;
    }
    if (type == "paired") {  // bare relay: both sides are connected
        s.ready = true;
        if (s.partner >= 0 && sides_[static_cast<std::size_t>(s.partner)].ready) ++ready_pairs_;
        return;
    }
    if (type == "queue_state" && s.consultant && !s.joined) {  // the first frame on joining
        s.joined = true;
        ++joined_;
        return;
    }
    if (type == "assigned" || type == "welcome") return learned_conversation(conn, field(text, "conversation"));
    if (type == "ended" && o_.end_after > 0) return on_ended(conn);
    ++other_frames_;
    ++other_types_[std::string(type)];
}

void generator::send(int conn) {
    auto& s = sides_[static_cast<std::size_t>(conn)];
    if (!s.ready || (o_.end_after > 0 && s.said >= o_.end_after)) return;
    ++s.said;
    const auto& lines = s.consultant ? consultant_lines : visitor_lines;
    const std::size_t round = s.next_line / lines.size();
    std::string_view line = lines[s.next_line++ % lines.size()];
    frame_.assign("{\"type\":\"say\",");
    if (s.consultant) frame_.append("\"conversation\":\"").append(s.conversation).append("\",");
    frame_.append("\"text\":\"").append(line);
    // A consultant who pastes the same line a third time in one conversation sends a repeated
    // reply (a finding, stored and sent): after the first round each line is told apart by its
    // round, so the measured traffic stays the relay's, as texts.hpp says.
    if (s.consultant && round > 0) frame_.append(" #").append(std::to_string(round));
    frame_.append("\",\"id\":\"t").append(std::to_string(now_ns())).append("\"}");
    ++sent_;
    loop_.send_text(conn, frame_);
}

void generator::on_relayed(int receiver, std::string_view frame) {
    std::uint64_t now = now_ns();
    ++received_;
    int from = sides_[static_cast<std::size_t>(receiver)].partner;
    if (from >= 0) ++sides_[static_cast<std::size_t>(from)].delivered;
    auto id = field(frame, "id");
    if (recording_) {
        ++window_received_;
        if (id.size() > 1 && latencies_.size() < 20'000'000) latencies_.push_back(now - std::stoull(std::string(id.substr(1))));
    }
    if (from >= 0 && sending_ && o_.mode == "closed") send(from);  // its previous one has arrived
    if (from >= 0) maybe_leave(from);
}

int generator::run() {
    double rss_before = o_.baseline_rss_kb >= 0 ? o_.baseline_rss_kb * 1024 : o_.server_pid ? process_rss_bytes(o_.server_pid) : -1;
    // Set-up: log consultants in, let them join, then open the visitors (routed one each).
    double setup_budget = 30 + o_.pairs / 100.0;
    slot_conn_.assign(static_cast<std::size_t>(o_.pairs) * 2, -1);
    if (o_.target == "lingting") {
        for (int i = 0; i < o_.pairs; ++i)
            queue_connect("/ws/staff?token=" + login(o_.host, o_.port, o_.user_prefix + std::to_string(o_.first + i), o_.password),
                          true, i);
        if (!wait_until(setup_budget, [&] { return joined_ == o_.pairs; }))
            throw std::runtime_error("only " + std::to_string(joined_) + " consultants joined");
        for (int i = 0; i < o_.pairs; ++i) queue_connect("/ws/visitor", false, o_.pairs + i);
    } else {
        for (int i = 0; i < o_.pairs; ++i) {
            queue_connect("/pair/" + std::to_string(o_.first + i) + "/a", false, 2 * i);
            queue_connect("/pair/" + std::to_string(o_.first + i) + "/b", true, 2 * i + 1);
        }
    }
    if (!wait_until(setup_budget, [&] { return ready_pairs_ == o_.pairs; }))
        throw std::runtime_error("only " + std::to_string(ready_pairs_) + " of " + std::to_string(o_.pairs) +
                                 " pairs ready");

    if (o_.mode == "idle") {
        std::cerr << "ready" << std::endl;
        wait_until(o_.hold, [] { return false; });
        print(0, 0, 0, rss_before, o_.server_pid ? process_rss_bytes(o_.server_pid) : -1);
        return 0;
    }

    sending_ = true;
    auto start = steady::now();
    auto warm_end = start + std::chrono::duration<double>(o_.warmup);
    auto end = warm_end + std::chrono::duration<double>(o_.duration);
    double server_cpu0 = 0, own_cpu0 = 0;
    if (o_.mode == "closed")
        for (int conn : slot_conn_) send(conn);
    // rate: one global schedule over all sides, round robin, so the load is smooth.
    const double interval_s = 1.0 / (o_.rate * static_cast<double>(slot_conn_.size()));
    auto next_due = start;
    std::size_t next_side = 0;
    for (;;) {
        auto now = steady::now();
        if (!recording_ && now >= warm_end) {
            recording_ = true;
            server_cpu0 = o_.server_pid ? process_cpu_seconds(o_.server_pid) : 0;
            own_cpu0 = own_cpu_seconds();
        }
        if (now >= end) break;
        int timeout = 1;
        if (o_.mode == "rate") {
            for (int burst = 0; next_due <= now && burst < 10000; ++burst) {
                send(slot_conn_[next_side]);
                next_side = (next_side + 1) % slot_conn_.size();
                next_due += std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(interval_s));
            }
            // Sleep in epoll until the next send is due (1 ms granularity: sends go out in small
            // bursts at high rates) rather than spinning, so the generator's CPU means something.
            timeout = next_due > steady::now() ? 1 : 0;
        }
        loop_.poll(timeout);
    }
    recording_ = false;
    sending_ = false;
    double server_cpu = o_.server_pid ? process_cpu_seconds(o_.server_pid) - server_cpu0 : 0;
    double own_cpu = own_cpu_seconds() - own_cpu0;
    double rss_after = o_.server_pid ? process_rss_bytes(o_.server_pid) : -1;
    // Drain: whatever was sent must still arrive (nothing is lost, only late).
    wait_until(5, [&] { return received_ == sent_; });
    print(o_.duration, server_cpu, own_cpu, rss_before, rss_after);
    return 0;
}

void generator::print(double measured_s, double server_cpu, double own_cpu, double rss_before, double rss_after) {
    percentiles l = summarize(latencies_), a = summarize(ack_latencies_);
    double msgs = static_cast<double>(window_received_);
    auto us_per_msg = [&](double cpu) { return msgs > 0 ? cpu * 1e6 / msgs : 0.0; };
    std::string errors = "{";
    for (auto& [code, n] : error_codes_) errors += (errors.size() > 1 ? "," : "") + ("\"" + code + "\":" + std::to_string(n));
    errors += "}";
    std::string others = "{";
    for (auto& [type, n] : other_types_) others += (others.size() > 1 ? "," : "") + ("\"" + type + "\":" + std::to_string(n));
    others += "}";
    std::string closes = "{";
    for (auto& [why, n] : close_reasons_) closes += (closes.size() > 1 ? "," : "") + ("\"" + why + "\":" + std::to_string(n));
    closes += "}";
    std::printf(
        "{\"label\":\"%s\",\"target\":\"%s\",\"mode\":\"%s\",\"first\":%d,\"pairs\":%d,\"rate_per_side\":%g,"
        "\"seconds\":%g,\"messages\":%.0f,\"throughput\":%.1f,"
        "\"latency_us\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
        "\"ack_latency_us\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
        "\"server\":{\"cpu_s\":%.3f,\"cpu_us_per_msg\":%.2f,\"rss_before_mb\":%.2f,\"rss_mb\":%.2f},"
        "\"generator\":{\"cpu_s\":%.3f,\"cpu_us_per_msg\":%.2f},"
        "\"sent\":%llu,\"received\":%llu,\"undelivered\":%lld,\"acks\":%llu,\"errors\":%s,"
        "\"other_frames\":%llu,\"other_types\":%s,\"closed_sockets\":%d,\"close_reasons\":%s,"
        "\"end_after\":%d,\"conversations_ended\":%llu,\"window_conversations_ended\":%llu}\n",
        o_.label.c_str(), o_.target.c_str(), o_.mode.c_str(), o_.first, o_.pairs, o_.mode == "rate" ? o_.rate : 0.0, measured_s,
        msgs, measured_s > 0 ? msgs / measured_s : 0.0, l.p50, l.p99, l.max, a.p50, a.p99, a.max, server_cpu,
        us_per_msg(server_cpu), rss_before / 1048576.0, rss_after / 1048576.0, own_cpu, us_per_msg(own_cpu),
        static_cast<unsigned long long>(sent_), static_cast<unsigned long long>(received_),
        static_cast<long long>(sent_) - static_cast<long long>(received_), static_cast<unsigned long long>(acks_),
        errors.c_str(), static_cast<unsigned long long>(other_frames_), others.c_str(), closed_, closes.c_str(), o_.end_after,
        static_cast<unsigned long long>(ended_), static_cast<unsigned long long>(window_ended_));
    std::fflush(stdout);
}

}  // namespace
}  // namespace loadgen

int main(int argc, char** argv) {
    try {
        rlimit r{};
        ::getrlimit(RLIMIT_NOFILE, &r);
        r.rlim_cur = r.rlim_max;  // 20,000 sockets need more than the usual 1,024
        ::setrlimit(RLIMIT_NOFILE, &r);
        loadgen::generator g(loadgen::parse(argc, argv));
        return g.run();
    } catch (const std::exception& e) {
        std::cerr << "loadgen: " << e.what() << '\n';
        return 1;
    }
}
