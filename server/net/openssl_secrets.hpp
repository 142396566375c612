#pragma once

#include "game/secrets.hpp"

namespace quizroom::net {

/// Tokens of 128 random bits from OpenSSL's CSPRNG, as 32 hex digits;
/// stored as their SHA-256, in hex.
class openssl_secrets final : public game::secrets {
public:
    std::string new_token() override;
    std::string hash(std::string_view token) const override;
};

/// 64 random bits from OpenSSL's CSPRNG (room codes, shuffle seeds).
std::uint64_t random_u64();

} // namespace quizroom::net
