// HEAD on the static pages, over raw HTTP. A HEAD answer carries the headers a GET would; it
// said Content-Length: 0 for every page (the empty body's length), so a proxy or cache checking a
// page with HEAD saw an empty file.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

// One request with Connection: close; everything the server writes until it closes.
std::string exchange(unsigned short port, const std::string& method, const std::string& target) {
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
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
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

std::string content_length(const std::string& response) {
    auto at = response.find("\r\nContent-Length: ");
    if (at == std::string::npos) return "(none)";
    at += 18;
    return response.substr(at, response.find("\r\n", at) - at);
}

}  // namespace

TEST(head_request, a_head_answer_carries_the_pages_length_and_no_body) {
    test_server srv;
    for (std::string page : {"/", "/console", "/js/visitor.js"}) {
        auto get = exchange(srv.port(), "GET", page);
        auto head = exchange(srv.port(), "HEAD", page);
        ASSERT_EQ(get.rfind("HTTP/1.1 200", 0), 0u) << page;
        ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << page;
        auto body = get.substr(get.find("\r\n\r\n") + 4);
        ASSERT_FALSE(body.empty()) << page;
        EXPECT_EQ(content_length(head), std::to_string(body.size())) << page;
        EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "") << page << ": a HEAD answer carried a body";
    }
}
