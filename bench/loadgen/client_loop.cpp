#include "client_loop.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace loadgen {
namespace {

constexpr unsigned op_continuation = 0x0, op_text = 0x1, op_close = 0x8, op_ping = 0x9, op_pong = 0xA;

}  // namespace

client_loop::client_loop(std::string host, std::uint16_t port, client_handler& h, std::size_t capacity)
    : host_(std::move(host)), port_(port), capacity_(capacity), handler_(h),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ < 0) throw std::runtime_error("epoll_create1 failed");
    conns_.reserve(capacity);
}

client_loop::~client_loop() {
    for (auto& c : conns_)
        if (c.fd >= 0) ::close(c.fd);
    ::close(epoll_);
}

int client_loop::connect(const std::string& path) {
    if (conns_.size() == capacity_) return -1;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    int id = static_cast<int>(conns_.size());
    conn c;
    c.fd = fd;
    c.st = state::connecting;
    c.path = path;
    rng_ ^= rng_ << 13, rng_ ^= rng_ >> 7, rng_ ^= rng_ << 17;
    c.mask = static_cast<std::uint32_t>(rng_ >> 16) | 1;  // never zero: masking really happens
    conns_.push_back(std::move(c));
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = static_cast<std::uint32_t>(id);
    conns_[id].want_write = true;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    ++connecting_;
    return id;
}

void client_loop::watch_writes(int id, bool on) {
    auto& c = conns_[id];
    if (c.want_write == on || c.fd < 0) return;
    c.want_write = on;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u32 = static_cast<std::uint32_t>(id);
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
}

void client_loop::fail(int id, std::string_view why) {
    auto& c = conns_[id];
    if (c.fd < 0) return;
    if (c.st == state::connecting || c.st == state::upgrading) --connecting_;
    ::close(c.fd);  // also removes it from the epoll set
    c.fd = -1;
    c.st = state::closed;
    c.in.clear();
    c.out.clear();
    handler_.on_closed(id, why);
}

void client_loop::close(int id) {
    auto& c = conns_[id];
    if (c.fd < 0) return;
    if (c.st == state::open) write_frame(id, op_close, std::string_view("\x03\xe8", 2));  // 1000
    fail(id, "closed by us");
}

void client_loop::write_raw(int id, const char* data, std::size_t size) {
    auto& c = conns_[id];
    if (c.fd < 0) return;
    if (c.out.size() == c.out_off) {  // nothing waiting: try the kernel first
        ssize_t n = ::send(c.fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(id, "send failed");
        std::size_t sent = n < 0 ? 0 : static_cast<std::size_t>(n);
        if (sent == size) return;
        c.out.assign(data + sent, size - sent);
        c.out_off = 0;
        watch_writes(id, true);
        return;
    }
    c.out.append(data, size);
}

void client_loop::write_frame(int id, unsigned opcode, std::string_view payload) {
    frame_.clear();
    frame_.push_back(static_cast<char>(0x80 | opcode));
    std::size_t n = payload.size();
    if (n < 126) {
        frame_.push_back(static_cast<char>(0x80 | n));
    } else if (n < 65536) {
        frame_.push_back(static_cast<char>(0x80 | 126));
        frame_.push_back(static_cast<char>(n >> 8));
        frame_.push_back(static_cast<char>(n & 0xff));
    } else {
        frame_.push_back(static_cast<char>(0x80 | 127));
        for (int s = 56; s >= 0; s -= 8) frame_.push_back(static_cast<char>((n >> s) & 0xff));
    }
    std::uint32_t mask = conns_[id].mask;
    char key[4];
    std::memcpy(key, &mask, 4);
    frame_.append(key, 4);
    std::size_t at = frame_.size();
    frame_.append(payload);
    // Eight bytes at a time: the mask repeats every four, so a doubled key covers eight.
    std::uint64_t k8 = (std::uint64_t{mask} << 32) | mask;
    char* p = frame_.data() + at;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        w ^= k8;
        std::memcpy(p + i, &w, 8);
    }
    for (; i < n; ++i) p[i] ^= key[i & 3];
    write_raw(id, frame_.data(), frame_.size());
}

void client_loop::send_text(int id, std::string_view text) {
    if (conns_[id].st != state::open) return;
    write_frame(id, op_text, text);
}

void client_loop::on_writable(int id) {
    auto& c = conns_[id];
    if (c.st == state::connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) return fail(id, std::strerror(err));
        c.st = state::upgrading;
        std::string req = "GET " + c.path + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        watch_writes(id, false);
        write_raw(id, req.data(), req.size());
        return;
    }
    while (c.out_off < c.out.size()) {
        ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            return fail(id, "send failed");
        }
        c.out_off += static_cast<std::size_t>(n);
    }
    c.out.clear();
    c.out_off = 0;
    watch_writes(id, false);
}

void client_loop::on_readable(int id) {
    static thread_local char buf[64 * 1024];
    for (;;) {
        auto& c = conns_[id];
        if (c.fd < 0) return;
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n == 0) return fail(id, "eof");
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            return fail(id, std::strerror(errno));
        }
        c.in.append(buf, static_cast<std::size_t>(n));
        if (c.st == state::upgrading) {
            auto end = c.in.find("\r\n\r\n");
            if (end == std::string::npos) continue;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0)
                return fail(id, "refused: " + c.in.substr(0, c.in.find("\r\n")));
            c.in_off = end + 4;
            c.st = state::open;
            --connecting_;
            handler_.on_open(id);
        }
        if (!parse_frames(id)) return;
        if (static_cast<std::size_t>(n) < sizeof buf) return;  // drained
    }
}

// Parses every whole frame in `in`; false when the connection is gone.
bool client_loop::parse_frames(int id) {
    for (;;) {
        auto& c = conns_[id];
        if (c.fd < 0) return false;
        const auto* p = reinterpret_cast<const unsigned char*>(c.in.data()) + c.in_off;
        std::size_t avail = c.in.size() - c.in_off;
        if (avail < 2) break;
        bool fin = p[0] & 0x80;
        unsigned opcode = p[0] & 0x0f;
        std::uint64_t len = p[1] & 0x7f;
        std::size_t header = 2;
        if (p[1] & 0x80) {
            fail(id, "masked frame from server");
            return false;
        }
        if (len == 126) {
            if (avail < 4) break;
            len = (std::uint64_t{p[2]} << 8) | p[3];
            header = 4;
        } else if (len == 127) {
            if (avail < 10) break;
            len = 0;
            for (int i = 2; i < 10; ++i) len = (len << 8) | p[i];
            header = 10;
        }
        if (avail < header + len) break;
        std::string_view payload(reinterpret_cast<const char*>(p) + header, len);
        c.in_off += header + len;
        if (opcode == op_ping) {
            write_frame(id, op_pong, payload);
        } else if (opcode == op_close) {
            fail(id, "server closed");
            return false;
        } else if (opcode == op_text && fin) {
            handler_.on_text(id, payload);
        } else if (opcode == op_text || opcode == op_continuation) {
            auto& cc = conns_[id];
            cc.fragments.append(payload);
            if (fin) {
                std::string whole = std::move(cc.fragments);
                cc.fragments.clear();
                handler_.on_text(id, whole);
            }
        }
        // pong and binary frames are ignored
    }
    auto& c = conns_[id];
    if (c.in_off == c.in.size()) {
        c.in.clear();
        c.in_off = 0;
    } else if (c.in_off > 64 * 1024) {
        c.in.erase(0, c.in_off);
        c.in_off = 0;
    }
    return true;
}

void client_loop::poll(int timeout_ms) {
    epoll_event events[256];
    int n = ::epoll_wait(epoll_, events, 256, timeout_ms);
    for (int i = 0; i < n; ++i) {
        int id = static_cast<int>(events[i].data.u32);
        if (conns_[id].fd < 0) continue;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) {
            if (conns_[id].st == state::connecting) {
                on_writable(id);  // reports the connect error
                continue;
            }
            on_readable(id);  // reads what is left, then sees the end
            if (conns_[id].fd >= 0) fail(id, "hang-up");
            continue;
        }
        if (events[i].events & EPOLLOUT) on_writable(id);
        if (conns_[id].fd >= 0 && (events[i].events & EPOLLIN)) on_readable(id);
    }
}

}  // namespace loadgen
