#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace quizroom::testkit {

/// A program run as a child process with its output in a log file. It gets
/// SIGKILL if the thread that started it dies first. The destructor stops it:
/// SIGTERM, then SIGKILL after `stop_timeout`. Not thread-safe: one owner.
class child_process {
public:
    /// Starts `argv[0]` with `argv`; stdout and stderr go to `log_path`
    /// (truncated, or appended to when `append_log`).
    child_process(std::vector<std::string> argv, std::string log_path, bool append_log = false,
                  std::chrono::milliseconds stop_timeout = std::chrono::seconds(10));
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    pid_t pid() const noexcept { return pid_; }
    const std::string& log_path() const noexcept { return log_path_; }

    /// Whether the child is still running (reaps it if it exited).
    bool running();

    /// How the child ended, as waitpid's status; only meaningful once it has.
    int wait_status() const noexcept { return status_; }

    /// Stops the child (SIGTERM, then SIGKILL) and returns its wait status.
    /// Idempotent.
    int stop();

    /// Kills the child at once (SIGKILL), as a crash would, and reaps it.
    int kill();

    /// The whole log written so far.
    std::string log() const;

private:
    bool reap(bool block);

    std::string log_path_;
    std::chrono::milliseconds stop_timeout_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

/// "exited with 0", "killed by signal 9", ...
std::string describe_wait_status(int status);

/// The last `n` characters of `text`.
std::string tail(const std::string& text, std::size_t n);

} // namespace quizroom::testkit
