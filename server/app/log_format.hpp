#pragma once

#include <spdlog/common.h>

#include <string_view>

namespace quizroom::app {

/// Sets the default logger's level and line format: `json` (one object a
/// line: ts, level, msg, then the line's fields), `logfmt` (key=value), or
/// `text` (for people). Fields come from net::log_event.
void configure_logging(std::string_view format, spdlog::level::level_enum level);

} // namespace quizroom::app
