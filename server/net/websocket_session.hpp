#pragma once

#include "net/connection.hpp"
#include "net/metrics.hpp"
#include "net/net.hpp"
#include "net/session_context.hpp"
#include "net/streams.hpp"
#include "net/token_bucket.hpp"
#include "protocol/codec.hpp"

#include <array>
#include <deque>
#include <memory>

namespace quizroom::net {

/// One WebSocket client: reads and parses its frames, routes commands to its
/// room, answers pings, keeps a bounded write queue with one write in
/// flight, and measures its round-trip time with WebSocket pings.
///
/// Everything below runs on this session's strand; the connection interface
/// (send, close, attached, detached) may be called from any thread and posts.
///
/// `Stream` is plain_stream or tls_stream (the TLS handshake done); both are
/// instantiated in websocket_session.cpp, so Beast's WebSocket code and
/// OpenSSL's headers compile there only.
template <class Stream>
class websocket_session final : public connection,
                                public std::enable_shared_from_this<websocket_session<Stream>> {
public:
    /// `stream`: the connection its upgrade request came on; `client`: the
    /// client's address_key; `slot`: its place among that address's
    /// connections, held until the connection closes.
    websocket_session(Stream&& stream, const session_context& context, std::string client,
                      std::unique_ptr<address_connections::slot> slot);

    void run(http::request<http::string_body> upgrade);

    game::conn_id id() const noexcept override { return id_; }
    void send(shared_frame frame, int question) override;
    void close(int code, std::string reason) override;
    void attached(std::shared_ptr<room_host> room, game::role as) override;
    void detached() override;

private:
    struct queued {
        shared_frame frame;
        int question = -1;
    };

    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_frame(std::string_view text, protocol::epoch_ms read_at);
    std::shared_ptr<room_host> find_room(const std::string& code,
                                         const std::optional<nlohmann::json>& id, bool returning);
    void to_room(std::shared_ptr<room_host> room, protocol::client_message m,
                 std::optional<nlohmann::json> id, protocol::epoch_ms read_at);
    void reply(const protocol::server_message& m, const std::optional<nlohmann::json>& id);
    void enqueue(shared_frame frame, int question);
    void do_write();
    void on_write(beast::error_code ec, std::size_t bytes);
    void close_after_queue(websocket::close_code code, std::string_view reason);
    void do_close();
    void schedule_ping();
    void on_ping_timer(beast::error_code ec);
    void on_control(websocket::frame_type kind, beast::string_view payload);
    std::int64_t rtt_ms() const;
    void leave_room();
    void fail(beast::error_code ec, char const* what);

    websocket::stream<Stream> ws_;
    beast::flat_buffer buffer_;
    const session_context& context_;
    const std::string client_;
    std::unique_ptr<address_connections::slot> slot_;
    const game::conn_id id_;

    std::shared_ptr<room_host> room_; ///< the room its commands go to
    std::optional<game::role> role_;  ///< set once that room attached it

    std::deque<queued> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool closed_ = false;
    websocket::close_reason close_reason_;

    asio::steady_timer ping_timer_;
    int pings_sent_ = 0;
    bool ping_in_flight_ = false;
    std::array<std::int64_t, 5> rtt_samples_{};
    std::size_t rtt_count_ = 0;

    token_bucket rate_;
    int refused_since_rest_ = 0; ///< messages refused since the bucket was last full

    gauge_hold open_; ///< counts this connection in /metrics while it lives
};

} // namespace quizroom::net
