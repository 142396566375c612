#include "tests/support/tls_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <system_error>

namespace quizroom::testkit {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

constexpr const char* server_name = "127.0.0.1";

ssl::context verifying_context(const std::string& ca_file) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(ca_file);
    ctx.set_verify_mode(ssl::verify_peer);
    return ctx;
}

/// Runs `ioc` until its work is done and throws what `result` holds then.
void run_and_check(net::io_context& ioc, const beast::error_code& result, const std::string& what) {
    ioc.restart();
    ioc.run();
    if (result) {
        throw std::system_error(result, what);
    }
}

} // namespace

http_response https_get(std::uint16_t port, std::string_view target, const std::string& ca_file,
                        std::chrono::milliseconds timeout) {
    // As http_get: a private io_context, so that the stream's expiry bounds
    // the whole exchange.
    net::io_context ioc;
    auto ctx = verifying_context(ca_file);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(ssl::host_name_verification(server_name));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    req.set(http::field::user_agent, "quizroom-testkit");
    req.set(http::field::connection, "close");
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code result;

    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).async_connect(
        tcp::endpoint(net::ip::address_v4::loopback(), port), [&](beast::error_code ec) {
            if (ec) {
                result = ec;
                return;
            }
            stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
                if (ec) {
                    result = ec;
                    return;
                }
                http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
                    if (ec) {
                        result = ec;
                        return;
                    }
                    http::async_read(stream, buffer, res,
                                     [&](beast::error_code ec, std::size_t) { result = ec; });
                });
            });
        });
    run_and_check(ioc, result,
                  "GET " + std::string(target) + " over TLS on port " + std::to_string(port));
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
            std::move(res.body())};
}

struct wss_client::impl {
    explicit impl(const std::string& ca_file) : ctx(verifying_context(ca_file)), ws(ioc, ctx) {}

    net::io_context ioc;
    ssl::context ctx;
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws;
    beast::flat_buffer buffer;
};

wss_client::wss_client(const std::string& ca_file) : impl_(std::make_unique<impl>(ca_file)) {}

wss_client::~wss_client() {
    beast::error_code ignored;
    beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

void wss_client::connect(std::uint16_t port, std::string_view path,
                         std::chrono::milliseconds timeout) {
    auto& i = *impl_;
    const std::string host = "127.0.0.1:" + std::to_string(port);
    const std::string target(path);
    beast::error_code result;
    i.ws.next_layer().set_verify_callback(ssl::host_name_verification(server_name));
    beast::get_lowest_layer(i.ws).expires_after(timeout);
    beast::get_lowest_layer(i.ws).async_connect(
        tcp::endpoint(net::ip::address_v4::loopback(), port), [&](beast::error_code ec) {
            if (ec) {
                result = ec;
                return;
            }
            i.ws.next_layer().async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
                if (ec) {
                    result = ec;
                    return;
                }
                i.ws.async_handshake(host, target, [&](beast::error_code ec) { result = ec; });
            });
        });
    run_and_check(i.ioc, result, "wss://" + host + target);
    beast::get_lowest_layer(i.ws).expires_never();
    i.ws.text(true);
}

void wss_client::send(std::string_view text, std::chrono::milliseconds timeout) {
    auto& i = *impl_;
    beast::error_code result;
    beast::get_lowest_layer(i.ws).expires_after(timeout);
    i.ws.async_write(net::buffer(text.data(), text.size()),
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    run_and_check(i.ioc, result, "send over wss");
    beast::get_lowest_layer(i.ws).expires_never();
}

std::string wss_client::read(std::chrono::milliseconds timeout) {
    auto& i = *impl_;
    beast::error_code result;
    beast::get_lowest_layer(i.ws).expires_after(timeout);
    i.ws.async_read(i.buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
    run_and_check(i.ioc, result, "read over wss");
    beast::get_lowest_layer(i.ws).expires_never();
    std::string text = beast::buffers_to_string(i.buffer.data());
    i.buffer.consume(i.buffer.size());
    return text;
}

} // namespace quizroom::testkit
