#pragma once

// Who a request comes from, for the per-address limits: the socket's peer,
// or, behind a trusted proxy, the address that proxy says it serves.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::net {

/// The proxies whose X-Forwarded-For is believed (`--trusted-proxies`).
class trusted_proxies {
public:
    /// Parses a comma-separated list of addresses and CIDR ranges, e.g.
    /// "127.0.0.1/32,10.0.0.0/8,::1" (a bare address is just itself); nullopt,
    /// with `why` naming the bad entry, when one does not parse.
    static std::optional<trusted_proxies> parse(std::string_view list, std::string& why);

    bool contains(std::string_view address) const;
    bool empty() const { return ranges_.empty(); }

private:
    struct range {
        bool v6 = false;
        std::array<std::uint8_t, 16> bytes{};
        int prefix = 0;
    };

    std::vector<range> ranges_;
};

/// An address as the limits key it: IPv4 as written, IPv6 in its canonical
/// form (IPv4-mapped ones as IPv4). nullopt when `text` is not an address.
std::optional<std::string> canonical_address(std::string_view text);

/// The client's address: `peer`, unless `peer` is a trusted proxy; then the
/// right-most address of `forwarded_for` (X-Forwarded-For, proxies append)
/// that is not one, so a client cannot choose its address by sending the
/// header itself. An entry that is not an address ends the walk: the client
/// is the last trusted hop before it.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const trusted_proxies& proxies);

/// The key of the per-address limits: an IPv4 address, or an IPv6 address's
/// /64 (one subscriber's network, whose addresses cost nothing to change).
std::string address_key(std::string_view address);

} // namespace quizroom::net
