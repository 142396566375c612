#pragma once

// Where the Redis store lives: `redis://[:password@]host[:port][/db]`.

#include <optional>
#include <string>
#include <string_view>

namespace quizroom::store {

struct redis_url {
    std::string host = "127.0.0.1";
    unsigned short port = 6379;
    std::string password;
    int db = 0;

    /// The address without the password, for logs.
    std::string describe() const;
};

/// The parsed address, or nullopt with `why` set.
std::optional<redis_url> parse_redis_url(std::string_view text, std::string& why);

} // namespace quizroom::store
