#include "net/room_code_guard.hpp"

#include <doctest/doctest.h>

#include <string>

namespace qn = quizroom::net;

namespace {

qn::server_limits small() {
    qn::server_limits l;
    l.address_joins = {1, 5};
    l.room_joins = {1, 3};
    l.address_misses = {1, 2};
    l.node_misses = {1, 4};
    return l;
}

} // namespace

TEST_CASE("attempts per address: past the burst, refused until the bucket refills") {
    qn::room_code_guard guard(small());
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(guard.refuse("a", "ROOM" + std::to_string(i), true, 0));
    }
    CHECK_FALSE(guard.refuse("a", "ROOMX", true, 0));
    CHECK_FALSE(guard.refuse("a", "ROOMY", true, 0));
    CHECK(guard.refuse("a", "ROOMZ", true, 0));
    CHECK_FALSE(guard.refuse("b", "ROOMZ", true, 0));
    CHECK_FALSE(guard.refuse("a", "ROOMZ", true, 1000));
}

TEST_CASE("attempts per room: past its burst, refused from any address") {
    qn::room_code_guard guard(small());
    CHECK_FALSE(guard.refuse("a", "ABCDEF", true, 0));
    CHECK_FALSE(guard.refuse("b", "ABCDEF", true, 0));
    CHECK_FALSE(guard.refuse("c", "ABCDEF", true, 0));
    CHECK(guard.refuse("d", "ABCDEF", true, 0));
    CHECK_FALSE(guard.refuse("d", "GHJKMN", true, 0));
}

TEST_CASE("an address out of misses is refused even for a room that exists") {
    qn::room_code_guard guard(small());
    CHECK_FALSE(guard.refuse("a", "XXXXX1", false, 0));
    CHECK_FALSE(guard.refuse("a", "XXXXX2", false, 0));
    // A hit now must look like the misses around it.
    CHECK(guard.refuse("a", "ABCDEF", true, 0));
    CHECK(guard.refuse("a", "XXXXX3", false, 0));
    CHECK_FALSE(guard.refuse("b", "ABCDEF", true, 0));
    CHECK_FALSE(guard.refuse("a", "ABCDEF", true, 1000));
}

TEST_CASE("the node out of misses refuses every try of a code, from any address") {
    qn::room_code_guard guard(small());
    CHECK_FALSE(guard.refuse("a", "XXXXX1", false, 0));
    CHECK_FALSE(guard.refuse("b", "XXXXX2", false, 0));
    CHECK_FALSE(guard.refuse("c", "XXXXX3", false, 0));
    CHECK_FALSE(guard.refuse("d", "XXXXX4", false, 0));
    CHECK(guard.refuse("e", "ABCDEF", true, 0));
    CHECK(guard.refuse("e", "XXXXX5", false, 0));
    CHECK_FALSE(guard.refuse("e", "ABCDEF", true, 1000));
}

TEST_CASE("a returning connection (rejoin, host) costs no attempt, but its misses count") {
    qn::room_code_guard guard(small());
    for (int i = 0; i < 5; ++i) {
        CHECK_FALSE(guard.refuse("a", "ROOM" + std::to_string(i), true, 0));
    }
    CHECK(guard.refuse("a", "ROOM0", true, 0));
    CHECK_FALSE(guard.refuse("a", "ROOM0", true, 0, true));
    // ROOM0 used up too: a returning player still gets in.
    CHECK_FALSE(guard.refuse("b", "ROOM0", true, 0));
    CHECK_FALSE(guard.refuse("c", "ROOM0", true, 0));
    CHECK(guard.refuse("d", "ROOM0", true, 0));
    CHECK_FALSE(guard.refuse("d", "ROOM0", true, 0, true));
    // Its misses count, and once they are used up it is refused as well.
    CHECK_FALSE(guard.refuse("a", "XXXXX1", false, 0, true));
    CHECK_FALSE(guard.refuse("a", "XXXXX2", false, 0, true));
    CHECK(guard.refuse("a", "ROOM0", true, 0, true));
}
