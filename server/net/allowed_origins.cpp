#include "net/allowed_origins.hpp"

#include <algorithm>
#include <cctype>

namespace quizroom::net {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

// A name, an IPv4 address, or an IPv6 address in brackets.
bool valid_host(std::string_view host) {
    if (host.empty()) {
        return false;
    }
    if (host.front() == '[') {
        return host.size() > 2 && host.back() == ']' &&
               std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
                   return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
               });
    }
    return std::all_of(host.begin(), host.end(), host_char);
}

} // namespace

std::optional<std::string> normalize_origin(std::string_view text) {
    const std::string s = lower(text);
    std::string_view rest = s;
    std::string scheme;
    std::string_view default_port;
    for (const auto& [name, port] : {std::pair{"http", "80"}, std::pair{"https", "443"}}) {
        const std::string prefix = std::string(name) + "://";
        if (rest.starts_with(prefix)) {
            scheme = name;
            default_port = port;
            rest.remove_prefix(prefix.size());
        }
    }
    if (scheme.empty()) {
        return std::nullopt;
    }
    // A trailing slash is tolerated ("https://quiz.example.org/"); a path is not.
    if (rest.ends_with('/')) {
        rest.remove_suffix(1);
    }
    // The port follows the last ':' unless that is inside an IPv6 address's brackets.
    std::string_view host = rest;
    std::string_view port;
    const auto colon = rest.rfind(':');
    if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
            std::stoul(std::string(port)) > 65535) {
            return std::nullopt;
        }
    }
    if (!valid_host(host)) {
        return std::nullopt;
    }
    std::string out = scheme + "://" + std::string(host);
    if (!port.empty() && port != default_port) {
        out += ":" + std::string(port);
    }
    return out;
}

std::optional<std::string> origin_of_url(std::string_view url) {
    const auto authority = url.find("://");
    if (authority == std::string_view::npos) {
        return std::nullopt;
    }
    return normalize_origin(url.substr(0, url.find_first_of("/?#", authority + 3)));
}

std::vector<std::string> split_origin_list(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        std::string_view item = list.substr(0, comma);
        list.remove_prefix(std::min(comma + 1, list.size()));
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())) != 0) {
            item.remove_prefix(1);
        }
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())) != 0) {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            out.emplace_back(item);
        }
    }
    return out;
}

std::string origin_list_problem(std::string_view list) {
    for (const auto& item : split_origin_list(list)) {
        if (!normalize_origin(item)) {
            return "`" + item +
                   "` is not an origin: scheme, host and optional port, such as "
                   "https://quiz.example.org or http://10.0.0.5:8080";
        }
    }
    return {};
}

allowed_origins::allowed_origins(std::string_view list, std::string_view public_url) {
    for (const auto& o : split_origin_list(list)) {
        if (auto normal = normalize_origin(o)) {
            origins_.insert(std::move(*normal));
        }
    }
    checked_ = !origins_.empty();
    if (checked_) {
        if (auto own = origin_of_url(public_url)) {
            origins_.insert(std::move(*own));
        }
    }
}

bool allowed_origins::allows(const std::optional<std::string_view>& origin) const {
    if (!checked_ || !origin) {
        return true;
    }
    const auto normal = normalize_origin(*origin);
    return normal && origins_.contains(*normal);
}

} // namespace quizroom::net
