#pragma once

#include "tests/support/child_process.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quizroom::testkit {

/// What a test reads back from Redis: the reply flattened to strings.
struct redis_answer {
    bool ok = false;                ///< connected, and not an error reply
    std::optional<std::string> str; ///< string, status or error text; integers as text
    std::vector<std::string> items; ///< an array's elements
};

/// A real `redis-server` on a free loopback port, with its data (AOF,
/// `appendfsync everysec`) in a folder of its own. Can be stopped and started
/// again on the same port and data, as an outage.
class redis_process {
public:
    /// `dir` is created (and emptied) for the server's data and log;
    /// `extra_args` go to redis-server (e.g. `--requirepass`).
    explicit redis_process(std::string dir, std::vector<std::string> extra_args = {});

    std::uint16_t port() const noexcept { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

    /// Starts the server if it is not running; returns once it answers PING.
    void start();
    /// Stops it (SIGTERM: Redis writes its AOF and exits).
    void stop();

    /// Runs one command on a fresh connection (after AUTH with `password`
    /// and SELECT `db`, when given).
    redis_answer query(const std::vector<std::string>& command) const;

    std::string password; ///< what query() authenticates with
    int db = 0;           ///< the database query() reads

private:
    std::string dir_;
    std::vector<std::string> extra_args_;
    std::uint16_t port_ = 0;
    std::unique_ptr<child_process> child_;
};

} // namespace quizroom::testkit
