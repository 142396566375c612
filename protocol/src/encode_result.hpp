#pragma once

// `result` goes to every player of a room at each close (10,000 frames in a
// big room), so it is written straight into its string rather than built as
// a JSON object first: byte for byte what the generic encoder gives.

#include "protocol/messages.hpp"

#include <optional>
#include <string>

namespace quizroom::protocol::detail {

std::string encode_result(const result_msg& m, const std::optional<json>& id);

} // namespace quizroom::protocol::detail
