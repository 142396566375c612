#pragma once

// Every limit the server applies to its clients, with its default. The
// README's limits table lists them with their flags; app/config fills them.

#include <cstddef>

namespace quizroom::net {

/// A token bucket's shape: `per_s` tokens a second, up to `burst` saved up.
struct rate_limit {
    double per_s = 0;
    double burst = 0;
};

struct server_limits {
    // WebSocket connections.
    std::size_t max_frame_bytes = 4096;
    rate_limit messages{20, 40};
    int refusals_before_close = 20;
    std::size_t queue_frames = 512;
    std::size_t queue_bytes = 1024 * 1024;
    // A host screen hears of every join (`player_joined`): a burst of joins into
    // a large room queues thousands of small frames that it reads promptly, so
    // its bound is set by bytes and is higher; it is still a bound.
    std::size_t host_queue_frames = 32 * 1024;
    std::size_t host_queue_bytes = 4 * 1024 * 1024;
    unsigned idle_timeout_s = 30;
    /// Open WebSocket connections per client address (a school behind one NAT).
    std::size_t connections_per_address = 5000;

    // HTTP, the WebSocket upgrade included.
    unsigned handshake_timeout_s = 10;
    unsigned request_timeout_s = 30;
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 8 * 1024;

    // Rooms.
    std::size_t max_rooms = 10000;
    int max_players_per_room = 10000;

    // Reaching a room by its code (`join`, `rejoin`, `host`, `/api/rooms/{code}`).
    // Sized for a school of 2,000 behind one NAT joining within a minute (a
    // look-up and a join each), with a few hundred typos; README.md shows what
    // the misses allow a guesser.
    rate_limit address_joins{50, 3000};   ///< every attempt from one address
    rate_limit room_joins{100, 2000};     ///< attempts at one existing room
    rate_limit address_misses{0.2, 1000}; ///< codes no room has, from one address
    rate_limit node_misses{2, 2000};      ///< codes no room has, from anyone
};

} // namespace quizroom::net
