#pragma once

// One WebSocket client connection of the bench: a reader and a writer
// coroutine on one single-threaded io_context (the Asio C++20 chat server's
// shape). The reader stamps each frame as its read completes and hands it to
// the owner; the writer sleeps on a timer used as a condition variable.
//
// Thread rule: every member and every handler call runs on the io_context
// the connection was made with.

#include "bench/bench_net.hpp"
#include "bench/clock.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace quizroom::bench {

/// Where connections go: a loopback server and the request target.
struct ws_target {
    tcp::endpoint server;
    std::string host; ///< the Host header
    std::string path; ///< "/ws", "/ws?room=CODE"
};

/// ws://HOST:PORT/PATH, numeric IPv4 or IPv6 host only (the bench targets loopback).
ws_target parse_ws_url(const std::string& url);

class connection_owner {
public:
    /// The handshake completed (ec clear) or the connection failed (ec set).
    virtual void on_open(beast::error_code ec) = 0;
    /// A whole frame; `at` is the monotonic instant its read completed.
    virtual void on_frame(std::string_view text, std::int64_t at) = 0;
    /// The connection ended, after on_open: a close, a reset, our own close().
    virtual void on_closed(beast::error_code ec) = 0;

protected:
    ~connection_owner() = default;
};

class ws_connection : public std::enable_shared_from_this<ws_connection> {
public:
    ws_connection(asio::io_context& ioc, connection_owner& owner);

    /// Connects (from `source` when given), completes the handshake, then reads until closed.
    void start(const ws_target& target, std::optional<asio::ip::address> source);

    /// Queues a text frame; frames go out in order, one write in flight.
    void send(std::string text);

    /// Runs `f` on this connection's thread at `at`, unless the connection has ended.
    void call_at(std::int64_t at, std::function<void()> f);

    /// Sends a close frame after the queued frames; the reader ends when the peer answers.
    void close();

    bool is_open() const noexcept { return open_ && !ended_; }
    asio::any_io_executor executor() { return ws_.get_executor(); }

private:
    asio::awaitable<void> run(ws_target target, std::optional<asio::ip::address> source);
    asio::awaitable<void> writer();

    websocket::stream<tcp::socket> ws_;
    connection_owner& owner_;
    asio::steady_timer wake_writer_;
    std::deque<std::string> queue_;
    bool open_ = false;
    bool closing_ = false;
    bool ended_ = false;
};

} // namespace quizroom::bench
