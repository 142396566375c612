#pragma once

// The Redis key schema and the commands that store a batch of records. Pure:
// no socket, so the exact commands are testable without a server.
//
// A room's keys carry its code as a hash tag, `{CODE}`, so that they share one
// Redis Cluster slot and one MULTI can cover them:
//
//   qr:{CODE}:room         hash: snapshot (room_record JSON), phase, q, updated_at
//   qr:{CODE}:players      hash: player id -> player_record JSON
//   qr:{CODE}:lb           sorted set: player id by score
//   qr:{CODE}:answers:{q}  hash: player id -> answer_record JSON
//   qr:session:{hash}      string "CODE player-id", for a token hash (TTL)
//   qr:rooms               set: codes of rooms not yet ended, for a restart
//   qr:deck:{id}, qr:decks uploaded decks (deck JSON) and their ids
//   qr:league:{ID}:...     a league's games, per-game scores and totals
//   qr:report:{game-id}    string: a game's report_record JSON (30 days)
//   qr:{CODE}:report       string: the game id of the code's last report (30 days)
//   qr:heartbeat           epoch ms, written every second by the live node
//
// Every write is an absolute value keyed by what it describes (HSET, ZADD,
// SET), never an increment, so a batch can be sent twice without counting
// twice; a room's writes go in one MULTI.

#include "game/records.hpp"
#include "store/redis_reply.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace quizroom::store::redis_keys {

std::string room(const std::string& code);
std::string players(const std::string& code);
std::string leaderboard(const std::string& code);
std::string answers(const std::string& code, int q);
std::string session(const std::string& token_hash);
std::string owner(const std::string& code);
/// A game's report, by its game id.
std::string report(const std::string& game_id);
/// The game id of the last report stored for a room code.
std::string report_of(const std::string& code);
inline constexpr const char* rooms = "qr:rooms";
inline constexpr const char* decks = "qr:decks";
std::string deck(const std::string& id);
inline constexpr const char* heartbeat = "qr:heartbeat";

struct league {
    std::string games;          ///< set of game ids added
    std::string players;        ///< sorted set: player key -> total
    std::string players_played; ///< sorted set: player key -> games played
    std::string player_names;   ///< hash: player key -> name as last shown
    std::string teams;
    std::string teams_played;
    std::string team_names;
    std::string game_prefix; ///< + game id + ":players" / ":teams" (and ":played")
};
league league_keys(const std::string& id);

} // namespace quizroom::store::redis_keys

namespace quizroom::store {

/// How long a room's keys and sessions live after the room's last write.
inline constexpr std::chrono::hours room_ttl{24};

/// The commands that store `batch` (one room's records, or a deck, or a
/// league result).
std::vector<redis_command> batch_commands(const std::vector<game::record>& batch);

/// Reads the report a room code points to: one command, answering the
/// report_record JSON, or nil when there is none.
redis_command report_read_command(const std::string& code);

/// Deletes every key of room `code`, its players' sessions and game
/// `game_id`'s report, in one script; answers how many keys it deleted.
redis_command erase_room_command(const std::string& code, const std::string& game_id);

/// True when every reply of a batch's commands says it was stored (no error,
/// no aborted MULTI).
bool batch_stored(const std::vector<redis_reply>& replies);

} // namespace quizroom::store
