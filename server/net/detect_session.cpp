#include "net/detect_session.hpp"

#include "net/http_session.hpp"

#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/ssl.hpp>

#include <spdlog/spdlog.h>

namespace quizroom::net {
namespace {

// As long as a request may take: a client that opens a connection and says
// nothing is let go then.
constexpr auto detect_timeout = std::chrono::seconds(30);

} // namespace

detect_session::detect_session(tcp::socket&& socket, asio::ssl::context& tls,
                               const http_routes& routes, room_directory& rooms)
    : stream_(std::move(socket)), tls_(tls), routes_(routes), rooms_(rooms) {}

void detect_session::run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stream_.expires_after(detect_timeout);
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
                                                   std::move(buffer_), routes_, rooms_)
            ->run();
    } else {
        std::make_shared<http_session<plain_stream>>(std::move(stream_), std::move(buffer_),
                                                     routes_, rooms_)
            ->run();
    }
}

} // namespace quizroom::net
