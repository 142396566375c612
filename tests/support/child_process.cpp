#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>
#include <thread>

namespace quizroom::testkit {

using std::chrono::steady_clock;

std::string tail(const std::string& text, std::size_t n) {
    return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status))
        return "exited with " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
               ::strsignal(WTERMSIG(status)) + ")";
    return "wait status " + std::to_string(status);
}

child_process::child_process(std::vector<std::string> args, std::string log_path, bool append_log,
                             std::chrono::milliseconds stop_timeout)
    : log_path_(std::move(log_path)), stop_timeout_(stop_timeout) {
    // Everything the child needs is prepared before fork: between fork and
    // exec only async-signal-safe calls are allowed (the parent has threads).
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const auto log_dir = std::filesystem::path(log_path_).parent_path();
    if (!log_dir.empty())
        std::filesystem::create_directories(log_dir);
    const int mode = O_WRONLY | O_CREAT | O_CLOEXEC | (append_log ? O_APPEND : O_TRUNC);
    int log_fd = ::open(log_path_.c_str(), mode, 0644);
    if (log_fd < 0)
        throw std::system_error(errno, std::generic_category(), "open " + log_path_);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) {
        int e = errno;
        ::close(log_fd);
        throw std::system_error(e, std::generic_category(), "open /dev/null");
    }
    const pid_t parent = ::getpid();
    static constexpr char exec_failed[] = "child_process: exec failed\n";

    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(126);
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(log_fd, STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, exec_failed, sizeof exec_failed - 1);
        ::_exit(127);
    }
    int fork_errno = errno;
    ::close(log_fd);
    ::close(null_fd);
    if (pid_ < 0)
        throw std::system_error(fork_errno, std::generic_category(), "fork");
}

child_process::~child_process() {
    stop();
}

bool child_process::reap(bool block) {
    if (pid_ <= 0 || exited_)
        return true;
    int status = 0;
    pid_t r;
    do {
        r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) {
        exited_ = true;
        status_ = status;
        return true;
    }
    if (r < 0) {
        // Not our child any more (reaped elsewhere): nothing left to wait for.
        exited_ = true;
        return true;
    }
    return false;
}

bool child_process::running() {
    return !reap(false);
}

int child_process::stop() {
    if (pid_ <= 0 || reap(false))
        return status_;
    ::kill(pid_, SIGTERM);
    const auto give_up = steady_clock::now() + stop_timeout_;
    while (steady_clock::now() < give_up) {
        if (reap(false))
            return status_;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::cerr << "child_process: pid " << pid_ << " ignored SIGTERM for " << stop_timeout_.count()
              << " ms; sending SIGKILL\n";
    return kill();
}

int child_process::kill() {
    if (pid_ <= 0 || reap(false))
        return status_;
    ::kill(pid_, SIGKILL);
    reap(true);
    return status_;
}

std::string child_process::log() const {
    std::ifstream in(log_path_, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace quizroom::testkit
