#include "net/client_address.hpp"

#include <gtest/gtest.h>

namespace lingting {

TEST(client_address, a_direct_peer_is_known_by_its_own_address_whatever_it_claims) {
    EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", {}), "203.0.113.9");
    EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", {"10.0.0.1"}), "203.0.113.9");
}

TEST(client_address, a_trusted_proxy_names_the_hop_it_saw) {
    EXPECT_EQ(client_address("10.0.0.1", "198.51.100.7", {"10.0.0.1"}), "198.51.100.7");
    // The client wrote the left part itself: only the right-most untrusted hop counts.
    EXPECT_EQ(client_address("10.0.0.1", "6.6.6.6, 198.51.100.7", {"10.0.0.1"}), "198.51.100.7");
    // Two proxies in a chain.
    EXPECT_EQ(client_address("10.0.0.1", "198.51.100.7, 10.0.0.2", {"10.0.0.1", "10.0.0.2"}), "198.51.100.7");
    EXPECT_EQ(client_address("10.0.0.1", " 2001:db8::5 ", {"10.0.0.1"}), "2001:db8::5");
}

TEST(client_address, garbage_from_a_trusted_proxy_leaves_the_proxy_address) {
    EXPECT_EQ(client_address("10.0.0.1", "", {"10.0.0.1"}), "10.0.0.1");
    EXPECT_EQ(client_address("10.0.0.1", "<script>", {"10.0.0.1"}), "10.0.0.1");
    EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, evil.example", {"10.0.0.1"}), "10.0.0.1");
    EXPECT_EQ(client_address("10.0.0.1", std::string(100, '1'), {"10.0.0.1"}), "10.0.0.1");
}

}  // namespace lingting
