#include "net/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace quizroom::net {

std::optional<process_stats> read_process_stats() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    if (!std::getline(in, line)) {
        return std::nullopt;
    }
    // The command name (field 2) may hold spaces; the fields after it are
    // counted from its closing parenthesis, starting at field 3 (state).
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    std::uint64_t utime = 0;
    std::uint64_t stime = 0;
    std::uint64_t vsize = 0;
    std::uint64_t rss_pages = 0;
    for (int n = 3; fields >> field; ++n) {
        if (n == 14) {
            utime = std::stoull(field);
        } else if (n == 15) {
            stime = std::stoull(field);
        } else if (n == 23) {
            vsize = std::stoull(field);
        } else if (n == 24) {
            rss_pages = std::stoull(field);
            break;
        }
    }
    process_stats out;
    const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    out.cpu_seconds = static_cast<double>(utime + stime) / ticks;
    out.resident_bytes = rss_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    out.virtual_bytes = vsize;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++out.open_fds;
    }
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        out.max_fds = limit.rlim_cur;
    }
    return out;
}

} // namespace quizroom::net
