// HEAD on the static pages, over raw HTTP. A HEAD answer carries the headers a GET would; it
// said Content-Length: 0 for every page (the empty body's length), so a proxy or cache checking a
// page with HEAD saw an empty file.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;


TEST(head_request, a_head_answer_carries_the_pages_length_and_no_body) {
    test_server srv;
    for (std::string page : {"/", "/console", "/js/visitor.js"}) {
        auto get = raw_exchange(srv.port(), "GET " + page + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        auto head = raw_exchange(srv.port(), "HEAD " + page + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        ASSERT_EQ(get.rfind("HTTP/1.1 200", 0), 0u) << page;
        ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << page;
        auto body = get.substr(get.find("\r\n\r\n") + 4);
        ASSERT_FALSE(body.empty()) << page;
        EXPECT_EQ(content_length(head), std::to_string(body.size())) << page;
        EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "") << page << ": a HEAD answer carried a body";
    }
}
