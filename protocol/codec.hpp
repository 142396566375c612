#pragma once

// Parsing and serialisation of protocol v1 frames. Nothing here throws.

#include "protocol/messages.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace quizroom::protocol {

struct protocol_error {
    error code = error::internal;
    std::string message; ///< for people: names the field and what is wrong
};

/// A client frame, read. `failure` is set when the frame was refused (and
/// `message` is then meaningless); `id` is set whenever the frame carried a
/// usable one, so errors can echo it.
struct parsed {
    std::optional<json> id;
    client_message message;
    std::optional<protocol_error> failure;

    explicit operator bool() const noexcept { return !failure.has_value(); }
};

/// Reads one client frame. Never throws: every failure maps onto a wire code
/// (bad_json, bad_message, unknown_type, too_big). A frame over `max_bytes`
/// (max_frame_bytes, unless the server was configured otherwise) is too_big.
parsed parse(std::string_view frame, std::size_t max_bytes = max_frame_bytes) noexcept;

/// `create.options` read on their own, by the rules of `create` (a stored
/// room keeps them as JSON and rebuilds its settings from them). A failure is
/// bad_message naming the option.
std::variant<create_options, protocol_error> parse_create_options(const json& options) noexcept;

/// An answer's fields as answer_to_json writes them ({"choice": 2}) read back
/// by the rules of `answer`; nullopt when they are not exactly one answer.
std::optional<answer_value> parse_answer_value(const json& fields) noexcept;

/// A server frame with the id of the request it answers (broadcasts have none).
std::string encode(const server_message& m, const std::optional<json>& id = std::nullopt);

/// A server message as a JSON object (with "type"), e.g. for nesting in tests.
json to_json_object(const server_message& m, const std::optional<json>& id = std::nullopt);

/// Client side: a client frame, as a test client or the bench sends it.
std::string encode(const client_message& m, const std::optional<json>& id = std::nullopt);

/// Client side: a server frame read back; nullopt when it is not one.
struct server_frame {
    std::optional<json> id;
    server_message message;
};
std::optional<server_frame> decode(std::string_view frame) noexcept;

} // namespace quizroom::protocol
