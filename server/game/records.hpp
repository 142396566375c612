#pragma once

// What a room asks the store to keep. Each record is an absolute value keyed
// by what it describes (room; room and player; room, question and player),
// so writing one twice is harmless.

#include "game/report.hpp"
#include "protocol/messages.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

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

    // What a restart needs to rebuild the room exactly (room::restore).
    std::uint64_t seed = 0;           ///< with the deck and `options`, rebuilds the room's settings
    std::string game_id;              ///< unique per game; a room code can be reused
    protocol::epoch_ms opened_at = 0; ///< the open question's, when phase is question
    protocol::epoch_ms deadline = 0;
    std::int64_t paused_total_ms = 0;
    protocol::epoch_ms paused_at = 0;
    std::int64_t remaining_ms = 0; ///< while paused
    std::optional<protocol::epoch_ms> advance_at;
    bool final = false;
    std::string end_reason;
    int next_player_number = 1;

    // Interview mode, for question `q` (absent in classic rooms and in
    // records written before interview mode existed).
    std::optional<std::string> candidate; ///< player id
    std::optional<protocol::epoch_ms> rating_deadline;
    bool rated = false;                 ///< rating has closed and been scored
    std::map<std::string, int> ratings; ///< by rating player id
    std::optional<int> host_rating;
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
    int streak_after = 0;
    /// The player's streak when they answered, so that a credit override can
    /// apply the streak rules again; nullopt in records written before it.
    std::optional<int> streak_before;
};

/// An uploaded deck (`POST /api/quizzes`), kept as the JSON text of a deck
/// file so that it loads through the same validator as the bundled ones.
struct deck_record {
    std::string id;
    std::string json;
};

/// A finished game's contribution to a league (`options.league`): absolute
/// scores keyed by game, so that storing it twice counts it once.
struct league_record {
    struct entry {
        std::string key;  ///< case-folded name (players) or the team name
        std::string name; ///< as shown
        int score = 0;
    };
    std::string league;
    std::string game_id;
    std::vector<entry> players;
    std::vector<entry> teams;
};

using record = std::variant<room_record, player_record, answer_record, deck_record, league_record,
                            report_record>;

/// Everything stored about one room: what room::restore rebuilds it from.
struct stored_room {
    room_record room;
    std::vector<player_record> players;
    std::vector<answer_record> answers; ///< every question's
};

/// One line of a league's standings.
struct league_standing {
    int rank = 0;
    std::string name;
    int total = 0;
    int games = 0;
};

// Records as JSON objects, the form a networked store keeps them in. The
// *_from_json functions return nullopt for anything malformed.
nlohmann::json to_json(const room_record& r);
nlohmann::json to_json(const player_record& p);
nlohmann::json to_json(const answer_record& a);
std::optional<room_record> room_record_from_json(const nlohmann::json& j);
std::optional<player_record> player_record_from_json(const nlohmann::json& j);
std::optional<answer_record> answer_record_from_json(const nlohmann::json& j);

} // namespace quizroom::game
