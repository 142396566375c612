#pragma once

// What the kernel says about this process, for /metrics (Linux /proc).

#include <cstdint>
#include <optional>

namespace quizroom::net {

struct process_stats {
    double cpu_seconds = 0; ///< user + system
    std::uint64_t resident_bytes = 0;
    std::uint64_t virtual_bytes = 0;
    std::uint64_t open_fds = 0;
    std::uint64_t max_fds = 0;
};

/// Reads /proc/self; nullopt where /proc cannot be read.
std::optional<process_stats> read_process_stats();

} // namespace quizroom::net
