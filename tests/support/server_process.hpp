#pragma once

#include "tests/support/child_process.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quizroom::testkit {

struct server_options {
    std::string binary;            ///< path of quizroom-server
    std::vector<std::string> args; ///< given before `--port N --bind 127.0.0.1`
    std::string log_path;          ///< stdout and stderr go here
    bool append_log = false;       ///< append (a restart) rather than truncate
    std::chrono::milliseconds ready_timeout = std::chrono::seconds(20);
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(10);
};

/// A quizroom server run as a child process on a free loopback port.
///
/// The constructor returns once `GET /healthz` answers 200; when the server
/// exits or does not serve in time it prints the log to stderr and throws.
/// The destructor stops it: SIGTERM, then SIGKILL after `stop_timeout`.
/// Not thread-safe: one owner thread.
class server_process {
public:
    explicit server_process(server_options options);

    std::uint16_t port() const noexcept { return port_; }
    pid_t pid() const noexcept { return child_->pid(); }
    const std::string& log_path() const noexcept { return options_.log_path; }
    bool running() { return child_->running(); }
    int wait_status() const noexcept { return child_->wait_status(); }
    int stop() { return child_->stop(); }
    /// SIGKILL, as a crash: nothing is flushed or closed cleanly.
    int kill() { return child_->kill(); }
    std::string log() const { return child_->log(); }

private:
    void wait_ready();

    server_options options_;
    std::uint16_t port_ = 0;
    std::unique_ptr<child_process> child_;
};

} // namespace quizroom::testkit
