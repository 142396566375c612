#include "bench/ws_connection.hpp"

#include <netinet/in.h>

#include <stdexcept>

namespace quizroom::bench {

namespace {

// Lets many sockets bound to one source address share its ports: the port
// is picked at connect time, per destination (Linux 4.2+).
using bind_address_no_port =
    asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;

auto with_ec(beast::error_code& ec) {
    return asio::redirect_error(asio::use_awaitable, ec);
}

} // namespace

ws_target parse_ws_url(const std::string& url) {
    const std::string scheme = "ws://";
    if (!url.starts_with(scheme)) {
        throw std::runtime_error("not a ws:// URL: " + url);
    }
    const std::string rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    const std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    if (colon == std::string::npos) {
        throw std::runtime_error("the URL needs a port: " + url);
    }
    std::string host = authority.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port = static_cast<unsigned short>(std::stoi(authority.substr(colon + 1)));
    return {tcp::endpoint(asio::ip::make_address(host), port), authority, path};
}

ws_connection::ws_connection(asio::io_context& ioc, connection_owner& owner)
    : ws_(ioc), owner_(owner), wake_writer_(ioc, bench_clock::time_point::max()) {}

void ws_connection::start(const ws_target& target, std::optional<asio::ip::address> source) {
    asio::co_spawn(ws_.get_executor(), run(target, source), asio::detached);
}

asio::awaitable<void> ws_connection::run(ws_target target,
                                         std::optional<asio::ip::address> source) {
    auto self = shared_from_this();
    beast::error_code ec;
    auto& socket = ws_.next_layer();
    socket.open(target.server.protocol(), ec);
    if (!ec && source) {
        socket.set_option(bind_address_no_port(true), ec);
        socket.bind(tcp::endpoint(*source, 0), ec);
    }
    if (!ec) {
        co_await socket.async_connect(target.server, with_ec(ec));
    }
    if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        co_await ws_.async_handshake(target.host, target.path, with_ec(ec));
    }
    if (ec) {
        ended_ = true;
        owner_.on_open(ec);
        co_return;
    }
    open_ = true;
    ws_.text(true);
    owner_.on_open(ec);
    asio::co_spawn(ws_.get_executor(), writer(), asio::detached);

    beast::flat_buffer buffer;
    for (;;) {
        co_await ws_.async_read(buffer, with_ec(ec));
        const std::int64_t at = now_ns();
        if (ec) {
            break;
        }
        const auto data = buffer.cdata();
        owner_.on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()), at);
        buffer.consume(buffer.size());
    }
    ended_ = true;
    wake_writer_.cancel();
    owner_.on_closed(ec);
}

asio::awaitable<void> ws_connection::writer() {
    auto self = shared_from_this();
    beast::error_code ec;
    while (!ended_) {
        if (queue_.empty()) {
            if (closing_) {
                co_await ws_.async_close(websocket::close_code::normal, with_ec(ec));
                co_return;
            }
            co_await wake_writer_.async_wait(with_ec(ec));
            continue;
        }
        co_await ws_.async_write(asio::buffer(queue_.front()), with_ec(ec));
        if (ec) {
            co_return;
        }
        queue_.pop_front();
    }
}

void ws_connection::send(std::string text) {
    if (ended_ || closing_) {
        return;
    }
    queue_.push_back(std::move(text));
    wake_writer_.cancel();
}

void ws_connection::call_at(std::int64_t at, std::function<void()> f) {
    auto timer = std::make_shared<asio::steady_timer>(ws_.get_executor(), from_ns(at));
    timer->async_wait([self = shared_from_this(), timer, f = std::move(f)](beast::error_code ec) {
        if (!ec && !self->ended_) {
            f();
        }
    });
}

void ws_connection::close() {
    if (ended_ || closing_) {
        return;
    }
    closing_ = true;
    if (!open_) {
        return;
    }
    wake_writer_.cancel();
}

} // namespace quizroom::bench
