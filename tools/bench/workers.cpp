#include "bench/workers.hpp"

#include "bench/concat.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::bench {

namespace {

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return out;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
}

} // namespace

raw_results run_in_processes(int n, const std::function<raw_results(int)>& body) {
    if (n <= 1) {
        return body(0);
    }
    struct child {
        pid_t pid = -1;
        int fd = -1;
    };
    std::vector<child> children;
    raw_results merged;
    for (int k = 0; k < n; ++k) {
        int fds[2];
        if (::pipe(fds) != 0) {
            merged.add_error(concat("pipe: ", std::strerror(errno)));
            continue;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            nlohmann::json reply;
            try {
                reply = to_json(body(k));
            } catch (const std::exception& e) {
                reply = {{"fatal", e.what()}};
            }
            write_all(fds[1], reply.dump());
            ::close(fds[1]);
            ::_exit(0);
        }
        ::close(fds[1]);
        if (pid < 0) {
            ::close(fds[0]);
            merged.add_error(concat("fork: ", std::strerror(errno)));
            continue;
        }
        children.push_back({pid, fds[0]});
    }
    // Children write only when done; reading them in order never deadlocks,
    // since none waits for another.
    for (std::size_t k = 0; k < children.size(); ++k) {
        const std::string text = read_all(children[k].fd);
        ::close(children[k].fd);
        int status = 0;
        ::waitpid(children[k].pid, &status, 0);
        const auto reply = nlohmann::json::parse(text, nullptr, false);
        if (reply.is_discarded() || reply.contains("fatal")) {
            merged.add_error(concat("process ", std::to_string(k), ": ",
                                    reply.is_discarded() ? std::string("no report")
                                                         : reply.at("fatal").get<std::string>()));
            continue;
        }
        merged.merge(raw_results_from_json(reply));
    }
    return merged;
}

} // namespace quizroom::bench
