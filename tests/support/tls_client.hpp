#pragma once

// HTTPS and WSS clients for the tests of the server's TLS listener. Each
// verifies the server's certificate against a CA file for the name
// 127.0.0.1, so a test also proves which certificate the server presented.

#include "tests/support/http_get.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace quizroom::testkit {

/// `GET target` over TLS on 127.0.0.1:port, HTTP/1.1, one request per
/// connection. Throws std::system_error when the TLS handshake or the
/// exchange fails or takes longer than `timeout`.
http_response https_get(std::uint16_t port, std::string_view target, const std::string& ca_file,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// A WebSocket client over TLS (wss://), kept minimal: text frames in and
/// out, each call bounded by its timeout. Not thread-safe: one owner thread.
class wss_client {
public:
    explicit wss_client(const std::string& ca_file);
    ~wss_client();
    wss_client(const wss_client&) = delete;
    wss_client& operator=(const wss_client&) = delete;

    /// Connects to wss://127.0.0.1:port/path; throws std::system_error on failure.
    void connect(std::uint16_t port, std::string_view path = "/ws",
                 std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Sends one text frame.
    void send(std::string_view text, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// The next frame the server sent.
    std::string read(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace quizroom::testkit
