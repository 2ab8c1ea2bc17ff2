// Who is on the other end of a request, for limits and logs. Beast-free.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// The client's address: the direct peer, unless the peer is one of `trusted_proxies`; then the
// right-most address in X-Forwarded-For that is not itself a trusted proxy (the entries left of
// it were written by the client and prove nothing). A malformed or empty header from a trusted
// proxy leaves the peer's own address.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// An IPv4 address written as IPv4-mapped IPv6 ("::ffff:127.0.0.1", what a dual-stack listener on
// "::" reports for an IPv4 peer) as plain IPv4 ("127.0.0.1"); any other text unchanged. One
// client has one name, and trusted-proxies lists proxies the way everyone writes them.
std::string_view unmapped_address(std::string_view address);
// Whether `address` is one of `trusted_proxies`, either side written in either form.
bool is_trusted_proxy(std::string_view address, const std::vector<std::string>& trusted_proxies);

}  // namespace lingting
