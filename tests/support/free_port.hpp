#pragma once

#include <cstdint>

namespace quizroom::testkit {

/// A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0,
/// read back, closed. Another process may take it before the caller binds it.
std::uint16_t free_port();

} // namespace quizroom::testkit
