#include "store/redis_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

namespace quizroom::store {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::chrono::milliseconds max_backoff{2000};
constexpr std::chrono::seconds watchdog_period{1};

redisReader* as_reader(void* r) {
    return static_cast<redisReader*>(r);
}

redis_reply convert(const redisReply& r) {
    redis_reply out;
    switch (r.type) {
    case REDIS_REPLY_STRING:
        out.type = redis_reply::kind::string;
        out.str.assign(r.str, r.len);
        break;
    case REDIS_REPLY_STATUS:
        out.type = redis_reply::kind::status;
        out.str.assign(r.str, r.len);
        break;
    case REDIS_REPLY_ERROR:
        out.type = redis_reply::kind::error;
        out.str.assign(r.str, r.len);
        break;
    case REDIS_REPLY_INTEGER:
        out.type = redis_reply::kind::integer;
        out.integer = r.integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = redis_reply::kind::array;
        out.elements.reserve(r.elements);
        for (std::size_t i = 0; i < r.elements; ++i) {
            out.elements.push_back(convert(*r.element[i]));
        }
        break;
    default:
        out.type = redis_reply::kind::nil;
    }
    return out;
}

void append_formatted(std::string& out, const redis_command& command) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(command.size());
    lengths.reserve(command.size());
    for (const auto& arg : command) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    char* formatted = nullptr;
    const int n = redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()), argv.data(),
                                         lengths.data());
    if (n > 0) {
        out.append(formatted, static_cast<std::size_t>(n));
    }
    redisFreeCommand(formatted);
}

} // namespace

redis_connection::redis_connection(asio::any_io_executor executor, redis_url url,
                                   state_handler on_state)
    : strand_(asio::make_strand(executor)), resolver_(strand_), socket_(strand_),
      retry_timer_(strand_), watchdog_(strand_), url_(std::move(url)),
      on_state_(std::move(on_state)), reader_(redisReaderCreate()), read_buffer_(read_chunk) {}

redis_connection::~redis_connection() {
    redisReaderFree(as_reader(reader_));
}

void redis_connection::start() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->connect();
        self->arm_watchdog();
    });
}

void redis_connection::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->retry_timer_.cancel();
        self->watchdog_.cancel();
        self->fail({}, "stopped");
    });
}

void redis_connection::exec(std::vector<redis_command> commands, handler done) {
    asio::post(strand_, [self = shared_from_this(), commands = std::move(commands),
                         done = std::move(done)]() mutable {
        if (!self->up_) {
            done(std::nullopt);
            return;
        }
        self->enqueue(std::move(commands), std::move(done));
    });
}

void redis_connection::connect() {
    if (stopped_) {
        return;
    }
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = shared_from_this(), gen = generation_](
                                boost::system::error_code ec, tcp::resolver::results_type r) {
                                if (gen == self->generation_) {
                                    self->on_resolved(ec, std::move(r));
                                }
                            });
}

void redis_connection::on_resolved(boost::system::error_code ec, tcp::resolver::results_type r) {
    if (ec) {
        return fail(ec, "resolve");
    }
    asio::async_connect(socket_, r,
                        [self = shared_from_this(), gen = generation_](boost::system::error_code ec,
                                                                       const tcp::endpoint&) {
                            if (gen == self->generation_) {
                                self->on_connected(ec);
                            }
                        });
}

void redis_connection::on_connected(boost::system::error_code ec) {
    if (ec) {
        return fail(ec, "connect");
    }
    connected_ = true;
    socket_.set_option(tcp::no_delay(true));
    do_read();
    handshake();
}

// AUTH and SELECT go first on every new connection; only once they succeed is
// the connection up for the store's requests.
void redis_connection::handshake() {
    std::vector<redis_command> commands;
    if (!url_.password.empty()) {
        commands.push_back({"AUTH", url_.password});
    }
    commands.push_back({"SELECT", std::to_string(url_.db)});
    enqueue(std::move(commands),
            [self = shared_from_this()](std::optional<std::vector<redis_reply>> replies) {
                if (!replies) {
                    return;
                }
                for (const auto& r : *replies) {
                    if (r.is_error()) {
                        spdlog::error("redis {}: {}", self->url_.describe(), r.str);
                        return self->fail(asio::error::access_denied, "handshake");
                    }
                }
                self->backoff_ = std::chrono::milliseconds{100};
                self->set_up(true);
            });
}

void redis_connection::enqueue(std::vector<redis_command> commands, handler done) {
    request r;
    r.expected = commands.size();
    r.done = std::move(done);
    if (r.expected == 0) {
        r.done(std::vector<redis_reply>{});
        return;
    }
    for (const auto& c : commands) {
        append_formatted(pending_bytes_, c);
    }
    unsent_.push_back(std::move(r));
    do_write();
}

void redis_connection::do_write() {
    if (writing_ || pending_bytes_.empty() || !connected_) {
        return;
    }
    if (in_flight_.empty()) {
        last_progress_ = std::chrono::steady_clock::now();
    }
    writing_ = true;
    write_buffer_.swap(pending_bytes_);
    pending_bytes_.clear();
    for (auto& r : unsent_) {
        in_flight_.push_back(std::move(r));
    }
    unsent_.clear();
    asio::async_write(
        socket_, asio::buffer(write_buffer_),
        [self = shared_from_this(), gen = generation_](boost::system::error_code ec, std::size_t) {
            if (gen == self->generation_) {
                self->on_write(ec);
            }
        });
}

void redis_connection::on_write(boost::system::error_code ec) {
    writing_ = false;
    if (ec) {
        return fail(ec, "write");
    }
    do_write();
}

void redis_connection::do_read() {
    socket_.async_read_some(asio::buffer(read_buffer_),
                            [self = shared_from_this(),
                             gen = generation_](boost::system::error_code ec, std::size_t n) {
                                if (gen == self->generation_) {
                                    self->on_read(ec, n);
                                }
                            });
}

void redis_connection::on_read(boost::system::error_code ec, std::size_t n) {
    if (ec) {
        return fail(ec, "read");
    }
    auto* reader = as_reader(reader_);
    if (redisReaderFeed(reader, read_buffer_.data(), n) != REDIS_OK) {
        return fail(asio::error::invalid_argument, "parse");
    }
    const auto gen = generation_;
    for (;;) {
        void* raw = nullptr;
        if (redisReaderGetReply(reader, &raw) != REDIS_OK) {
            return fail(asio::error::invalid_argument, "parse");
        }
        if (raw == nullptr) {
            break;
        }
        auto reply = convert(*static_cast<redisReply*>(raw));
        freeReplyObject(raw);
        if (in_flight_.empty()) {
            return fail(asio::error::invalid_argument, "unexpected reply");
        }
        last_progress_ = std::chrono::steady_clock::now();
        auto& front = in_flight_.front();
        front.replies.push_back(std::move(reply));
        if (front.replies.size() == front.expected) {
            auto done = std::move(front.done);
            auto replies = std::move(front.replies);
            in_flight_.pop_front();
            done(std::move(replies));
            // A handler may have failed the connection (the handshake does).
            if (gen != generation_) {
                return;
            }
        }
    }
    do_read();
}

void redis_connection::arm_watchdog() {
    watchdog_.expires_after(watchdog_period);
    watchdog_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) {
            return;
        }
        const auto waited = std::chrono::steady_clock::now() - self->last_progress_;
        if (!self->in_flight_.empty() && waited > reply_timeout) {
            self->fail(asio::error::timed_out, "waiting for replies");
        }
        self->arm_watchdog();
    });
}

void redis_connection::fail(boost::system::error_code ec, const char* what) {
    const bool was_up = up_;
    ++generation_;
    boost::system::error_code ignored;
    resolver_.cancel();
    socket_.close(ignored);
    redisReaderFree(as_reader(reader_));
    reader_ = redisReaderCreate();
    connected_ = false;
    writing_ = false;
    pending_bytes_.clear();
    auto failed = std::move(in_flight_);
    in_flight_.clear();
    for (auto& r : unsent_) {
        failed.push_back(std::move(r));
    }
    unsent_.clear();
    if (was_up && !stopped_) {
        spdlog::warn("redis {}: connection lost ({}: {}); reconnecting", url_.describe(), what,
                     ec.message());
    } else if (!stopped_ && backoff_ == std::chrono::milliseconds{100}) {
        spdlog::warn("redis {}: cannot connect ({}: {}); retrying", url_.describe(), what,
                     ec.message());
    }
    set_up(false);
    for (auto& r : failed) {
        r.done(std::nullopt);
    }
    retry_later();
}

void redis_connection::retry_later() {
    if (stopped_) {
        return;
    }
    retry_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, max_backoff);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec) {
            self->connect();
        }
    });
}

void redis_connection::set_up(bool up) {
    if (up == up_) {
        return;
    }
    up_ = up;
    if (up) {
        spdlog::info("redis {}: connected", url_.describe());
    }
    if (on_state_) {
        on_state_(up);
    }
}

} // namespace quizroom::store
