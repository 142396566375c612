#pragma once

#include "protocol/messages.hpp"

#include <chrono>

namespace quizroom::net {

/// Server time: epoch milliseconds that advance with the steady clock, so
/// answer times never jump with a wall-clock adjustment. The epoch offset is
/// fixed once, at the first call.
class server_clock {
public:
    static protocol::epoch_ms now() noexcept;
    /// The steady-clock instant of a server time, for arming timers.
    static std::chrono::steady_clock::time_point to_steady(protocol::epoch_ms t) noexcept;

private:
    static std::chrono::milliseconds offset() noexcept;
};

} // namespace quizroom::net
