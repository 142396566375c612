#pragma once

// A Redis reply as an owned value, copied out of hiredis's reply tree so that
// nothing outside redis_connection.cpp sees hiredis.

#include <string>
#include <vector>

namespace quizroom::store {

struct redis_reply {
    enum class kind { string, status, error, integer, nil, array };
    kind type = kind::nil;
    std::string str; ///< string, status and error replies
    long long integer = 0;
    std::vector<redis_reply> elements;

    bool is_error() const noexcept { return type == kind::error; }
};

/// A command and its arguments, binary-safe.
using redis_command = std::vector<std::string>;

} // namespace quizroom::store
