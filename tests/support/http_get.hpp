#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace quizroom::testkit {

struct http_response {
    int status = 0;
    std::string content_type;
    std::string body;
};

/// `GET target` on 127.0.0.1:port, HTTP/1.1, one request per connection.
/// Throws std::system_error when the server cannot be reached or does not
/// answer within `timeout`.
http_response http_get(std::uint16_t port, std::string_view target,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5));

} // namespace quizroom::testkit
