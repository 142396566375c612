#include "store/redis_url.hpp"

#include <charconv>

namespace quizroom::store {

namespace {

bool parse_int(std::string_view s, int low, int high, int& out) {
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || value < low || value > high) {
        return false;
    }
    out = value;
    return true;
}

} // namespace

std::string redis_url::describe() const {
    return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

std::optional<redis_url> parse_redis_url(std::string_view text, std::string& why) {
    constexpr std::string_view scheme = "redis://";
    if (!text.starts_with(scheme)) {
        why = "must start with redis://";
        return std::nullopt;
    }
    text.remove_prefix(scheme.size());
    redis_url url;
    // The password may contain ':' and '/', so the last '@' ends it.
    if (const auto at = text.rfind('@'); at != std::string_view::npos) {
        auto credentials = text.substr(0, at);
        if (const auto colon = credentials.find(':'); colon != std::string_view::npos) {
            credentials.remove_prefix(colon + 1);
        }
        url.password = std::string(credentials);
        text.remove_prefix(at + 1);
    }
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        const auto db = text.substr(slash + 1);
        if (!db.empty() && !parse_int(db, 0, 65535, url.db)) {
            why = "the database must be a number";
            return std::nullopt;
        }
        text = text.substr(0, slash);
    }
    std::string_view host = text;
    if (const auto colon = text.rfind(':');
        colon != std::string_view::npos && text.find(']', colon) == std::string_view::npos) {
        int port = 0;
        if (!parse_int(text.substr(colon + 1), 1, 65535, port)) {
            why = "the port must be a number from 1 to 65535";
            return std::nullopt;
        }
        url.port = static_cast<unsigned short>(port);
        host = text.substr(0, colon);
    }
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (!host.empty()) {
        url.host = std::string(host);
    }
    return url;
}

} // namespace quizroom::store
