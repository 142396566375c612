#include "app/log_format.hpp"

#include "net/log_event.hpp"

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <iterator>
#include <memory>

namespace quizroom::app {
namespace {

enum class style { json, logfmt, text };

void append(spdlog::memory_buf_t& dest, std::string_view s) {
    dest.append(s.data(), s.data() + s.size());
}

void append_json_string(spdlog::memory_buf_t& dest, std::string_view s) {
    dest.push_back('"');
    for (const char c : s) {
        switch (c) {
        case '"':
            append(dest, "\\\"");
            break;
        case '\\':
            append(dest, "\\\\");
            break;
        case '\n':
            append(dest, "\\n");
            break;
        case '\r':
            append(dest, "\\r");
            break;
        case '\t':
            append(dest, "\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                fmt::format_to(std::back_inserter(dest), "\\u{:04x}", static_cast<int>(c));
            } else {
                dest.push_back(c);
            }
        }
    }
    dest.push_back('"');
}

// logfmt quotes a value that is empty or holds a space, `=` or `"`.
void append_logfmt_value(spdlog::memory_buf_t& dest, std::string_view s) {
    const bool bare = !s.empty() && s.find_first_of(" =\"\\\t\n\r") == std::string_view::npos;
    if (bare) {
        append(dest, s);
    } else {
        append_json_string(dest, s);
    }
}

/// The room and player fields of the current event as ` key=value` pairs
/// (logfmt and text lines share them).
void append_logfmt_fields(spdlog::memory_buf_t& dest) {
    for (const auto& f : net::current_log_fields()) {
        if (!f.value.empty()) {
            dest.push_back(' ');
            append(dest, f.key);
            dest.push_back('=');
            append_logfmt_value(dest, f.value);
        }
    }
}

/// 2024-05-01T12:00:00.123Z
void append_time(spdlog::memory_buf_t& dest, spdlog::log_clock::time_point t) {
    using namespace std::chrono;
    const auto since = t.time_since_epoch();
    const std::time_t seconds = duration_cast<std::chrono::seconds>(since).count();
    const auto ms = duration_cast<milliseconds>(since).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    fmt::format_to(std::back_inserter(dest), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                   utc.tm_sec, ms);
}

class line_formatter final : public spdlog::formatter {
public:
    explicit line_formatter(style s) : style_(s) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        const auto level = spdlog::level::to_string_view(msg.level);
        const std::string_view level_name(level.data(), level.size());
        switch (style_) {
        case style::json:
            append(dest, "{\"ts\":\"");
            append_time(dest, msg.time);
            append(dest, "\",\"level\":");
            append_json_string(dest, level_name);
            append(dest, ",\"msg\":");
            append_json_string(dest, text);
            for (const auto& f : net::current_log_fields()) {
                if (!f.value.empty()) {
                    dest.push_back(',');
                    append_json_string(dest, f.key);
                    dest.push_back(':');
                    append_json_string(dest, f.value);
                }
            }
            append(dest, "}\n");
            break;
        case style::logfmt:
            append(dest, "ts=");
            append_time(dest, msg.time);
            append(dest, " level=");
            append(dest, level_name);
            append(dest, " msg=");
            append_logfmt_value(dest, text);
            append_logfmt_fields(dest);
            dest.push_back('\n');
            break;
        case style::text:
            dest.push_back('[');
            append_time(dest, msg.time);
            append(dest, "] [");
            append(dest, level_name);
            append(dest, "] ");
            append(dest, text);
            append_logfmt_fields(dest);
            dest.push_back('\n');
            break;
        }
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<line_formatter>(style_);
    }

private:
    style style_;
};

} // namespace

void configure_logging(std::string_view format, spdlog::level::level_enum level) {
    const style s = format == "logfmt" ? style::logfmt
                    : format == "text" ? style::text
                                       : style::json;
    spdlog::set_formatter(std::make_unique<line_formatter>(s));
    spdlog::set_level(level);
}

} // namespace quizroom::app
