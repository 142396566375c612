#pragma once

// Reading the parts of a request that routes share: the query and the token.

#include <map>
#include <string>
#include <string_view>

namespace quizroom::net {

/// The query parameters of a target ("/api/quizzes?format=csv&title=Week%203"),
/// percent-decoded; a repeated name keeps its first value.
std::map<std::string, std::string> query_of(const std::string& target);

/// The token of `Authorization: Bearer <token>`; empty when there is none.
std::string bearer_token(std::string_view header);

} // namespace quizroom::net
