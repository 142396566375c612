#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

namespace quizroom::testkit {

/// A TCP proxy on a free 127.0.0.1 port that forwards every connection to
/// 127.0.0.1:upstream_port and holds each byte back by `delay` in each
/// direction, in order: a chunk read at time t is written no earlier than
/// t + delay. It models a slow link (half the round trip each way).
///
/// It runs on its own thread; the destructor closes every connection.
class delay_proxy {
public:
    delay_proxy(std::uint16_t upstream_port, std::chrono::milliseconds delay);
    ~delay_proxy();
    delay_proxy(const delay_proxy&) = delete;
    delay_proxy& operator=(const delay_proxy&) = delete;

    std::uint16_t port() const noexcept { return port_; }

private:
    struct impl;
    std::uint16_t port_ = 0;
    std::unique_ptr<impl> impl_;
};

} // namespace quizroom::testkit
