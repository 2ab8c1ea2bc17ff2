#include "auth/password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace lingting::crypto {
namespace {

std::string to_hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

bool from_hex(std::string_view s, std::vector<unsigned char>& out) {
    if (s.size() % 2) return false;
    out.resize(s.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto [p, ec] = std::from_chars(s.data() + 2 * i, s.data() + 2 * i + 2, out[i], 16);
        if (ec != std::errc{} || p != s.data() + 2 * i + 2) return false;
    }
    return true;
}

std::vector<unsigned char> derive(std::string_view password, const std::vector<unsigned char>& salt,
                                  int iterations) {
    std::vector<unsigned char> key(32);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(key.size()), key.data()) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return key;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
    return to_hex(buf.data(), bytes);
}

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return to_hex(md, len);
}

std::string hash_password(std::string_view password, int iterations) {
    std::vector<unsigned char> salt(16);
    if (RAND_bytes(salt.data(), 16) != 1) throw std::runtime_error("RAND_bytes failed");
    auto key = derive(password, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt.data(), salt.size()) +
           "$" + to_hex(key.data(), key.size());
}

bool verify_password(std::string_view password, std::string_view stored) {
    constexpr std::string_view prefix = "pbkdf2-sha256$";
    if (stored.substr(0, prefix.size()) != prefix) return false;
    stored.remove_prefix(prefix.size());
    auto d1 = stored.find('$');
    auto d2 = stored.find('$', d1 == std::string_view::npos ? d1 : d1 + 1);
    if (d1 == std::string_view::npos || d2 == std::string_view::npos) return false;
    int iterations = 0;
    auto [p, ec] = std::from_chars(stored.data(), stored.data() + d1, iterations);
    if (ec != std::errc{} || iterations < 1) return false;
    std::vector<unsigned char> salt, expected;
    if (!from_hex(stored.substr(d1 + 1, d2 - d1 - 1), salt) || !from_hex(stored.substr(d2 + 1), expected) ||
        expected.size() != 32)
        return false;
    auto key = derive(password, salt, iterations);
    return CRYPTO_memcmp(key.data(), expected.data(), key.size()) == 0;
}

}  // namespace lingting::crypto
