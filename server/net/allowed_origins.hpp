#pragma once

// Which web pages may open a WebSocket to this server (`--allowed-origins`).

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::net {

/// An origin in the form browsers send it: lower-case scheme and host, the
/// port only when it is not the scheme's default ("https://Quiz.Example.org:443/"
/// is "https://quiz.example.org"). Nullopt when `text` is not an http or
/// https origin (a path, a query, user info or another scheme).
std::optional<std::string> normalize_origin(std::string_view text);

/// The origin of an http or https URL, path dropped
/// ("https://quiz.example.org/play" is "https://quiz.example.org").
std::optional<std::string> origin_of_url(std::string_view url);

/// The items of a comma-separated list of origins, trimmed; empty items skipped.
std::vector<std::string> split_origin_list(std::string_view list);

/// Why a comma-separated list of origins cannot be used, naming the first bad
/// item; empty when every item is an origin.
std::string origin_list_problem(std::string_view list);

/// The origins whose pages may open a WebSocket here. A browser sends its
/// page's origin with every WebSocket handshake and lets any site's script
/// connect anywhere, so a list stops a foreign page from playing (or
/// hosting) in a visitor's name. Other clients send no Origin and pass.
/// Immutable once built: safe to read from any thread.
class allowed_origins {
public:
    /// No list: every origin passes.
    allowed_origins() = default;
    /// `list` as given to `--allowed-origins` (comma-separated; see
    /// origin_list_problem); the origin of `public_url` is allowed too. An
    /// empty list allows every origin.
    allowed_origins(std::string_view list, std::string_view public_url);

    /// Whether a handshake with this Origin header (nullopt: none sent) may go on.
    bool allows(const std::optional<std::string_view>& origin) const;

private:
    bool checked_ = false;
    std::set<std::string> origins_;
};

} // namespace quizroom::net
