#pragma once

// Where rooms, players, answers and sessions are kept. The interface is
// asynchronous and batch-shaped so that a networked backend (Redis) can
// group-commit many rooms' writes in one round trip without changing callers.

#include "game/records.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quizroom::store {

/// A league's cumulative standings (`GET /api/leagues/{id}`); both empty for
/// a league no finished game has added to.
struct league_table {
    std::vector<game::league_standing> players;
    std::vector<game::league_standing> teams;
};

/// Ranks totals best first (ties share a rank, then sorted by name).
std::vector<game::league_standing> rank_league(std::vector<game::league_standing> rows);

/// How long a game's report is kept after the game stored it last.
inline constexpr std::chrono::hours report_ttl{30 * 24};

/// The report a room code's latest stored game left (`GET /api/rooms/{code}/report`
/// once the room is gone).
struct report_lookup {
    bool readable = true; ///< false when the store cannot be read now
    std::optional<game::report_record> report;
};

class store {
public:
    /// Runs once the batch is stored; `durable` is false when the backend
    /// could only queue it (store unreachable). May run on any thread, and
    /// may run before commit() returns.
    using completion = std::function<void(bool durable)>;

    virtual ~store() = default;

    /// Stores a batch of one room's records, in order.
    virtual void commit(std::vector<game::record> batch, completion done) = 0;

    /// False while the backend cannot reach its storage (reported by /readyz).
    virtual bool reachable() const = 0;

    /// Records committed and not yet stored (waiting, in flight, or queued
    /// during an outage); a draining server waits for 0.
    virtual std::size_t unstored() const = 0;

    /// False while writes that could not be stored have filled their queue:
    /// then new rooms and joins are refused (`unavailable`), since nothing
    /// more could be kept for them.
    virtual bool accepting() const = 0;

    /// A league's standings, best first; nullopt when the store cannot be
    /// read now. May run on any thread, and before league() returns.
    virtual void league(const std::string& id,
                        std::function<void(std::optional<league_table>)> done) = 0;

    /// The report of the last game under room code `code` that stored one.
    /// May run on any thread, and before report() returns.
    virtual void report(const std::string& code, std::function<void(report_lookup)> done) = 0;

    /// Deletes everything kept of room `code` at once: its room, players,
    /// leaderboard and answers, its players' sessions, and the report of game
    /// `game_id` (with the code's pointer to it, when it points there).
    /// Leagues keep what the game added. `done(false)` when the store could
    /// not be reached; the caller may ask again. May run on any thread.
    virtual void erase_room(const std::string& code, const std::string& game_id,
                            completion done) = 0;
};

} // namespace quizroom::store
