#include "bench/proc_sample.hpp"

#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace quizroom::bench {

proc_sample sample_process(int pid) {
    proc_sample out;
    const std::filesystem::path base = std::filesystem::path("/proc") / std::to_string(pid);
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(base / "task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        std::int64_t ns = 0;
        if (in >> ns) {
            out.cpu_ns += ns;
            out.ok = true;
        }
    }
    std::ifstream status(base / "status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> out.rss_kib;
        } else if (key == "VmHWM:") {
            status >> out.peak_rss_kib;
        }
    }
    return out;
}

std::int64_t self_cpu_ns() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto ns = [](const timeval& t) {
        return std::int64_t{t.tv_sec} * 1'000'000'000 + std::int64_t{t.tv_usec} * 1000;
    };
    return ns(u.ru_utime) + ns(u.ru_stime);
}

std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return 0;
    }
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

} // namespace quizroom::bench
