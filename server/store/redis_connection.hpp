#pragma once

// One long-lived, pipelined connection to Redis on the server's io_context.
// hiredis formats commands and parses replies (its reader, read.h); Asio owns
// the socket, the resolver and the timers, so no Redis call ever blocks a
// network thread. Requests are written back to back without waiting for
// replies; Redis answers in order, so replies are matched to requests by
// position. A lost connection fails every request in flight and reconnects
// with backoff.

#include "store/redis_reply.hpp"
#include "store/redis_url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace quizroom::store {

class redis_connection : public std::enable_shared_from_this<redis_connection> {
public:
    /// Every reply of a request, in order; nullopt when the connection was
    /// lost (or down) before they all arrived: the commands may or may not
    /// have run.
    using handler = std::function<void(std::optional<std::vector<redis_reply>>)>;
    /// Called on each change between up (connected, authenticated, database
    /// selected) and down.
    using state_handler = std::function<void(bool up)>;

    redis_connection(boost::asio::any_io_executor executor, redis_url url, state_handler on_state);
    ~redis_connection();

    /// Connects, and keeps reconnecting until stop(). Thread-safe.
    void start();
    void stop();

    /// Sends `commands` in one write, after every request sent before.
    /// While the connection is down, fails at once. Thread-safe; `done` runs
    /// on the connection's strand.
    void exec(std::vector<redis_command> commands, handler done);

    /// How long a request may wait for its replies before the connection is
    /// taken for dead.
    static constexpr std::chrono::seconds reply_timeout{3};

private:
    struct request {
        std::size_t expected = 0;
        std::vector<redis_reply> replies;
        handler done;
    };

    void connect();
    void on_resolved(boost::system::error_code ec, boost::asio::ip::tcp::resolver::results_type r);
    void on_connected(boost::system::error_code ec);
    void handshake();
    void do_read();
    void on_read(boost::system::error_code ec, std::size_t n);
    void do_write();
    void on_write(boost::system::error_code ec);
    void arm_watchdog();
    void fail(boost::system::error_code ec, const char* what);
    void retry_later();
    void set_up(bool up);
    void enqueue(std::vector<redis_command> commands, handler done);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer retry_timer_;
    boost::asio::steady_timer watchdog_;
    redis_url url_;
    state_handler on_state_;

    // Touched on the strand only.
    void* reader_ = nullptr; ///< redisReader*, kept out of the header
    std::vector<char> read_buffer_;
    std::string write_buffer_;
    std::string pending_bytes_;     ///< formatted, not yet written
    std::deque<request> unsent_;    ///< their bytes are in pending_bytes_
    std::deque<request> in_flight_; ///< written (or being written), awaiting replies
    bool writing_ = false;
    bool connected_ = false; ///< socket open (handshake may be running)
    bool up_ = false;
    bool stopped_ = false;
    std::uint64_t generation_ = 0; ///< bumped per connection, to ignore stale completions
    std::chrono::milliseconds backoff_{100};
    std::chrono::steady_clock::time_point last_progress_;
};

} // namespace quizroom::store
