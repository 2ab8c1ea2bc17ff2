#include "login.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace loadgen {

std::string login(const std::string& host, std::uint16_t port, const std::string& user,
                  const std::string& password) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect for log-in");
    }
    // Names and passwords are generated ASCII (no characters to escape).
    std::string body = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    std::string req = "POST /api/login HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string answer;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    constexpr std::string_view key = "\"token\":\"";
    auto at = answer.find(key);
    if (answer.compare(0, 12, "HTTP/1.1 200") != 0 || at == std::string::npos)
        throw std::runtime_error("log-in of " + user + " refused: " + answer.substr(0, answer.find("\r\n")));
    at += key.size();
    return answer.substr(at, answer.find('"', at) - at);
}

}  // namespace loadgen
