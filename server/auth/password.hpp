// Password hashing (PBKDF2-HMAC-SHA256, OpenSSL) and random tokens (OpenSSL's CSPRNG).
#pragma once

#include <string>
#include <string_view>

namespace lingting::crypto {

// "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX" with a fresh 16-byte salt.
std::string hash_password(std::string_view password, int iterations);
// Constant-time comparison against a stored hash; false for a malformed one.
bool verify_password(std::string_view password, std::string_view stored);
// `bytes` random bytes as lower-case hex.
std::string random_hex(std::size_t bytes);
std::string sha256_hex(std::string_view data);

}  // namespace lingting::crypto
