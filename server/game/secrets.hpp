#pragma once

#include <string>
#include <string_view>

namespace quizroom::game {

/// Where tokens come from and how they are hashed for storage. The server
/// uses a CSPRNG and SHA-256; tests inject predictable ones.
class secrets {
public:
    virtual ~secrets() = default;
    /// A fresh token of at least 128 random bits, printable.
    virtual std::string new_token() = 0;
    /// The stored form of a token.
    virtual std::string hash(std::string_view token) const = 0;
};

/// Equality whose time does not depend on where the inputs differ.
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

} // namespace quizroom::game
