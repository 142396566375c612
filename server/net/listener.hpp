#pragma once

#include "net/net.hpp"
#include "net/session_context.hpp"

#include <memory>

namespace quizroom::net {

/// Accepts connections and hands each to an http_session.
class listener : public std::enable_shared_from_this<listener> {
public:
    /// Opens, binds and listens; throws boost::system::system_error when it cannot.
    listener(asio::io_context& ioc, tcp::endpoint endpoint, const session_context& context);

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
};

} // namespace quizroom::net
