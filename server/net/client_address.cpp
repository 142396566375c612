#include "net/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace quizroom::net {
namespace {

struct parsed_address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<parsed_address> parse_address(std::string_view text) {
    text = trim(text);
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    const std::string s(text);
    parsed_address a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
        return a;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) {
        return std::nullopt;
    }
    // ::ffff:a.b.c.d is an IPv4 client of a dual-stack socket.
    constexpr std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped.begin(), mapped.end(), a.bytes.begin())) {
        std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
        std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
        return a;
    }
    a.v6 = true;
    return a;
}

std::string to_text(const parsed_address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof buf);
    return buf;
}

bool prefix_matches(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                    int prefix) {
    const int whole = prefix / 8;
    if (!std::equal(a.begin(), a.begin() + whole, b.begin())) {
        return false;
    }
    const int rest = prefix % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a[static_cast<std::size_t>(whole)] & mask) ==
           (b[static_cast<std::size_t>(whole)] & mask);
}

} // namespace

std::optional<trusted_proxies> trusted_proxies::parse(std::string_view list, std::string& why) {
    trusted_proxies out;
    while (!trim(list).empty()) {
        const auto comma = list.find(',');
        const auto item = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const auto slash = item.find('/');
        const auto a = parse_address(item.substr(0, slash));
        if (!a) {
            why = "`" + std::string(item) + "` is not an address or address/prefix";
            return std::nullopt;
        }
        range r{a->v6, a->bytes, a->v6 ? 128 : 32};
        if (slash != std::string_view::npos) {
            const auto digits = item.substr(slash + 1);
            int prefix = -1;
            const auto [end, err] =
                std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
            if (err != std::errc{} || end != digits.data() + digits.size() || prefix < 0 ||
                prefix > r.prefix) {
                why = "`" + std::string(item) + "` has a prefix length out of range";
                return std::nullopt;
            }
            r.prefix = prefix;
        }
        out.ranges_.push_back(r);
    }
    return out;
}

bool trusted_proxies::contains(std::string_view address) const {
    const auto a = parse_address(address);
    if (!a) {
        return false;
    }
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const range& r) {
        return r.v6 == a->v6 && prefix_matches(r.bytes, a->bytes, r.prefix);
    });
}

std::optional<std::string> canonical_address(std::string_view text) {
    const auto a = parse_address(text);
    return a ? std::optional(to_text(*a)) : std::nullopt;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const trusted_proxies& proxies) {
    std::string client = canonical_address(peer).value_or(std::string(peer));
    while (proxies.contains(client)) {
        const auto comma = forwarded_for.rfind(',');
        const auto hop = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
        const auto next = canonical_address(hop);
        if (!next) {
            break;
        }
        client = *next;
        forwarded_for =
            comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    }
    return client;
}

std::string address_key(std::string_view address) {
    auto a = parse_address(address);
    if (!a) {
        return std::string(address);
    }
    if (a->v6) {
        std::fill(a->bytes.begin() + 8, a->bytes.end(), 0);
        return to_text(*a) + "/64";
    }
    return to_text(*a);
}

} // namespace quizroom::net
