#include "game/room_code.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace quizroom::game;

TEST_CASE("the alphabet: digits and upper-case letters without 0, O, 1, I, L") {
    std::string expected;
    for (char c = '0'; c <= '9'; ++c) {
        if (c != '0' && c != '1') {
            expected.push_back(c);
        }
    }
    for (char c = 'A'; c <= 'Z'; ++c) {
        if (c != 'O' && c != 'I' && c != 'L') {
            expected.push_back(c);
        }
    }
    CHECK(room_code_alphabet == expected);
    CHECK(room_code_alphabet.size() == 31);
    CHECK(room_code_length == 6);
}

TEST_CASE("a typed code is matched case-insensitively") {
    CHECK(normalize_room_code("ABC234") == "ABC234");
    CHECK(normalize_room_code("abc234") == "ABC234");
    CHECK(normalize_room_code("aBcDeF") == "ABCDEF");
    CHECK(normalize_room_code("xyz789") == "XYZ789");
}

TEST_CASE("look-alikes, wrong lengths and other characters are not codes") {
    for (const char* typed : {"ABCDE0", "ABCDEO", "ABCDE1", "ABCDEI", "ABCDEL", "abcdeo", "abcdei",
                              "abcdel", "ABCDE", "ABCDEFG", "", "ABC-23", "ABC 23", " ABCDE",
                              "ABCDE\n", "ABCDÉ", "ABC\xc3\x89", "ABCDE\0"}) {
        CAPTURE(typed);
        CHECK_FALSE(normalize_room_code(typed).has_value());
    }
    CHECK_FALSE(normalize_room_code(std::string_view("ABC\0EF", 6)).has_value());
}

TEST_CASE("generated codes are 6 characters of the alphabet and differ") {
    std::mt19937_64 rng(20261128);
    const std::function<std::uint64_t()> random = [&rng] {
        return rng();
    };
    std::set<std::string> seen;
    std::map<char, int> counts;
    for (int i = 0; i < 2000; ++i) {
        const std::string code = make_room_code(random);
        REQUIRE(code.size() == 6);
        for (char c : code) {
            REQUIRE(room_code_alphabet.find(c) != std::string_view::npos);
            ++counts[c];
        }
        // A generated code is a code as typed.
        CHECK(normalize_room_code(code) == code);
        seen.insert(code);
    }
    CHECK(seen.size() == 2000);
    // 12,000 characters over 31 symbols: every symbol shows up, none dominates.
    CHECK(counts.size() == 31);
    for (const auto& [symbol, n] : counts) {
        // A copy: Clang 14 (the sanitizer builds) cannot capture a
        // structured binding in CAPTURE's lambda.
        const char c = symbol;
        CAPTURE(c);
        CHECK(n > 250);
        CHECK(n < 550);
    }
}

TEST_CASE("each character comes from one random value; biased tail values are redrawn") {
    // Values 0..30 map straight onto the alphabet.
    std::vector<std::uint64_t> values = {0, 1, 2, 30, 31, 62};
    std::size_t next = 0;
    CHECK(make_room_code([&] { return values[next++]; }) == "234Z22");
    CHECK(next == 6);

    // The top of the 64-bit range would favour the first symbols: it is skipped.
    values = {UINT64_MAX, 5, UINT64_MAX - 1, 6, 7, 8, 9, 10};
    next = 0;
    const std::string code = make_room_code([&] { return values[next++]; });
    CHECK(code == "789ABC");
    CHECK(next == 8);
}
