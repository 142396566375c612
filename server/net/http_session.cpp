#include "net/http_session.hpp"

#include "net/http_routes.hpp"
#include "net/websocket_session.hpp"

#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include <type_traits>

namespace quizroom::net {
namespace {

// A TLS close_notify in reply to ours is a courtesy: wait for it briefly.
constexpr auto tls_shutdown_timeout = std::chrono::seconds(5);

// Only our own scripts and styles; WebSocket back to this origin.
constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Every X-Forwarded-For line, in order, as one list.
std::string forwarded_for(const http::request<http::string_body>& req) {
    std::string out;
    auto [it, end] = req.equal_range("X-Forwarded-For");
    for (; it != end; ++it) {
        if (!out.empty()) {
            out += ',';
        }
        out += it->value();
    }
    return out;
}

template <class Stream> constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

} // namespace

template <class Stream>
http_session<Stream>::http_session(Stream&& stream, beast::flat_buffer&& buffer,
                                   const session_context& context)
    : stream_(std::move(stream)), buffer_(std::move(buffer)), context_(context) {
    beast::error_code ec;
    const auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) {
        peer_ = remote.address().to_string();
    }
}

// A new connection has `handshake_timeout_s` to finish its TLS handshake (if
// any) and send its first request's headers (the WebSocket upgrade, usually);
// after that, each request, and the wait for the next one, has
// `request_timeout_s`.
template <class Stream> void http_session<Stream>::run() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
        beast::get_lowest_layer(self->stream_)
            .expires_after(std::chrono::seconds(self->context_.limits.handshake_timeout_s));
        if constexpr (is_tls<Stream>) {
            // The bytes read to tell TLS from plain are the handshake's first.
            self->stream_.async_handshake(
                asio::ssl::stream_base::server, self->buffer_.data(),
                beast::bind_front_handler(&http_session::on_handshake, self));
        } else {
            self->do_read();
        }
    });
}

template <class Stream>
void http_session<Stream>::on_handshake(beast::error_code ec, std::size_t used) {
    if (ec) {
        return fail(ec, "handshake");
    }
    buffer_.consume(used);
    do_read();
}

template <class Stream> void http_session<Stream>::do_read() {
    const auto& limits = context_.limits;
    parser_.emplace();
    parser_->body_limit(limits.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    if (!first_request_) {
        beast::get_lowest_layer(stream_).expires_after(
            std::chrono::seconds(limits.request_timeout_s));
    }
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&http_session::on_header, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_header(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        return on_read(ec, bytes);
    }
    if (first_request_) {
        first_request_ = false;
        beast::get_lowest_layer(stream_).expires_after(
            std::chrono::seconds(context_.limits.request_timeout_s));
    }
    client_ = address_key(client_address(peer_, forwarded_for(parser_->get()), context_.proxies));
    if (parser_->is_done()) {
        return on_read(ec, bytes);
    }
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
}

template <class Stream> void http_session<Stream>::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        return do_shutdown();
    }
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
        keep_alive_ = false;
        http_response r = error_response(protocol::error::too_big, "the request is too large");
        respond(std::move(r));
        return;
    }
    if (ec) {
        return fail(ec, "read");
    }
    auto& req = parser_->get();
    if (websocket::is_upgrade(req)) {
        return upgrade();
    }
    keep_alive_ = req.keep_alive();
    http_request request{std::string(req.method_string()),
                         std::string(req.target()),
                         std::move(req.body()),
                         std::string(req[http::field::content_type]),
                         std::string(req[http::field::authorization]),
                         std::string(req[http::field::host]),
                         client_,
                         is_tls<Stream>};
    // Routes may answer from a room's strand: come back to this one to write.
    context_.routes.route(request, [self = this->shared_from_this()](http_response r) {
        asio::post(self->stream_.get_executor(),
                   [self, r = std::move(r)]() mutable { self->respond(std::move(r)); });
    });
}

template <class Stream> void http_session<Stream>::upgrade() {
    keep_alive_ = false;
    const auto& req = parser_->get();
    if (req.target() != "/ws" && !req.target().starts_with("/ws?")) {
        return respond(error_response(protocol::error::not_found, "WebSocket lives at /ws"));
    }
    const auto origin = req.find(http::field::origin);
    if (auto refused = context_.routes.upgrade_refusal(
            origin == req.end() ? std::nullopt : std::optional(origin->value()))) {
        return respond(std::move(*refused));
    }
    auto slot = context_.connections.open(client_);
    if (!slot) {
        return respond(error_response(protocol::error::rate_limited,
                                      "too many connections from your network (at most " +
                                          std::to_string(context_.limits.connections_per_address) +
                                          "); try again later"));
    }
    // The WebSocket session takes the connection over; this session ends.
    beast::get_lowest_layer(stream_).expires_never();
    std::make_shared<websocket_session<Stream>>(std::move(stream_), context_, client_,
                                                std::move(slot))
        ->run(parser_->release());
}

template <class Stream> void http_session<Stream>::respond(http_response r) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "quizroom");
    res->set(http::field::content_type, r.content_type);
    res->set("Content-Security-Policy", content_security_policy);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Referrer-Policy", "no-referrer");
    for (auto& [name, value] : r.headers) {
        res->set(name, value);
    }
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res,
                       keep_alive = keep_alive_](beast::error_code ec, std::size_t bytes) {
                          self->on_write(keep_alive, ec, bytes);
                      });
}

template <class Stream>
void http_session<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) {
        return fail(ec, "write");
    }
    if (!keep_alive) {
        return do_shutdown();
    }
    do_read();
}

template <class Stream> void http_session<Stream>::do_shutdown() {
    if constexpr (is_tls<Stream>) {
        beast::get_lowest_layer(stream_).expires_after(tls_shutdown_timeout);
        stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
}

template <class Stream> void http_session<Stream>::fail(beast::error_code ec, char const* what) {
    if (ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof ||
        ec == asio::ssl::error::stream_truncated) {
        return;
    }
    spdlog::debug("http {}: {}", what, ec.message());
}

// The only two instantiations: the header declares, this file defines.
template class http_session<plain_stream>;
template class http_session<tls_stream>;

} // namespace quizroom::net
