#pragma once

// What happens to a room: the inputs of room::handle.

#include "protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <variant>

namespace quizroom::game {

/// A connection, as the net layer numbers them; 0 is "no connection" (the
/// HTTP API creating a room).
using conn_id = std::uint64_t;

/// The room is created; `conn` becomes its first host screen.
struct open_event {
    conn_id conn = 0;
    std::optional<nlohmann::json> id;
};

/// A parsed client message.
struct command_event {
    conn_id conn = 0;
    protocol::client_message message;
    std::optional<nlohmann::json> id;
    protocol::epoch_ms read_at = 0; ///< when the frame was read off the socket
    std::int64_t rtt_ms = 0;        ///< the connection's round-trip time, capped
};

/// A connection closed, for whatever reason.
struct disconnect_event {
    conn_id conn = 0;
};

/// The `question` frame of question `q` was handed to this connection's socket.
struct delivered_event {
    conn_id conn = 0;
    int q = 0;
    protocol::epoch_ms at = 0;
    std::int64_t rtt_ms = 0;
};

/// The timer the room asked for (timer_action) fired.
struct tick_event {};

/// The host asked for the room and everything stored of it to be deleted
/// (`DELETE /api/rooms/{code}`; the net layer has checked the host token).
struct erase_event {};

using event = std::variant<open_event, command_event, disconnect_event, delivered_event, tick_event,
                           erase_event>;

} // namespace quizroom::game
