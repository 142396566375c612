#pragma once

#include "net/http_types.hpp"
#include "net/net.hpp"
#include "net/session_context.hpp"
#include "net/streams.hpp"

#include <memory>
#include <optional>
#include <string>

namespace quizroom::net {

/// Serves HTTP requests on one connection, one at a time, until it upgrades
/// to a WebSocket at /ws or closes. Over TLS it first completes the
/// handshake. `Stream` is plain_stream or tls_stream, both instantiated in
/// http_session.cpp.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
    /// `buffer`: bytes already read from the connection (to tell TLS from
    /// plain), the start of what follows.
    http_session(Stream&& stream, beast::flat_buffer&& buffer, const session_context& context);

    void run();

private:
    void on_handshake(beast::error_code ec, std::size_t used);
    void do_read();
    void on_header(beast::error_code ec, std::size_t bytes);
    void on_read(beast::error_code ec, std::size_t bytes);
    void upgrade();
    void respond(http_response r);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void do_shutdown();
    void fail(beast::error_code ec, char const* what);

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    const session_context& context_;
    std::string peer_;   ///< the socket's remote address
    std::string client_; ///< the address_key of the current request's client
    bool first_request_ = true;
    bool keep_alive_ = false;
};

} // namespace quizroom::net
