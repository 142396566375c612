#pragma once

#include "net/net.hpp"
#include "net/session_context.hpp"

#include <memory>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace quizroom::net {

/// Accepts connections and hands each to an http_session, or, with TLS on,
/// to a detect_session that tells TLS from plain first.
class listener : public std::enable_shared_from_this<listener> {
public:
    /// Opens, binds and listens; throws boost::system::system_error when it
    /// cannot. `tls`: the certificate to serve HTTPS and WSS with, beside
    /// plain HTTP; null for plain HTTP only.
    listener(asio::io_context& ioc, tcp::endpoint endpoint, const session_context& context,
             std::shared_ptr<asio::ssl::context> tls = nullptr);

    void run();
    /// Stops accepting; open connections go on. Thread-safe.
    void stop();
    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
    const session_context& context_;
    std::shared_ptr<asio::ssl::context> tls_;
};

} // namespace quizroom::net
