#include "net/http_session.hpp"

#include "net/http_routes.hpp"
#include "net/websocket_session.hpp"

#include <spdlog/spdlog.h>

namespace quizroom::net {
namespace {

constexpr std::size_t body_limit = 1024 * 1024;
constexpr std::size_t header_limit = 8 * 1024;
constexpr auto request_timeout = std::chrono::seconds(30);

// Only our own scripts and styles; WebSocket back to this origin.
constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

} // namespace

http_session::http_session(tcp::socket&& socket, const http_routes& routes, room_directory& rooms)
    : stream_(std::move(socket)), routes_(routes), rooms_(rooms) {}

void http_session::run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(body_limit);
    parser_->header_limit(header_limit);
    stream_.expires_after(request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
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
        if (req.target() != "/ws" && !req.target().starts_with("/ws?")) {
            keep_alive_ = false;
            return respond(error_response(protocol::error::not_found, "WebSocket lives at /ws"));
        }
        // The WebSocket session takes the socket over; this session ends.
        stream_.expires_never();
        std::make_shared<websocket_session>(stream_.release_socket(), rooms_)
            ->run(parser_->release());
        return;
    }
    keep_alive_ = req.keep_alive();
    http_request request{std::string(req.method_string()),
                         std::string(req.target()),
                         std::move(req.body()),
                         std::string(req[http::field::content_type]),
                         std::string(req[http::field::authorization]),
                         std::string(req[http::field::host])};
    // Routes may answer from a room's strand: come back to this one to write.
    routes_.route(request, [self = shared_from_this()](http_response r) {
        asio::post(self->stream_.get_executor(),
                   [self, r = std::move(r)]() mutable { self->respond(std::move(r)); });
    });
}

void http_session::respond(http_response r) {
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
                      [self = shared_from_this(), res,
                       keep_alive = keep_alive_](beast::error_code ec, std::size_t bytes) {
                          self->on_write(keep_alive, ec, bytes);
                      });
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) {
        return fail(ec, "write");
    }
    if (!keep_alive) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

void http_session::fail(beast::error_code ec, char const* what) {
    if (ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
        return;
    }
    spdlog::debug("http {}: {}", what, ec.message());
}

} // namespace quizroom::net
