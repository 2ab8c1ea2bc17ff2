// The server listening on "::" (both IPv6 and IPv4) behind a reverse proxy on 127.0.0.1. A
// dual-stack socket reports an IPv4 peer as IPv4-mapped IPv6, "::ffff:127.0.0.1", which never
// equalled the "127.0.0.1" in trusted-proxies. Repro on the real binary (--address=::
// --trusted-proxies=127.0.0.1): six leave-a-message posts forwarded for six different visitors,
// the sixth refused 429 as if one visitor sent them all: every visitor behind the proxy was one
// client address (one budget of leads, of open conversations (10), of log-in failures), and the
// proxy itself was held to connections-per-address. Now both forms name one address.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

http_reply lead_from(unsigned short port, const std::string& forwarded_for) {
    return http_request(port, "POST", "/api/leads", R"({"name":"王","phone":"13800138000","message":"想预约"})", {},
                        {{"X-Forwarded-For", forwarded_for}});
}

}  // namespace

TEST(dual_stack_proxy, an_ipv4_proxy_on_a_dual_stack_listener_is_trusted_and_its_clients_are_told_apart) {
    test_server srv([](server_config& c) {
        c.address = "::";  // IPv4 connections arrive as ::ffff:127.0.0.1
        c.trusted_proxies = {"127.0.0.1"};
        c.leads_per_address_per_hour = 5;
    });
    // Seven visitors behind the proxy: each is a client of its own.
    for (int i = 1; i <= 7; ++i) {
        auto r = lead_from(srv.port(), "203.0.113." + std::to_string(i));
        EXPECT_EQ(r.status, 201) << "visitor " << i << " was counted with the others: " << r.body;
    }
    // One visitor over its own limit is still refused, by its forwarded address.
    for (int i = 0; i < 5; ++i) EXPECT_EQ(lead_from(srv.port(), "198.51.100.7").status, 201);
    EXPECT_EQ(lead_from(srv.port(), "198.51.100.7").status, 429);
    // A proxy that writes the mapped form too: the same visitor.
    EXPECT_EQ(lead_from(srv.port(), "::ffff:198.51.100.7").status, 429);
}

// The list written in the mapped form (how someone may have worked around the above) still works.
TEST(dual_stack_proxy, trusted_proxies_may_list_the_mapped_form) {
    test_server srv([](server_config& c) {
        c.address = "::";
        c.trusted_proxies = {"::ffff:127.0.0.1"};
        c.leads_per_address_per_hour = 5;
    });
    for (int i = 1; i <= 7; ++i)
        EXPECT_EQ(lead_from(srv.port(), "203.0.113." + std::to_string(i)).status, 201) << "visitor " << i;
}
