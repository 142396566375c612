#include "tests/support/ws_wire.hpp"

#include <array>

namespace quizroom::testkit::ws_wire {

std::string upgrade_request(std::uint16_t port, std::string_view path) {
    // The key is a fixed sample nonce: the server only echoes its hash.
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

std::optional<int> take_response_head(std::string& bytes) {
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string::npos) {
        return std::nullopt;
    }
    // "HTTP/1.1 101 Switching Protocols": the status is the second word.
    int status = 0;
    const auto space = bytes.find(' ');
    if (space != std::string::npos && space < end) {
        for (std::size_t i = space + 1; i < end && bytes[i] >= '0' && bytes[i] <= '9'; ++i) {
            status = status * 10 + (bytes[i] - '0');
        }
    }
    bytes.erase(0, end + 4);
    return status;
}

std::string client_frame(opcode op, std::string_view payload) {
    std::string out;
    out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(op)));
    const std::size_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(0x80 | n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
        }
    }
    // Any mask will do: it protects proxies, not secrets.
    constexpr std::array<std::uint8_t, 4> mask{0x37, 0xFA, 0x21, 0x3D};
    for (auto b : mask) {
        out.push_back(static_cast<char>(b));
    }
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ mask[i % 4]));
    }
    return out;
}

std::string client_close(std::uint16_t code) {
    const std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    return client_frame(opcode::close, payload);
}

std::optional<frame> take_server_frame(std::string& bytes) {
    if (bytes.size() < 2) {
        return std::nullopt;
    }
    const auto byte = [&](std::size_t i) {
        return static_cast<std::uint8_t>(bytes[i]);
    };
    std::size_t head = 2;
    std::uint64_t length = byte(1) & 0x7F;
    if (length == 126) {
        head = 4;
        if (bytes.size() < head) {
            return std::nullopt;
        }
        length = (std::uint64_t{byte(2)} << 8) | byte(3);
    } else if (length == 127) {
        head = 10;
        if (bytes.size() < head) {
            return std::nullopt;
        }
        length = 0;
        for (std::size_t i = 2; i < 10; ++i) {
            length = (length << 8) | byte(i);
        }
    }
    // Servers never mask (RFC 6455 5.1).
    if (bytes.size() - head < length) {
        return std::nullopt;
    }
    frame f{static_cast<opcode>(byte(0) & 0x0F), (byte(0) & 0x80) != 0, bytes.substr(head, length)};
    bytes.erase(0, head + length);
    return f;
}

std::uint16_t close_code(std::string_view payload) {
    if (payload.size() < 2) {
        return 1005;
    }
    return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                      static_cast<std::uint8_t>(payload[1]));
}

} // namespace quizroom::testkit::ws_wire
