#include "net/openssl_secrets.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace quizroom::net {
namespace {

std::string hex(const unsigned char* data, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 0xF]);
    }
    return out;
}

void random_bytes(unsigned char* data, std::size_t n) {
    if (RAND_bytes(data, static_cast<int>(n)) != 1) {
        throw std::runtime_error("the system's random number generator failed");
    }
}

} // namespace

std::string openssl_secrets::new_token() {
    std::array<unsigned char, 16> bytes{};
    random_bytes(bytes.data(), bytes.size());
    return hex(bytes.data(), bytes.size());
}

std::string openssl_secrets::hash(std::string_view token) const {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
    return hex(digest.data(), digest.size());
}

std::uint64_t random_u64() {
    std::uint64_t value = 0;
    random_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value);
    return value;
}

} // namespace quizroom::net
