#pragma once

// CPU time and memory of a process, read from /proc (Linux).

#include <cstdint>

namespace quizroom::bench {

struct proc_sample {
    bool ok = false;         ///< false when the process could not be read
    std::int64_t cpu_ns = 0; ///< on-CPU time of all its live threads (schedstat)
    std::int64_t rss_kib = 0;
    std::int64_t peak_rss_kib = 0; ///< VmHWM
};

/// Reads /proc/PID/task/*/schedstat and /proc/PID/status. Nanosecond CPU
/// time, where /proc/PID/stat would count 10 ms ticks: one fan-out to 1,000
/// players costs about 12 ms.
proc_sample sample_process(int pid);

/// This process's user + system CPU time (all threads, finished children not included).
std::int64_t self_cpu_ns();

/// Raises this process's open-file limit to the hard limit; returns the new soft limit.
std::uint64_t raise_open_file_limit();

} // namespace quizroom::bench
