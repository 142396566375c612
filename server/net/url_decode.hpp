#pragma once

#include <string>
#include <string_view>

namespace quizroom::net {

/// `%XX` and `+` decoded, as in a query string or a path segment; a malformed
/// escape is kept as it is.
std::string url_decode(std::string_view s);

} // namespace quizroom::net
