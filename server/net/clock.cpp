#include "net/clock.hpp"

namespace quizroom::net {

using namespace std::chrono;

milliseconds server_clock::offset() noexcept {
    static const milliseconds value =
        duration_cast<milliseconds>(system_clock::now().time_since_epoch()) -
        duration_cast<milliseconds>(steady_clock::now().time_since_epoch());
    return value;
}

protocol::epoch_ms server_clock::now() noexcept {
    return (duration_cast<milliseconds>(steady_clock::now().time_since_epoch()) + offset()).count();
}

steady_clock::time_point server_clock::to_steady(protocol::epoch_ms t) noexcept {
    return steady_clock::time_point(
        duration_cast<steady_clock::duration>(milliseconds(t) - offset()));
}

} // namespace quizroom::net
