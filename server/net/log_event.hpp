#pragma once

// Log lines with fields (room, player, error code, ...) beside the message,
// which the app's formatter writes as JSON or logfmt. spdlog 1.10 has no
// fields of its own, so they ride in a thread-local for the moment the
// logger formats the line: loggers here are synchronous, so that is within
// the call.

#include <spdlog/spdlog.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace quizroom::net {

struct log_field {
    std::string_view key;
    std::string value;
};

/// Logs `message` with `fields` (not formatted unless the level is on).
/// Never pass a token, or anything else secret, as a field.
void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<log_field> fields);

/// The fields of the line this thread is logging now; empty outside log_event.
std::span<const log_field> current_log_fields() noexcept;

} // namespace quizroom::net
