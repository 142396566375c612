#pragma once

// Several bench processes, where one would pass the open-file limit: each
// child runs its share and sends its raw samples back through a pipe.

#include "bench/results.hpp"

#include <functional>

namespace quizroom::bench {

/// Runs body(0..n-1), each in a forked child when n > 1 (in this process
/// when n == 1), and merges what they return. Call it while this process
/// has no other threads: a child of a threaded process may only exec.
raw_results run_in_processes(int n, const std::function<raw_results(int)>& body);

} // namespace quizroom::bench
