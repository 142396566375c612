#pragma once

// What a room asks its host to do: the outputs of room::handle, carried out
// in order. A persist_action is a barrier: nothing after it may reach a
// client before the store has the records.

#include "game/records.hpp"
#include "game/room_events.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace quizroom::game {

enum class role { host, player };
enum class audience { players, hosts, everyone };

/// Close codes the room uses (PROTOCOL.md, close codes).
inline constexpr int close_normal = 1000;
inline constexpr int close_kicked = 4001;
inline constexpr int close_room_ended = 4002;

struct send_action {
    conn_id conn = 0;
    protocol::server_message message;
    std::optional<nlohmann::json> id;
};

/// Each player's own `result` at a close: a send each, in order, kept
/// compact because a big room has thousands of them (a send_action is sized
/// for the largest message, `state`).
struct results_action {
    struct one {
        conn_id conn = 0;
        protocol::result_msg message;
    };
    std::vector<one> results;
};

/// Encode once, deliver to every connection attached with a matching role.
struct broadcast_action {
    audience to = audience::everyone;
    protocol::server_message message;
};

/// The connection now belongs to this room (as a host screen or as a player).
struct attach_action {
    conn_id conn = 0;
    role as = role::player;
    std::string player_id;
};

/// Detach the connection from the room and close it after what was queued.
struct close_action {
    conn_id conn = 0;
    int code = close_normal;
    std::string reason;
};

struct persist_action {
    std::vector<record> records;
};

/// Send a tick_event at `at` (replacing any earlier request); none when empty.
struct timer_action {
    std::optional<protocol::epoch_ms> at;
};

/// The game is over; the host may drop the room once nobody reads it.
struct ended_action {};

/// Delete everything the store keeps of the room: its records, its players'
/// sessions, and the report of this game (`game_id`). Like a persist, a
/// barrier: it runs after every record before it is stored.
struct erase_action {
    std::string game_id;
};

using action = std::variant<send_action, results_action, broadcast_action, attach_action,
                            close_action, persist_action, timer_action, ended_action, erase_action>;

} // namespace quizroom::game
