#include "net/http_session.hpp"

#include "net/http_routes.hpp"
#include "net/websocket_session.hpp"

#include <spdlog/spdlog.h>

namespace quizroom::net {
namespace {

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

} // namespace

http_session::http_session(tcp::socket&& socket, const session_context& context)
    : stream_(std::move(socket)), context_(context) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) {
        peer_ = remote.address().to_string();
    }
}

void http_session::run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

// A new connection has `handshake_timeout_s` to send its first request's
// headers (the WebSocket upgrade, usually); after that, each request, and the
// wait for the next one, has `request_timeout_s`.
void http_session::do_read() {
    const auto& limits = context_.limits;
    parser_.emplace();
    parser_->body_limit(limits.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    stream_.expires_after(std::chrono::seconds(first_request_ ? limits.handshake_timeout_s
                                                              : limits.request_timeout_s));
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&http_session::on_header, shared_from_this()));
}

void http_session::on_header(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        return on_read(ec, bytes);
    }
    if (first_request_) {
        first_request_ = false;
        stream_.expires_after(std::chrono::seconds(context_.limits.request_timeout_s));
    }
    client_ = address_key(client_address(peer_, forwarded_for(parser_->get()), context_.proxies));
    if (parser_->is_done()) {
        return on_read(ec, bytes);
    }
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
        return upgrade();
    }
    keep_alive_ = req.keep_alive();
    http_request request{std::string(req.method_string()),
                         std::string(req.target()),
                         std::move(req.body()),
                         std::string(req[http::field::content_type]),
                         std::string(req[http::field::authorization]),
                         std::string(req[http::field::host]),
                         client_};
    // Routes may answer from a room's strand: come back to this one to write.
    context_.routes.route(request, [self = shared_from_this()](http_response r) {
        asio::post(self->stream_.get_executor(),
                   [self, r = std::move(r)]() mutable { self->respond(std::move(r)); });
    });
}

void http_session::upgrade() {
    keep_alive_ = false;
    const auto& req = parser_->get();
    if (req.target() != "/ws" && !req.target().starts_with("/ws?")) {
        return respond(error_response(protocol::error::not_found, "WebSocket lives at /ws"));
    }
    auto slot = context_.connections.open(client_);
    if (!slot) {
        return respond(error_response(protocol::error::rate_limited,
                                      "too many connections from your network (at most " +
                                          std::to_string(context_.limits.connections_per_address) +
                                          "); try again later"));
    }
    // The WebSocket session takes the socket over; this session ends.
    stream_.expires_never();
    std::make_shared<websocket_session>(stream_.release_socket(), context_, client_,
                                        std::move(slot))
        ->run(parser_->release());
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
