#pragma once

// What every fuzz target shares: an invariant check that aborts (so that
// libFuzzer records the input) and says which rule broke.

#include <cstdio>
#include <cstdlib>

namespace quizroom::fuzz {

/// Aborts with `what` when `ok` is false. Cheap: no formatting unless it fails.
inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace quizroom::fuzz
