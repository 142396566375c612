#include "net/http_request_parts.hpp"

#include "net/url_decode.hpp"

namespace quizroom::net {
namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

bool starts_with_bearer(std::string_view h) {
    constexpr std::string_view bearer = "bearer ";
    if (h.size() < bearer.size()) {
        return false;
    }
    for (std::size_t i = 0; i < bearer.size(); ++i) {
        const char c = h[i];
        const char folded = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (folded != bearer[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

std::map<std::string, std::string> query_of(const std::string& target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string::npos) {
        return out;
    }
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        out.emplace(url_decode(pair.substr(0, eq)),
                    eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1)));
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    }
    return out;
}

std::string bearer_token(std::string_view header) {
    const std::string h = trim(header);
    if (!starts_with_bearer(h)) {
        return {};
    }
    return trim(std::string_view(h).substr(7));
}

} // namespace quizroom::net
