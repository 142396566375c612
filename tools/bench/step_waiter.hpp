#pragma once

// How a room driver waits for its players, who live on other threads: each
// step is a countdown of expected frames; the arrival that takes one to zero
// wakes the driver by cancelling its timer, on the driver's own thread.

#include "bench/bench_net.hpp"

#include <atomic>
#include <cstdint>
#include <memory>

namespace quizroom::bench {

class step_waiter {
public:
    /// `executor`: the driver's single-threaded context.
    explicit step_waiter(asio::any_io_executor executor);

    /// Counters 0..count-1, each starting at zero; set them before anything can arrive.
    void resize(std::size_t count);
    void set(std::size_t step, int expected);
    int left(std::size_t step) const;

    /// One expected frame came in. Any thread.
    void arrive(std::size_t step);

    /// Until `step` reaches zero or the monotonic instant `give_up`; false on time-out.
    /// Driver thread only.
    asio::awaitable<bool> wait(std::size_t step, std::int64_t give_up);

    /// Sleeps on the same timer. Driver thread only.
    asio::awaitable<void> sleep_until(std::int64_t at);

private:
    asio::any_io_executor executor_;
    asio::steady_timer timer_;
    std::unique_ptr<std::atomic<int>[]> left_;
    std::size_t count_ = 0;
};

} // namespace quizroom::bench
