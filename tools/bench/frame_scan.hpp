#pragma once

// A one-pass look at the top level of a server frame: the bench reads tens
// of thousands of frames a second on the same cores as the server, so it
// takes only the few fields it acts on instead of building a JSON tree.

#include <string_view>

namespace quizroom::bench {

struct frame_fields {
    std::string_view type;       ///< "question", "error", ...; empty when absent
    int q = -1;                  ///< top-level `q`, when an integer
    std::string_view code;       ///< `code`: the room code of `created`, the error code of `error`
    std::string_view host_token; ///< of `created`
    bool ok = false;             ///< the frame was one well-formed JSON object
};

/// The fields above; string values are views into `text` (escapes left as written).
frame_fields scan_frame(std::string_view text) noexcept;

} // namespace quizroom::bench
