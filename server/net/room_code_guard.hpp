#pragma once

#include "net/keyed_rate_limiter.hpp"
#include "net/limits.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace quizroom::net {

/// Rate limits on reaching a room by its code (`join`, `rejoin`, `host` and
/// the `/api/rooms/{code}` routes), so that codes cannot be found by trying
/// them: attempts per client address and at each existing room, and misses
/// (codes no room has) per address and for the whole node. A `rejoin` or
/// `host` (a returning connection, with its token) counts only as a miss
/// when it misses, so that a classroom whose network dropped gets back in.
///
/// While an address's misses, or the node's, are used up, every attempt it
/// covers is refused, hits included: otherwise a guess that found a room
/// would stand out from the refused misses. Thread-safe.
class room_code_guard {
public:
    explicit room_code_guard(const server_limits& l);

    /// Whether an attempt from `address_key` at `code` (as this node knows
    /// it: `exists`) may go ahead; when not, the reason for the client.
    /// A miss that goes ahead is counted.
    std::optional<std::string> refuse(const std::string& address_key, const std::string& code,
                                      bool exists, std::int64_t now_ms, bool returning = false);

private:
    keyed_rate_limiter address_attempts_;
    keyed_rate_limiter room_attempts_;
    keyed_rate_limiter address_misses_;
    keyed_rate_limiter node_misses_;
};

/// The clock room_code_guard is given, in milliseconds.
std::int64_t steady_now_ms();

} // namespace quizroom::net
