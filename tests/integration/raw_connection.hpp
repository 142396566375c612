#pragma once

// A plain TCP client for what tk::ws_client will not do: connect from
// another loopback address, send half a request, stay silent, or stop
// reading while the server writes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace quizroom::itest {

struct raw_http_response {
    int status = 0;
    std::string head; ///< status line and headers
    std::string body;
};

/// One WebSocket frame as the server sent it (unmasked).
struct raw_ws_frame {
    int opcode = 0;
    std::string payload;
};

class raw_connection {
public:
    /// Connects to `port` on 127.0.0.1 from `source` (any 127.0.0.0/8
    /// address). `receive_buffer` > 0 sets SO_RCVBUF first, so that a client
    /// that stops reading stalls the server's writes sooner. Throws on failure.
    explicit raw_connection(std::uint16_t port, const std::string& source = "127.0.0.1",
                            int receive_buffer = 0);
    ~raw_connection();
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;

    void send(const std::string& bytes);
    /// Sends what the server takes within `timeout`; false when it took
    /// less than all of `bytes` (it stopped reading).
    bool send_for(const std::string& bytes, std::chrono::milliseconds timeout);
    /// Reads one HTTP response (its body by Content-Length); throws when none
    /// comes within `timeout`.
    raw_http_response read_response(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Reads the next WebSocket frame; nullopt when the connection ended or
    /// nothing came within `timeout`.
    std::optional<raw_ws_frame> read_frame(std::chrono::milliseconds timeout);
    /// Whether the server closed the connection within `timeout`; anything it
    /// sent before is read and dropped.
    bool closed_within(std::chrono::milliseconds timeout);

private:
    /// Appends to `pending_` what arrives before `deadline`; false when
    /// nothing did (the connection ended, or time ran out: see `ended_`).
    bool fill(std::chrono::steady_clock::time_point deadline);
    bool need(std::size_t bytes, std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string pending_;
    bool ended_ = false;
};

/// An upgrade request for /ws with `extra_headers` (each line ending in \r\n).
std::string upgrade_request(std::uint16_t port, const std::string& extra_headers = {});

/// A client text frame of `payload`, masked (with a zero key) as clients must.
std::string client_text_frame(const std::string& payload);

/// The close code of a close frame's payload; 0 when it has none.
int close_code(const raw_ws_frame& close);

} // namespace quizroom::itest
