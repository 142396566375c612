#pragma once

// A room's rules, resolved once from its deck and the host's `create` options.

#include "game/deck.hpp"
#include "game/name_filter.hpp"
#include "game/records.hpp"
#include "game/scoring.hpp"
#include "protocol/codec.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace quizroom::game {

struct room_settings {
    std::string quiz_id;
    std::string quiz_title;
    std::vector<question> questions; ///< in play order, time limits applied
    scoring_mode scoring = scoring_mode::speed;
    bool streak_bonus = true;
    bool auto_advance = false;
    int reveal_s = 5;
    int leaderboard_s = 5;
    int podium_s = 10;
    int max_players = 0;
    std::vector<std::string> teams;
    bool interview = false; ///< `mode: interview`: one candidate per question, rated by peers
    int rating_s = 20;      ///< interview mode: how long rating stays open
    std::optional<std::string> league; ///< the league a finished game adds to
    nlohmann::json options;            ///< as the host sent them, for the store
    std::uint64_t seed = 0;            ///< the shuffle's, for the store
    /// The server's `--name-filter` list (not the host's choice, so not
    /// stored with the room); null when none.
    std::shared_ptr<const name_filter> blocked_names;
};

/// Upper bound on players per room unless the host asks for fewer, or the
/// server is started with another (`--max-players-per-room`).
inline constexpr int default_max_players = 10000;

/// Applies `options` to `d`: selects categories, shuffles (with `seed`),
/// takes `count`, overrides time limits; `max_players` is at most
/// `players_cap`. A bad_message error names the option.
std::variant<room_settings, protocol::protocol_error>
make_room_settings(const deck& d, const protocol::create_options& options, std::uint64_t seed,
                   int players_cap = default_max_players);

/// The settings a stored room was made with, from the same deck: its stored
/// `options` and seed give the same questions in the same order. Fails when
/// `d` is not the room's deck or the options no longer pass.
std::variant<room_settings, protocol::protocol_error>
restore_room_settings(const deck& d, const room_record& r, int players_cap = default_max_players);

} // namespace quizroom::game
