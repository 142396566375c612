#pragma once

#include "net/net.hpp"
#include "net/session_context.hpp"

#include <memory>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace quizroom::net {

/// Reads the first bytes of a new connection to tell a TLS handshake from
/// plain HTTP, and hands the connection to the http_session for it: one port
/// serves https:// and wss:// as well as http:// and ws:// (health checks,
/// a proxy that terminates TLS itself).
class detect_session : public std::enable_shared_from_this<detect_session> {
public:
    detect_session(tcp::socket&& socket, asio::ssl::context& tls, const session_context& context);

    void run();

private:
    void on_detect(beast::error_code ec, bool tls);

    beast::tcp_stream stream_;
    asio::ssl::context& tls_;
    beast::flat_buffer buffer_;
    const session_context& context_;
};

} // namespace quizroom::net
