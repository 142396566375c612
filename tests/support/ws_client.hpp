#pragma once

#include "protocol/codec.hpp"
#include "protocol/messages.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace quizroom::testkit {

using steady_clock = std::chrono::steady_clock;

/// One frame the server sent, as it arrived.
struct received_frame {
    std::uint64_t seq = 0;                       ///< arrival order on this connection, from 0
    steady_clock::time_point at;                 ///< when the read completed
    std::string text;                            ///< the frame as sent
    std::optional<protocol::server_frame> frame; ///< nullopt when protocol::decode refused it

    /// The wire type ("question", ...), or "<undecodable>".
    std::string type() const;
};

/// A frame of a known type, taken out of the queue.
template <class T> struct received {
    T message;
    std::optional<protocol::json> id;
    steady_clock::time_point at;
    std::uint64_t seq = 0;
    std::string text;
};

/// The close code when the connection ended without a close frame.
inline constexpr std::uint16_t close_abnormal = 1006;

/// A WebSocket client for tests and the load generator.
///
/// It owns a thread running its own io_context. A read is always pending on
/// that thread, so the server's pings are answered at once (as a browser's
/// network stack does) and each frame is stamped when it arrives. Frames are
/// decoded with protocol::decode and queued; the owner thread takes them out
/// by type (`expect<T>`), leaving frames of other types queued for later.
///
/// Thread rules: every public member is called from one owner thread; the
/// io thread only fills the queue. Every wait is bounded and throws
/// std::runtime_error naming the client, what it waited for, and what was
/// queued, so a test fails instead of hanging.
class ws_client {
public:
    using duration = std::chrono::milliseconds;
    static constexpr duration default_timeout = std::chrono::seconds(10);

    explicit ws_client(std::string name = "client");
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    const std::string& name() const noexcept { return name_; }

    /// Sends this header with the handshake (as a browser sends `Origin`);
    /// call before connect.
    void add_handshake_header(std::string name, std::string value);

    /// Connects to ws://127.0.0.1:port/path and completes the handshake.
    void connect(std::uint16_t port, std::string_view path = "/ws",
                 duration timeout = default_timeout);

    /// Encodes with protocol::encode and sends; returns once written.
    void send(const protocol::client_message& m,
              const std::optional<protocol::json>& id = std::nullopt);
    /// Sends a text frame as is; returns once written.
    void send_raw(std::string text);

    /// Waits for the next frame holding a T and takes it out of the queue;
    /// frames of other types stay queued, in order.
    template <class T> T expect(duration timeout = default_timeout) {
        return expect_frame<T>(timeout).message;
    }
    template <class T> received<T> expect_frame(duration timeout = default_timeout) {
        return expect_frame_if<T>([](const T&) { return true; }, timeout);
    }
    /// The next T for which `pred` holds; other frames stay queued.
    template <class T, class Pred>
    received<T> expect_frame_if(Pred pred, duration timeout = default_timeout) {
        auto f = take(
            type_label<T>(),
            [&](const protocol::server_message& m) {
                const T* p = std::get_if<T>(&m);
                return p != nullptr && pred(*p);
            },
            timeout);
        return unpack<T>(std::move(f));
    }
    template <class T, class Pred> T expect_if(Pred pred, duration timeout = default_timeout) {
        return expect_frame_if<T>(std::move(pred), timeout).message;
    }

    /// A queued T, if one has arrived; never waits.
    template <class T> std::optional<T> try_next() {
        auto f = try_take(
            [](const protocol::server_message& m) { return std::holds_alternative<T>(m); });
        if (!f)
            return std::nullopt;
        return unpack<T>(std::move(*f)).message;
    }

    /// The oldest queued frame of any type (undecodable ones included).
    received_frame next_any(duration timeout = default_timeout);
    std::optional<received_frame> try_next_any();

    /// Takes every queued frame out, oldest first.
    std::vector<received_frame> drain();
    /// Waits `quiet` for stragglers, then drains.
    std::vector<received_frame> drain_after(duration quiet);

    /// Waits until the server closes the connection; its close code, or
    /// close_abnormal (1006) when the connection ended without one.
    std::uint16_t wait_closed(duration timeout = default_timeout);
    bool is_open() const;

    /// A WebSocket close handshake with `code`, waited for.
    void close(std::uint16_t code = 1000, duration timeout = default_timeout);
    /// Closes the TCP connection without a close frame.
    void drop();

    /// Frames that protocol::decode refused, so far (they also stay queued).
    std::vector<std::string> undecodable() const;

private:
    struct impl;

    template <class T> static std::string type_label() {
        return std::string(protocol::type_name(protocol::server_message{T{}}));
    }
    template <class T> static received<T> unpack(received_frame&& f) {
        return {std::get<T>(std::move(f.frame->message)), std::move(f.frame->id), f.at, f.seq,
                std::move(f.text)};
    }

    received_frame take(const std::string& wanted,
                        const std::function<bool(const protocol::server_message&)>& match,
                        duration timeout);
    std::optional<received_frame>
    try_take(const std::function<bool(const protocol::server_message&)>& match);
    void post_and_wait(const std::string& what,
                       std::function<void(std::function<void(std::string)>)> op, duration timeout);

    std::string name_;
    std::unique_ptr<impl> impl_;
};

} // namespace quizroom::testkit
