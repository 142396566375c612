#pragma once

// What a previous run left in Redis, read once at start, before the server
// serves anyone (so the blocking hiredis calls here block no network thread).

#include "game/records.hpp"
#include "store/redis_url.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quizroom::store {

struct redis_snapshot {
    std::vector<game::stored_room> rooms; ///< rooms not yet ended
    std::vector<std::string> decks;       ///< uploaded decks, as deck JSON text
    /// The last heartbeat of the node that ran before (epoch ms), which dates
    /// its crash.
    std::optional<std::int64_t> heartbeat;
};

/// Reads the snapshot; nullopt with `why` set when Redis cannot be reached.
std::optional<redis_snapshot> load_redis_snapshot(const redis_url& url, std::string& why);

} // namespace quizroom::store
