#include "protocol/error.hpp"

namespace quizroom::protocol {

std::string_view to_string(error e) noexcept {
    switch (e) {
    case error::bad_json:
        return "bad_json";
    case error::bad_message:
        return "bad_message";
    case error::unknown_type:
        return "unknown_type";
    case error::not_found:
        return "not_found";
    case error::forbidden:
        return "forbidden";
    case error::name_taken:
        return "name_taken";
    case error::name_invalid:
        return "name_invalid";
    case error::room_full:
        return "room_full";
    case error::room_locked:
        return "room_locked";
    case error::wrong_phase:
        return "wrong_phase";
    case error::late:
        return "late";
    case error::duplicate:
        return "duplicate";
    case error::bad_answer:
        return "bad_answer";
    case error::rate_limited:
        return "rate_limited";
    case error::too_big:
        return "too_big";
    case error::unavailable:
        return "unavailable";
    case error::internal:
        return "internal";
    }
    // Only a value cast from outside the enum gets here; "internal" is the honest answer.
    return "internal";
}

std::optional<error> error_from_string(std::string_view s) noexcept {
    for (const error e : all_errors) {
        if (to_string(e) == s) {
            return e;
        }
    }
    return std::nullopt;
}

std::string_view default_message(error e) noexcept {
    switch (e) {
    case error::bad_json:
        return "The message is not a JSON object.";
    case error::bad_message:
        return "A field of the message is missing or has the wrong type.";
    case error::unknown_type:
        return "The message type is not known.";
    case error::not_found:
        return "There is no such room.";
    case error::forbidden:
        return "You are not allowed to do that.";
    case error::name_taken:
        return "Someone in this room already has that name.";
    case error::name_invalid:
        return "Names must have 1 to 24 characters and no control characters.";
    case error::room_full:
        return "The room is full.";
    case error::room_locked:
        return "The host has locked the room.";
    case error::wrong_phase:
        return "That cannot be done at this point of the game.";
    case error::late:
        return "Too late: the time is up.";
    case error::duplicate:
        return "You have already answered.";
    case error::bad_answer:
        return "That answer does not fit the question.";
    case error::rate_limited:
        return "Too many messages; slow down.";
    case error::too_big:
        return "The message is too big.";
    case error::unavailable:
        return "The server is unavailable; try again shortly.";
    case error::internal:
        return "Something went wrong on the server.";
    }
    return "Something went wrong on the server.";
}

int http_status(error e) noexcept {
    switch (e) {
    case error::bad_json:
    case error::bad_message:
    case error::unknown_type:
    case error::name_invalid:
    case error::bad_answer:
        return 400;
    case error::forbidden:
        return 403;
    case error::not_found:
        return 404;
    case error::name_taken:
    case error::room_full:
    case error::room_locked:
    case error::wrong_phase:
    case error::late:
    case error::duplicate:
        return 409;
    case error::too_big:
        return 413;
    case error::rate_limited:
        return 429;
    case error::unavailable:
        return 503;
    case error::internal:
        return 500;
    }
    return 500;
}

} // namespace quizroom::protocol
