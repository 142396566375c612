#include "net/log_event.hpp"

namespace quizroom::net {
namespace {

thread_local std::span<const log_field> fields_now;

} // namespace

void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<log_field> fields) {
    if (!spdlog::should_log(level)) {
        return;
    }
    fields_now = std::span<const log_field>(fields.begin(), fields.size());
    spdlog::log(level, "{}", message);
    fields_now = {};
}

std::span<const log_field> current_log_fields() noexcept {
    return fields_now;
}

} // namespace quizroom::net
