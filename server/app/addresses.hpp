#pragma once

#include <string>
#include <vector>

namespace quizroom::app {

/// The IPv4 addresses of this machine's interfaces that other machines can
/// reach (not loopback), for the start log.
std::vector<std::string> reachable_addresses();

} // namespace quizroom::app
