#include "net/listener.hpp"

#include "net/detect_session.hpp"
#include "net/http_session.hpp"

#include <spdlog/spdlog.h>

namespace quizroom::net {

listener::listener(asio::io_context& ioc, tcp::endpoint endpoint, const session_context& context,
                   std::shared_ptr<asio::ssl::context> tls)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), context_(context), tls_(std::move(tls)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    if (endpoint.address().is_v6()) {
        // "::" serves IPv4 clients too.
        acceptor_.set_option(asio::ip::v6_only(false));
    }
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

void listener::run() {
    do_accept();
}

void listener::stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
    });
}

void listener::do_accept() {
    // Each connection gets its own strand.
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
        return;
    }
    if (ec) {
        // Out of file descriptors and the like: log, and keep accepting.
        spdlog::warn("accept failed: {}", ec.message());
    } else {
        // Frames are small and go out one after another; with Nagle's
        // algorithm each waits for the ACK of the one before, which a client
        // may delay by 40 ms. TLS records go out the same way.
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (tls_) {
            std::make_shared<detect_session>(std::move(socket), *tls_, context_)->run();
        } else {
            std::make_shared<http_session<plain_stream>>(plain_stream(std::move(socket)),
                                                         beast::flat_buffer(), context_)
                ->run();
        }
    }
    do_accept();
}

} // namespace quizroom::net
