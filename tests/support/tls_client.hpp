#pragma once

// HTTPS and WSS clients for the tests of the server's TLS listener. They
// speak OpenSSL and WebSocket framing directly (no Beast), so they are cheap
// to compile and independent of the server's implementation. Each verifies
// the server's certificate against a CA file for the address 127.0.0.1, so
// a test also proves which certificate the server presented.

#include "tests/support/http_get.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace quizroom::testkit {

class tls_connection; // one TLS connection (tls_client.cpp)

/// `GET target` over TLS on 127.0.0.1:port, HTTP/1.1, one request per
/// connection. Throws std::runtime_error when the TLS handshake or the
/// exchange fails, or a read waits longer than `timeout`.
http_response https_get(std::uint16_t port, std::string_view target, const std::string& ca_file,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// A WebSocket client over TLS (wss://), kept minimal: text frames in and
/// out, answering the server's pings while it reads. Every call is bounded
/// by its timeout and throws std::runtime_error on failure. Not
/// thread-safe: one owner thread.
class wss_client {
public:
    explicit wss_client(std::string ca_file);
    ~wss_client();
    wss_client(const wss_client&) = delete;
    wss_client& operator=(const wss_client&) = delete;

    /// Adds a header to the upgrade requests of later connects.
    void add_handshake_header(std::string_view name, std::string_view value);
    /// Connects to wss://127.0.0.1:port/path and completes the handshake.
    void connect(std::uint16_t port, std::string_view path = "/ws",
                 std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Sends one text frame.
    void send(std::string_view text);
    /// The next text frame the server sent.
    std::string read(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    std::string ca_file_;
    std::unique_ptr<tls_connection> connection_;
    std::string pending_;       ///< bytes read past what was consumed
    std::string extra_headers_; ///< each line ending in \r\n
};

} // namespace quizroom::testkit
