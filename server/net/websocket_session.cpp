#include "net/websocket_session.hpp"

#include "game/room_actions.hpp"
#include "game/room_code.hpp"
#include "net/clock.hpp"
#include "net/log_event.hpp"
#include "net/metrics.hpp"
#include "net/room_directory.hpp"
#include "net/room_host.hpp"

#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>

namespace quizroom::net {
namespace {

constexpr auto first_pings_interval = std::chrono::seconds(1);
constexpr auto ping_interval = std::chrono::seconds(5);
constexpr int quick_pings = 3;
constexpr const char* subprotocol = "quizroom.v1";

constexpr auto close_policy = static_cast<websocket::close_code>(1008);
constexpr auto close_too_slow = static_cast<websocket::close_code>(1013);

std::atomic<game::conn_id> next_id{1};

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

bool offers_subprotocol(beast::string_view header) {
    std::size_t start = 0;
    while (start <= header.size()) {
        const std::size_t comma = std::min(header.find(',', start), header.size());
        auto item = header.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item == subprotocol) {
            return true;
        }
        start = comma + 1;
    }
    return false;
}

} // namespace

template <class Stream>
websocket_session<Stream>::websocket_session(Stream&& stream, const session_context& context,
                                             std::string client,
                                             std::unique_ptr<address_connections::slot> slot)
    : ws_(std::move(stream)), context_(context), client_(std::move(client)), slot_(std::move(slot)),
      id_(next_id++), ping_timer_(ws_.get_executor()),
      rate_(context.limits.messages.per_s, context.limits.messages.burst) {}

template <class Stream>
void websocket_session<Stream>::run(http::request<http::string_body> upgrade) {
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    // A client that sends nothing, not even a pong, for the idle timeout is
    // gone. Beast counts only what it reads: without its own pings, a client
    // that answers ours but sends no message would time out too.
    timeouts.idle_timeout = std::chrono::seconds(context_.limits.idle_timeout_s);
    timeouts.handshake_timeout = std::chrono::seconds(context_.limits.handshake_timeout_s);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    // do_read enforces the frame limit itself: Beast's own limit tears the
    // socket down with the frame half read, and the client sees a reset.
    ws_.read_message_max(0);
    ws_.text(true);
    const bool echo = offers_subprotocol(upgrade[http::field::sec_websocket_protocol]);
    ws_.set_option(websocket::stream_base::decorator([echo](websocket::response_type& res) {
        res.set(http::field::server, "quizroom");
        if (echo) {
            res.set(http::field::sec_websocket_protocol, subprotocol);
        }
    }));
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
        on_control(kind, payload);
    });
    ws_.async_accept(upgrade, beast::bind_front_handler(&websocket_session::on_accept,
                                                        this->shared_from_this()));
}

template <class Stream> void websocket_session<Stream>::on_accept(beast::error_code ec) {
    if (ec) {
        return fail(ec, "accept");
    }
    open_.hold(server_metrics().connections);
    server_metrics().connections_opened.add();
    schedule_ping();
    do_read();
}

// ---- reading ----------------------------------------------------------------

template <class Stream> void websocket_session<Stream>::do_read() {
    // Read in pieces and count: a message over the limit is refused after
    // max_frame_bytes + 1 bytes, however long the client says it is.
    const std::size_t room_left = context_.limits.max_frame_bytes + 1 - buffer_.size();
    ws_.async_read_some(
        buffer_, room_left,
        beast::bind_front_handler(&websocket_session::on_read, this->shared_from_this()));
}

template <class Stream> void websocket_session<Stream>::on_read(beast::error_code ec, std::size_t) {
    const protocol::epoch_ms read_at = server_clock::now();
    if (ec) {
        // Closed by the peer, or a dead socket.
        closed_ = true;
        ping_timer_.cancel();
        leave_room();
        slot_.reset();
        return fail(ec, "read");
    }
    const std::size_t max_bytes = context_.limits.max_frame_bytes;
    if (buffer_.size() > max_bytes) {
        // Stop reading; Beast's closing handshake drains the rest of the
        // frame, so the client sees the 1009 close rather than a reset.
        reply(
            protocol::error_msg{protocol::error::too_big,
                                "a message may be at most " + std::to_string(max_bytes) + " bytes"},
            std::nullopt);
        close_after_queue(websocket::close_code::too_big, "message too big");
        return;
    }
    if (!ws_.is_message_done()) {
        return do_read();
    }
    const auto data = buffer_.cdata();
    on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()), read_at);
    buffer_.consume(buffer_.size());
    if (!closed_ && !closing_) {
        do_read();
    }
}

template <class Stream>
void websocket_session<Stream>::on_frame(std::string_view text, protocol::epoch_ms read_at) {
    if (!rate_.take(read_at)) {
        server_metrics().count_unparsed(text.size());
        if (++refused_since_rest_ > context_.limits.refusals_before_close) {
            close_after_queue(close_policy, "rate limited");
            return;
        }
        reply(protocol::error_msg{protocol::error::rate_limited,
                                  fmt::format("too many messages: at most {:g} a second",
                                              context_.limits.messages.per_s)},
              std::nullopt);
        return;
    }
    // Refusals add up until the client has rested, not merely until a token
    // came back: a server that reads a flood slowly lets a token refill between
    // two refusals, and the flood would never count as persistent.
    if (rate_.was_full()) {
        refused_since_rest_ = 0;
    }
    if (!ws_.got_text()) {
        server_metrics().count_unparsed(text.size());
        reply(protocol::error_msg{protocol::error::bad_json, "frames must be text (JSON)"},
              std::nullopt);
        return;
    }
    auto parsed = protocol::parse(text, context_.limits.max_frame_bytes);
    if (!parsed) {
        server_metrics().count_unparsed(text.size());
        reply(protocol::error_msg{parsed.failure->code, parsed.failure->message}, parsed.id);
        return;
    }
    server_metrics().count_received(parsed.message, text.size());
    const auto& id = parsed.id;
    // `returning`: a rejoin or host screen, with its token.
    const auto by_code = [&](const std::string& code, bool returning) {
        // A connection belongs to one room; it may retry another code until
        // a room accepts it.
        if (role_ && room_ && room_->summary().code != game::normalize_room_code(code)) {
            reply(protocol::error_msg{protocol::error::bad_message,
                                      "this connection already belongs to another room"},
                  id);
            return;
        }
        auto room = role_ ? room_ : find_room(code, id, returning);
        if (room) {
            to_room(std::move(room), std::move(parsed.message), id, read_at);
        }
    };
    std::visit(
        overloaded{
            [&](const protocol::ping_msg& m) {
                reply(protocol::pong_msg{m.t, server_clock::now()}, id);
            },
            [&](const protocol::create_msg& m) {
                if (role_) {
                    reply(protocol::error_msg{protocol::error::bad_message,
                                              "this connection already belongs to a room"},
                          id);
                    return;
                }
                auto created = context_.rooms.create(m);
                if (auto* e = std::get_if<protocol::protocol_error>(&created)) {
                    reply(protocol::error_msg{e->code, e->message}, id);
                    return;
                }
                auto room = std::get<std::shared_ptr<room_host>>(std::move(created));
                if (room_) {
                    room_->disconnected(id_);
                }
                room_ = room;
                room->open(this->shared_from_this(), id, nullptr);
            },
            [&](const protocol::host_msg& m) { by_code(m.code, true); },
            [&](const protocol::join_msg& m) {
                if (!context_.rooms.accepting()) {
                    reply(protocol::error_msg{protocol::error::unavailable, store_full_message},
                          id);
                    return;
                }
                by_code(m.code, false);
            },
            [&](const protocol::rejoin_msg& m) { by_code(m.code, true); },
            [&](const auto&) {
                if (!room_) {
                    reply(protocol::error_msg{protocol::error::forbidden,
                                              "join or host a room first"},
                          id);
                    return;
                }
                to_room(room_, std::move(parsed.message), id, read_at);
            },
        },
        parsed.message);
}

// The room a code names, within the limits on trying codes; null (with the
// error sent) when there is none or the attempt is refused.
template <class Stream>
std::shared_ptr<room_host>
websocket_session<Stream>::find_room(const std::string& code,
                                     const std::optional<nlohmann::json>& id, bool returning) {
    auto room = context_.rooms.find(code);
    const auto normalized = game::normalize_room_code(code);
    if (auto why = context_.codes.refuse(client_, normalized.value_or(code), room != nullptr,
                                         steady_now_ms(), returning)) {
        reply(protocol::error_msg{protocol::error::rate_limited, std::move(*why)}, id);
        return nullptr;
    }
    if (!room) {
        reply(protocol::error_msg{protocol::error::not_found, "there is no room with that code"},
              id);
    }
    return room;
}

template <class Stream>
void websocket_session<Stream>::to_room(std::shared_ptr<room_host> room, protocol::client_message m,
                                        std::optional<nlohmann::json> id,
                                        protocol::epoch_ms read_at) {
    if (room_ && room_ != room) {
        room_->disconnected(id_);
    }
    room_ = room;
    room->command(this->shared_from_this(),
                  game::command_event{id_, std::move(m), std::move(id), read_at, rtt_ms()});
}

template <class Stream>
void websocket_session<Stream>::reply(const protocol::server_message& m,
                                      const std::optional<nlohmann::json>& id) {
    auto frame = std::make_shared<const std::string>(protocol::encode(m, id));
    server_metrics().count_sent(m, frame->size());
    if (const auto* e = std::get_if<protocol::error_msg>(&m)) {
        server_metrics().count_error(e->code);
        log_event(spdlog::level::info, "error sent",
                  {{"code", std::string(protocol::to_string(e->code))},
                   {"conn", std::to_string(id_)},
                   {"room", room_ ? room_->summary().code : std::string{}},
                   {"detail", e->message}});
    }
    enqueue(std::move(frame), -1);
}

template <class Stream> void websocket_session<Stream>::leave_room() {
    if (room_) {
        room_->disconnected(id_);
        room_.reset();
    }
    role_.reset();
}

// ---- the connection interface (any thread) -----------------------------------

template <class Stream> void websocket_session<Stream>::send(shared_frame frame, int question) {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), frame = std::move(frame),
                                    question] { self->enqueue(frame, question); });
}

template <class Stream> void websocket_session<Stream>::close(int code, std::string reason) {
    asio::post(ws_.get_executor(),
               [self = this->shared_from_this(), code, reason = std::move(reason)] {
                   self->close_after_queue(static_cast<websocket::close_code>(code), reason);
               });
}

// The frames already queued (a last `ended`, `kicked` or error) go out first.
template <class Stream>
void websocket_session<Stream>::close_after_queue(websocket::close_code code,
                                                  std::string_view reason) {
    if (closing_ || closed_) {
        return;
    }
    closing_ = true;
    close_reason_ = websocket::close_reason(code, reason);
    if (!writing_ && queue_.empty()) {
        do_close();
    }
}

template <class Stream>
void websocket_session<Stream>::attached(std::shared_ptr<room_host> room, game::role as) {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), room = std::move(room), as] {
        if (self->room_ == room) {
            self->role_ = as;
        }
    });
}

template <class Stream> void websocket_session<Stream>::detached() {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
        self->room_.reset();
        self->role_.reset();
    });
}

// ---- writing ----------------------------------------------------------------

template <class Stream> void websocket_session<Stream>::enqueue(shared_frame frame, int question) {
    if (closing_ || closed_) {
        return; // nothing is sent after a close was asked for
    }
    const auto& limits = context_.limits;
    const bool host = role_ == game::role::host;
    const std::size_t max_frames = host ? limits.host_queue_frames : limits.queue_frames;
    const std::size_t max_bytes = host ? limits.host_queue_bytes : limits.queue_bytes;
    if (queue_.size() >= max_frames || queued_bytes_ + frame->size() > max_bytes) {
        // A slow consumer is let go rather than grow memory; it can rejoin.
        server_metrics().slow_consumers_closed.add();
        log_event(spdlog::level::info, "connection closed: too slow to keep up",
                  {{"conn", std::to_string(id_)},
                   {"room", room_ ? room_->summary().code : std::string{}},
                   {"queued_frames", std::to_string(queue_.size())}});
        // The frame being written must outlive its write; the rest is dropped.
        queue_.erase(queue_.begin() + (writing_ ? 1 : 0), queue_.end());
        close_after_queue(close_too_slow, "too slow to keep up");
        return;
    }
    queued_bytes_ += frame->size();
    queue_.push_back({std::move(frame), question});
    if (!writing_) {
        do_write();
    }
}

template <class Stream> void websocket_session<Stream>::do_write() {
    writing_ = true;
    const queued& next = queue_.front();
    if (next.question >= 0 && room_ && role_ == game::role::player) {
        // The question's clock for this player starts as the frame is handed to the socket.
        room_->delivered(game::delivered_event{id_, next.question, server_clock::now(), rtt_ms()});
    }
    ws_.async_write(
        asio::buffer(*next.frame),
        beast::bind_front_handler(&websocket_session::on_write, this->shared_from_this()));
}

template <class Stream>
void websocket_session<Stream>::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) {
        closed_ = true;
        queue_.clear();
        return fail(ec, "write");
    }
    if (!queue_.empty()) {
        queued_bytes_ -= queue_.front().frame->size();
        queue_.pop_front();
    }
    if (!queue_.empty()) {
        return do_write();
    }
    if (closing_) {
        do_close();
    }
}

template <class Stream> void websocket_session<Stream>::do_close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    ping_timer_.cancel();
    queue_.clear();
    ws_.async_close(close_reason_, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) {
            self->fail(ec, "close");
        }
        // A close the session chose (too big, flood, too slow) leaves its room
        // here; one the room asked for was detached already.
        self->leave_room();
        self->slot_.reset();
    });
}

// ---- round-trip time ---------------------------------------------------------

template <class Stream> void websocket_session<Stream>::schedule_ping() {
    if (closed_) {
        return;
    }
    if (!ping_in_flight_) {
        ping_in_flight_ = true;
        ++pings_sent_;
        const std::string stamp = std::to_string(server_clock::now());
        ws_.async_ping(websocket::ping_data(stamp.c_str()),
                       [self = this->shared_from_this()](beast::error_code ec) {
                           if (ec) {
                               self->ping_in_flight_ = false;
                           }
                       });
    }
    ping_timer_.expires_after(pings_sent_ <= quick_pings ? first_pings_interval : ping_interval);
    ping_timer_.async_wait(
        beast::bind_front_handler(&websocket_session::on_ping_timer, this->shared_from_this()));
}

template <class Stream> void websocket_session<Stream>::on_ping_timer(beast::error_code ec) {
    if (ec == asio::error::operation_aborted) {
        return;
    }
    schedule_ping();
}

template <class Stream>
void websocket_session<Stream>::on_control(websocket::frame_type kind, beast::string_view payload) {
    if (kind != websocket::frame_type::pong) {
        return;
    }
    protocol::epoch_ms sent = 0;
    const auto [end, err] = std::from_chars(payload.data(), payload.data() + payload.size(), sent);
    if (err != std::errc{} || end != payload.data() + payload.size() || !ping_in_flight_) {
        return; // an unsolicited pong, or not ours
    }
    ping_in_flight_ = false;
    const std::int64_t rtt = std::max<std::int64_t>(0, server_clock::now() - sent);
    rtt_samples_[rtt_count_++ % rtt_samples_.size()] = rtt;
}

// The minimum of recent samples, capped: a client that delays its pongs gains
// at most the cap.
template <class Stream> std::int64_t websocket_session<Stream>::rtt_ms() const {
    if (rtt_count_ == 0) {
        return 0;
    }
    const std::size_t n = std::min(rtt_count_, rtt_samples_.size());
    const std::int64_t best = *std::min_element(rtt_samples_.begin(), rtt_samples_.begin() + n);
    return std::min<std::int64_t>(best, game::rtt_cap_ms);
}

template <class Stream>
void websocket_session<Stream>::fail(beast::error_code ec, char const* what) {
    if (ec == asio::error::operation_aborted || ec == websocket::error::closed ||
        ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
        return;
    }
    spdlog::debug("connection {} {}: {}", id_, what, ec.message());
}

// The only two instantiations: the header declares, this file defines.
template class websocket_session<plain_stream>;
template class websocket_session<tls_stream>;

} // namespace quizroom::net
