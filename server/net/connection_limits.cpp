#include "net/connection_limits.hpp"

#include <functional>

namespace lingting {
namespace {

struct releaser {
    explicit releaser(std::function<void()> f) : release(std::move(f)) {}
    releaser(const releaser&) = delete;
    releaser& operator=(const releaser&) = delete;
    ~releaser() { release(); }
    std::function<void()> release;
};

}  // namespace

connection_limits::ticket connection_limits::release_later(std::function<void()> release) {
    return std::make_shared<const releaser>(std::move(release));
}

connection_limits::ticket connection_limits::admit_connection(const std::string& peer, bool trusted_proxy) {
    std::lock_guard lock(mutex_);
    if (total_ >= s_.max_connections) return nullptr;
    if (!trusted_proxy) {
        auto& n = per_peer_[peer];
        if (n >= s_.connections_per_address) {
            if (n == 0) per_peer_.erase(peer);
            return nullptr;
        }
        ++n;
    }
    ++total_;
    return release_later([this, peer, trusted_proxy] {
        std::lock_guard lock(mutex_);
        --total_;
        if (trusted_proxy) return;
        if (auto it = per_peer_.find(peer); it != per_peer_.end() && --it->second == 0) per_peer_.erase(it);
    });
}

connection_limits::ticket connection_limits::admit_visitor(const std::string& address, time_point now) {
    std::lock_guard lock(mutex_);
    if (visitors_.size() > 4096) sweep(now);
    auto [it, fresh] = visitors_.try_emplace(address);
    auto& v = it->second;
    if (fresh) v.rate = token_bucket(s_.visitor_connect_burst, now);
    v.last = now;
    if (v.open >= s_.visitor_sockets_per_address) return nullptr;
    if (!v.rate.allow(now, s_.visitor_connects_per_second, s_.visitor_connect_burst)) return nullptr;
    ++v.open;
    return release_later([this, address] {
        std::lock_guard lock(mutex_);
        if (auto it = visitors_.find(address); it != visitors_.end() && it->second.open > 0) --it->second.open;
    });
}

void connection_limits::sweep(time_point now) {
    // An address with nothing open and no connect for a while has a full bucket again: forgetting
    // it changes nothing.
    auto idle = std::chrono::duration<double>(s_.visitor_connect_burst / s_.visitor_connects_per_second);
    std::erase_if(visitors_, [&](auto& kv) { return kv.second.open == 0 && now - kv.second.last > idle; });
}

}  // namespace lingting
