#pragma once

#include "net/http_types.hpp"
#include "net/net.hpp"
#include "net/streams.hpp"

#include <memory>
#include <optional>

namespace quizroom::net {

class http_routes;
class room_directory;

/// Serves HTTP requests on one connection, one at a time, until it upgrades
/// to a WebSocket at /ws or closes. Over TLS it first completes the
/// handshake. `Stream` is plain_stream or tls_stream, both instantiated in
/// http_session.cpp.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
    /// `buffer`: bytes already read from the connection (to tell TLS from
    /// plain), the start of what follows.
    http_session(Stream&& stream, beast::flat_buffer&& buffer, const http_routes& routes,
                 room_directory& rooms);

    void run();

private:
    void on_handshake(beast::error_code ec, std::size_t used);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void respond(http_response r);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void do_shutdown();
    void fail(beast::error_code ec, char const* what);

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    const http_routes& routes_;
    room_directory& rooms_;
    bool keep_alive_ = false;
};

} // namespace quizroom::net
