#pragma once

#include "net/address_connections.hpp"
#include "net/client_address.hpp"
#include "net/limits.hpp"
#include "net/room_code_guard.hpp"

namespace quizroom::net {

class http_routes;
class room_directory;

/// What every connection's sessions share; owned by main, outlives them all.
struct session_context {
    const http_routes& routes;
    room_directory& rooms;
    const server_limits& limits;
    const trusted_proxies& proxies;
    room_code_guard& codes;
    address_connections& connections;
};

} // namespace quizroom::net
