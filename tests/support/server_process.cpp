#include "tests/support/server_process.hpp"

#include "tests/support/free_port.hpp"
#include "tests/support/http_get.hpp"

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
#include <stdexcept>
#include <system_error>
#include <thread>

namespace quizroom::testkit {

namespace {

using std::chrono::steady_clock;

std::string tail(const std::string& text, std::size_t n) {
    return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

} // namespace

std::string describe_wait_status(int status) {
    if (WIFEXITED(status))
        return "exited with " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
               ::strsignal(WTERMSIG(status)) + ")";
    return "wait status " + std::to_string(status);
}

server_process::server_process(server_options options) : options_(std::move(options)) {
    port_ = free_port();
    spawn();
    try {
        wait_ready();
    } catch (...) {
        stop();
        std::cerr << "---- " << options_.log_path << " ----\n" << log() << "---- end of log ----\n";
        throw;
    }
}

server_process::~server_process() {
    stop();
}

void server_process::spawn() {
    // Everything the child needs is prepared before fork: between fork and
    // exec only async-signal-safe calls are allowed (the parent has threads).
    std::vector<std::string> args;
    args.push_back(options_.binary);
    args.insert(args.end(), options_.args.begin(), options_.args.end());
    args.insert(args.end(), {"--port", std::to_string(port_), "--bind", "127.0.0.1"});
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const auto log_dir = std::filesystem::path(options_.log_path).parent_path();
    if (!log_dir.empty())
        std::filesystem::create_directories(log_dir);
    int log_fd = ::open(options_.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0)
        throw std::system_error(errno, std::generic_category(), "open " + options_.log_path);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) {
        int e = errno;
        ::close(log_fd);
        throw std::system_error(e, std::generic_category(), "open /dev/null");
    }
    const pid_t parent = ::getpid();
    static constexpr char exec_failed[] = "server_process: exec failed\n";

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

void server_process::wait_ready() {
    const auto give_up = steady_clock::now() + options_.ready_timeout;
    std::string last_problem = "no answer yet";
    while (steady_clock::now() < give_up) {
        if (!running())
            throw std::runtime_error("quizroom-server " + describe_wait_status(status_) +
                                     " before serving; log " + options_.log_path + ":\n" +
                                     tail(log(), 2000));
        try {
            auto res = http_get(port_, "/healthz", std::chrono::seconds(1));
            if (res.status == 200)
                return;
            last_problem = "GET /healthz answered " + std::to_string(res.status);
        } catch (const std::exception& e) {
            last_problem = e.what();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("quizroom-server did not serve on port " + std::to_string(port_) +
                             " within " + std::to_string(options_.ready_timeout.count()) + " ms (" +
                             last_problem + "); log " + options_.log_path + ":\n" +
                             tail(log(), 2000));
}

bool server_process::reap(bool block) {
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

bool server_process::running() {
    return !reap(false);
}

int server_process::stop() {
    if (pid_ <= 0 || reap(false))
        return status_;
    ::kill(pid_, SIGTERM);
    const auto give_up = steady_clock::now() + options_.stop_timeout;
    while (steady_clock::now() < give_up) {
        if (reap(false))
            return status_;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::cerr << "server_process: pid " << pid_ << " ignored SIGTERM for "
              << options_.stop_timeout.count() << " ms; sending SIGKILL\n";
    ::kill(pid_, SIGKILL);
    reap(true);
    return status_;
}

std::string server_process::log() const {
    std::ifstream in(options_.log_path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace quizroom::testkit
