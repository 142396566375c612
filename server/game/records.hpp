#pragma once

// What a room asks the store to keep. Each record is an absolute value keyed
// by what it describes (room; room and player; room, question and player),
// so writing one twice is harmless.

#include "protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace quizroom::game {

enum class player_status { active, left, kicked };
std::string_view to_string(player_status s) noexcept;

struct room_record {
    std::string code;
    std::string quiz_id;
    protocol::phase phase = protocol::phase::lobby;
    int q = -1;
    bool locked = false;
    bool paused = false;
    std::string host_token_hash;
    nlohmann::json options;
    protocol::epoch_ms updated_at = 0;
};

struct player_record {
    std::string code;
    std::string player_id;
    std::string name;
    std::optional<std::string> team;
    std::string token_hash;
    int score = 0;
    int streak = 0;
    std::int64_t total_ms = 0;
    player_status status = player_status::active;
};

struct answer_record {
    std::string code;
    int q = 0;
    std::string player_id;
    nlohmann::json answer;
    std::int64_t ms = 0;
    int points = 0;
    std::optional<double> credit; ///< nullopt for unscored kinds
};

/// An uploaded deck (`POST /api/quizzes`), kept as the JSON text of a deck
/// file so that it loads through the same validator as the bundled ones.
struct deck_record {
    std::string id;
    std::string json;
};

using record = std::variant<room_record, player_record, answer_record, deck_record>;

} // namespace quizroom::game
