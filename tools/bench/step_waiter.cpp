#include "bench/step_waiter.hpp"

#include "bench/clock.hpp"

namespace quizroom::bench {

step_waiter::step_waiter(asio::any_io_executor executor) : executor_(executor), timer_(executor) {}

void step_waiter::resize(std::size_t count) {
    left_ = std::make_unique<std::atomic<int>[]>(count);
    count_ = count;
}

void step_waiter::set(std::size_t step, int expected) {
    left_[step].store(expected, std::memory_order_relaxed);
}

int step_waiter::left(std::size_t step) const {
    return left_[step].load(std::memory_order_acquire);
}

void step_waiter::arrive(std::size_t step) {
    if (step >= count_) {
        return;
    }
    // Only the arrival that reaches zero wakes the driver; extra frames go below it.
    if (left_[step].fetch_sub(1, std::memory_order_acq_rel) == 1) {
        asio::post(executor_, [this] { timer_.cancel(); });
    }
}

asio::awaitable<bool> step_waiter::wait(std::size_t step, std::int64_t give_up) {
    // A wake that comes before async_wait finds nothing to cancel; the
    // counter is checked again before every sleep, so it is never lost.
    while (left(step) > 0) {
        if (now_ns() >= give_up) {
            co_return false;
        }
        timer_.expires_at(from_ns(give_up));
        beast::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return true;
}

asio::awaitable<void> step_waiter::sleep_until(std::int64_t at) {
    while (now_ns() < at) {
        timer_.expires_at(from_ns(at));
        beast::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

} // namespace quizroom::bench
