#pragma once

// WebSocket framing on raw bytes (RFC 6455), for tests that must send what a
// well-behaved client library never would: binary frames, frames over the
// limit, floods written in one go, handshakes left half done. Pure functions:
// the caller owns the socket.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quizroom::testkit::ws_wire {

enum class opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

/// The opening handshake for `path` on 127.0.0.1:port.
std::string upgrade_request(std::uint16_t port, std::string_view path);

/// The status code of a complete HTTP response head at the front of
/// `bytes`, which it removes; nullopt while the head is incomplete.
std::optional<int> take_response_head(std::string& bytes);

/// One final frame from a client: masked, as RFC 6455 requires of clients.
std::string client_frame(opcode op, std::string_view payload);

/// A close frame from a client echoing `code`.
std::string client_close(std::uint16_t code);

struct frame {
    opcode op = opcode::text;
    bool fin = true; ///< the last frame of its message
    std::string payload;
};

/// The first complete server frame at the front of `bytes`, which it
/// removes; nullopt while the frame is incomplete.
std::optional<frame> take_server_frame(std::string& bytes);

/// The status code of a close frame's payload; 1005 when it carries none.
std::uint16_t close_code(std::string_view payload);

} // namespace quizroom::testkit::ws_wire
