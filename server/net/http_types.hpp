#pragma once

// HTTP as the routes see it: plain structs, so routing compiles without Beast.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace quizroom::net {

struct http_request {
    std::string method;
    std::string target; ///< path and query
    std::string body;
    std::string content_type;
    std::string authorization;
    std::string host;    ///< the Host header, for join addresses
    std::string client;  ///< the client's address_key, for the per-address limits
    bool secure = false; ///< it came over TLS
};

struct http_response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Routes answer through this, possibly later and from another thread.
using http_responder = std::function<void(http_response)>;

} // namespace quizroom::net
