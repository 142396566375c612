#include "net/detect_session.hpp"

#include "net/http_session.hpp"

#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/ssl.hpp>

#include <spdlog/spdlog.h>

namespace quizroom::net {

detect_session::detect_session(tcp::socket&& socket, asio::ssl::context& tls,
                               const session_context& context)
    : stream_(std::move(socket)), tls_(tls), context_(context) {}

void detect_session::run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        // A client that opens a connection and says nothing is let go as
        // one that never finishes its first request is.
        self->stream_.expires_after(
            std::chrono::seconds(self->context_.limits.handshake_timeout_s));
        beast::async_detect_ssl(self->stream_, self->buffer_,
                                beast::bind_front_handler(&detect_session::on_detect, self));
    });
}

void detect_session::on_detect(beast::error_code ec, bool tls) {
    if (ec) {
        if (ec != beast::error::timeout && ec != asio::error::eof &&
            ec != asio::error::connection_reset) {
            spdlog::debug("detect: {}", ec.message());
        }
        return;
    }
    // The bytes read so far go with the connection to its session.
    if (tls) {
        std::make_shared<http_session<tls_stream>>(tls_stream(std::move(stream_), tls_),
                                                   std::move(buffer_), context_)
            ->run();
    } else {
        std::make_shared<http_session<plain_stream>>(std::move(stream_), std::move(buffer_),
                                                     context_)
            ->run();
    }
}

} // namespace quizroom::net
