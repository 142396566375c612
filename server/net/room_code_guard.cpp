#include "net/room_code_guard.hpp"

#include <chrono>

namespace quizroom::net {
namespace {

/// Buckets kept per kind of key. Each is some 100 bytes; a limited client
/// pushed out by newer ones starts again with a full bucket, as a client
/// with a new address would.
constexpr std::size_t max_addresses = 100000;
constexpr std::size_t max_rooms = 100000;

const std::string node_key = "node";

} // namespace

std::int64_t steady_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

room_code_guard::room_code_guard(const server_limits& l)
    : address_attempts_(l.address_joins, max_addresses), room_attempts_(l.room_joins, max_rooms),
      address_misses_(l.address_misses, max_addresses), node_misses_(l.node_misses, 1) {}

std::optional<std::string> room_code_guard::refuse(const std::string& address_key,
                                                   const std::string& code, bool exists,
                                                   std::int64_t now_ms, bool returning) {
    if (!node_misses_.has_token(node_key, now_ms)) {
        return "too many attempts with unknown room codes on this server; try again in a minute";
    }
    if (!address_misses_.has_token(address_key, now_ms)) {
        return "too many attempts with unknown room codes from your network; try again in a "
               "minute";
    }
    if (returning && exists) {
        return std::nullopt;
    }
    if (!returning && !address_attempts_.take(address_key, now_ms)) {
        return "too many attempts to reach rooms from your network; try again in a moment";
    }
    if (exists) {
        if (!room_attempts_.take(code, now_ms)) {
            return "too many people are joining this room at once; try again in a moment";
        }
        return std::nullopt;
    }
    address_misses_.take(address_key, now_ms);
    node_misses_.take(node_key, now_ms);
    return std::nullopt;
}

} // namespace quizroom::net
