#include "tests/support/http_post.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <system_error>

namespace quizroom::testkit {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

http_response http_post(std::uint16_t port, std::string_view target, std::string body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout) {
    return http_request(port, "POST", target, std::move(body), headers, timeout);
}

http_response http_request(std::uint16_t port, std::string_view method, std::string_view target,
                           std::string body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           std::chrono::milliseconds timeout) {
    // As http_get: a private io_context, so that the stream's expiry bounds
    // the whole exchange.
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    req.set(http::field::user_agent, "quizroom-testkit");
    req.set(http::field::connection, "close");
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    req.body() = std::move(body);
    req.prepare_payload();
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code result;

    stream.expires_after(timeout);
    stream.async_connect(
        tcp::endpoint(net::ip::address_v4::loopback(), port), [&](beast::error_code ec) {
            if (ec) {
                result = ec;
                return;
            }
            http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
                // A server may answer (413) before it has read the whole body
                // and close: read the answer all the same.
                if (ec && ec != net::error::connection_reset && ec != net::error::broken_pipe) {
                    result = ec;
                    return;
                }
                http::async_read(stream, buffer, res,
                                 [&](beast::error_code ec, std::size_t) { result = ec; });
            });
        });
    ioc.run();

    if (result)
        throw std::system_error(result, std::string(method) + " " + std::string(target) +
                                            " on port " + std::to_string(port));
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
            std::move(res.body())};
}

} // namespace quizroom::testkit
