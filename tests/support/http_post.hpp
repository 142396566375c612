#pragma once

#include "tests/support/http_get.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quizroom::testkit {

/// `POST target` on 127.0.0.1:port with `body` and `headers` (e.g.
/// {"Content-Type", "text/csv"}, {"Authorization", "Bearer ..."}), HTTP/1.1,
/// one request per connection. Throws std::system_error when the server
/// cannot be reached or does not answer within `timeout`.
http_response http_post(std::uint16_t port, std::string_view target, std::string body,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// Any request, as http_post: `method` ("GET", "DELETE", ...), `body` (may be
/// empty) and `headers`.
http_response http_request(std::uint16_t port, std::string_view method, std::string_view target,
                           std::string body = {},
                           const std::vector<std::pair<std::string, std::string>>& headers = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(5));

} // namespace quizroom::testkit
