#include "net/client_address.hpp"

#include <algorithm>
#include <cctype>

namespace lingting {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// An IPv4 or IPv6 literal as a proxy writes it: digits, hex letters, '.', ':'. Anything else
// (a name, a port, a script) is not an address we will key limits or logs by.
bool plausible_address(std::string_view a) {
    if (a.empty() || a.size() > 45) return false;
    return std::all_of(a.begin(), a.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    });
}

}  // namespace

std::string_view unmapped_address(std::string_view address) {
    constexpr std::string_view prefix = "::ffff:";
    if (address.size() <= prefix.size() || address.find('.') == std::string_view::npos) return address;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(address[i])) != prefix[i]) return address;
    return address.substr(prefix.size());
}

bool is_trusted_proxy(std::string_view address, const std::vector<std::string>& trusted_proxies) {
    // The list may be written either way too.
    address = unmapped_address(address);
    return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                       [&](const std::string& p) { return unmapped_address(p) == address; });
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    peer = unmapped_address(peer);
    if (!is_trusted_proxy(peer, trusted_proxies)) return std::string(peer);
    // Walk from the right: each hop appended the address it saw.
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        auto comma = rest.rfind(',');
        auto hop = unmapped_address(trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1)));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        if (!plausible_address(hop)) break;
        if (!is_trusted_proxy(hop, trusted_proxies)) return std::string(hop);
    }
    return std::string(peer);
}

}  // namespace lingting
