#pragma once

#include <optional>
#include <string_view>

namespace quizroom::protocol {

/// The wire's error codes (PROTOCOL.md, "Server to client"), one-to-one.
enum class error {
    bad_json,     ///< the frame is not a JSON object
    bad_message,  ///< a field is missing or has the wrong type or range
    unknown_type, ///< `type` names no client message
    not_found,    ///< no such room (or HTTP route or id)
    forbidden,    ///< not the host, bad or void token
    name_taken,   ///< another player of the room has this name
    name_invalid, ///< empty, too long, or control / bidi-override characters
    room_full,    ///< the room reached `max_players`
    room_locked,  ///< the host locked the room
    wrong_phase,  ///< the command does not apply in the room's phase
    late,         ///< after the deadline
    duplicate,    ///< already answered (or rated)
    bad_answer,   ///< out of range, or the wrong kind for the question
    rate_limited, ///< too many messages
    too_big,      ///< frame or body over the limit
    unavailable,  ///< draining, or the store is down
    internal,     ///< a bug on our side
};

/// Every code, in declaration order (for tests and tables).
inline constexpr error all_errors[] = {
    error::bad_json,    error::bad_message, error::unknown_type, error::not_found,
    error::forbidden,   error::name_taken,  error::name_invalid, error::room_full,
    error::room_locked, error::wrong_phase, error::late,         error::duplicate,
    error::bad_answer,  error::rate_limited, error::too_big,     error::unavailable,
    error::internal,
};

/// The code as it appears on the wire, e.g. "bad_json".
std::string_view to_string(error e) noexcept;

/// The code for a wire string; nullopt when it names none.
std::optional<error> error_from_string(std::string_view s) noexcept;

/// A default sentence for people, used when the caller has nothing better.
std::string_view default_message(error e) noexcept;

/// The HTTP status an API error answers with (400, 403, 404, 409, 413, 429, 503, 500).
int http_status(error e) noexcept;

} // namespace quizroom::protocol
