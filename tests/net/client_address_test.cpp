#include "net/client_address.hpp"

#include <doctest/doctest.h>

#include <string>

namespace qn = quizroom::net;

namespace {

qn::trusted_proxies proxies(const std::string& list) {
    std::string why;
    auto p = qn::trusted_proxies::parse(list, why);
    REQUIRE_MESSAGE(p.has_value(), why);
    return *p;
}

} // namespace

TEST_CASE("trusted proxies: addresses and CIDR ranges, IPv4 and IPv6") {
    const auto p = proxies("127.0.0.1/32, 10.0.0.0/8,192.168.1.7,fd00::/8");
    CHECK(p.contains("127.0.0.1"));
    CHECK_FALSE(p.contains("127.0.0.2"));
    CHECK(p.contains("10.200.3.4"));
    CHECK_FALSE(p.contains("11.0.0.1"));
    CHECK(p.contains("192.168.1.7"));
    CHECK(p.contains("fd12:3456::1"));
    CHECK_FALSE(p.contains("fe80::1"));
    CHECK(p.contains("::ffff:10.1.2.3")); // an IPv4 peer of a dual-stack socket
    CHECK_FALSE(p.contains("not an address"));
    CHECK(proxies("").empty());
}

TEST_CASE("trusted proxies: a bad entry is named") {
    std::string why;
    CHECK_FALSE(qn::trusted_proxies::parse("127.0.0.1/33", why));
    CHECK(why.find("127.0.0.1/33") != std::string::npos);
    CHECK_FALSE(qn::trusted_proxies::parse("10.0.0.0/8,localhost", why));
    CHECK(why.find("localhost") != std::string::npos);
    CHECK_FALSE(qn::trusted_proxies::parse("::1/x", why));
}

TEST_CASE("the client is the peer unless the peer is a trusted proxy") {
    const auto none = proxies("");
    const auto local = proxies("127.0.0.1/32,10.0.0.0/8");
    // Without trust, a client cannot pick its address by sending the header.
    CHECK(qn::client_address("127.0.0.1", "203.0.113.9", none) == "127.0.0.1");
    CHECK(qn::client_address("127.0.0.1", "203.0.113.9", local) == "203.0.113.9");
    // The right-most address that is not a trusted proxy: the left part is
    // whatever the client wrote.
    CHECK(qn::client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.5", local) ==
          "203.0.113.9");
    CHECK(qn::client_address("198.51.100.1", "203.0.113.9", local) == "198.51.100.1");
    // Every hop trusted: the left-most one.
    CHECK(qn::client_address("127.0.0.1", "10.0.0.7,10.0.0.5", local) == "10.0.0.7");
    // No header, or garbage in it: the last trusted hop.
    CHECK(qn::client_address("127.0.0.1", "", local) == "127.0.0.1");
    CHECK(qn::client_address("127.0.0.1", "1.1.1.1,junk", local) == "127.0.0.1");
    CHECK(qn::client_address("::ffff:127.0.0.1", "2001:db8::5", local) == "2001:db8::5");
}

TEST_CASE("per-address limits key IPv4 by address and IPv6 by its /64") {
    CHECK(qn::address_key("203.0.113.9") == "203.0.113.9");
    CHECK(qn::address_key("::ffff:203.0.113.9") == "203.0.113.9");
    CHECK(qn::address_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(qn::address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
}
