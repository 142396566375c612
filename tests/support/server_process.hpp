#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace quizroom::testkit {

struct server_options {
    std::string binary;            ///< path of quizroom-server
    std::vector<std::string> args; ///< given before `--port N --bind 127.0.0.1`
    std::string log_path;          ///< stdout and stderr go here (truncated)
    std::chrono::milliseconds ready_timeout = std::chrono::seconds(20);
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(10);
};

/// A quizroom server run as a child process on a free loopback port.
///
/// The constructor returns once `GET /healthz` answers 200; when the server
/// exits or does not serve in time it prints the log to stderr and throws.
/// The destructor stops it: SIGTERM, then SIGKILL after `stop_timeout`.
/// The child also gets SIGKILL if the thread that started it dies first.
/// Not thread-safe: one owner thread.
class server_process {
public:
    explicit server_process(server_options options);
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    pid_t pid() const noexcept { return pid_; }
    const std::string& log_path() const noexcept { return options_.log_path; }

    /// Whether the child is still running (reaps it if it exited).
    bool running();

    /// How the child ended, as waitpid's status; only meaningful once it has.
    int wait_status() const noexcept { return status_; }

    /// Stops the child (SIGTERM, then SIGKILL) and returns its wait status.
    /// Idempotent.
    int stop();

    /// The whole log written so far.
    std::string log() const;

private:
    void spawn();
    void wait_ready();
    bool reap(bool block);

    server_options options_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

/// "exited with 0", "killed by signal 9", ...
std::string describe_wait_status(int status);

} // namespace quizroom::testkit
