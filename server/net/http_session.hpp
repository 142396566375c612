#pragma once

#include "net/http_types.hpp"
#include "net/net.hpp"

#include <memory>
#include <optional>

namespace quizroom::net {

class http_routes;
class room_directory;

/// Serves HTTP requests on one connection, one at a time, until it upgrades
/// to a WebSocket at /ws or closes.
class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, const http_routes& routes, room_directory& rooms);

    void run();

private:
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void respond(http_response r);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void fail(beast::error_code ec, char const* what);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    const http_routes& routes_;
    room_directory& rooms_;
    bool keep_alive_ = false;
};

} // namespace quizroom::net
