#include "game/player_name.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace quizroom::game;

namespace {

player_name accepted(std::string_view raw) {
    auto r = check_player_name(raw);
    if (const auto* why = std::get_if<std::string>(&r)) {
        FAIL("refused: " << *why);
    }
    return std::get<player_name>(r);
}

bool refused(std::string_view raw) {
    return std::holds_alternative<std::string>(check_player_name(raw));
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

} // namespace

TEST_CASE("a name is trimmed and its inner spaces collapsed") {
    CHECK(accepted("Ada").display == "Ada");
    CHECK(accepted("  Ada  ").display == "Ada");
    CHECK(accepted("Ada   Lovelace").display == "Ada Lovelace");
    CHECK(accepted("\u00a0Ada\u3000").display == "Ada"); // no-break and ideographic spaces
}

TEST_CASE("an empty or blank name is refused, with a reason for people") {
    for (const char* raw : {"", " ", "   ", "\u3000"}) {
        CAPTURE(raw);
        const auto r = check_player_name(raw);
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK_FALSE(std::get<std::string>(r).empty());
    }
}

TEST_CASE("at most 24 characters, counted in code points after trimming") {
    CHECK(accepted(std::string(24, 'a')).display.size() == 24);
    CHECK(refused(std::string(25, 'a')));
    CHECK(accepted("   " + std::string(24, 'a') + "   ").display == std::string(24, 'a'));

    // Two-byte characters: 24 fit (48 bytes), 25 do not.
    CHECK(accepted(repeat("é", 24)).display == repeat("é", 24));
    CHECK(refused(repeat("é", 25)));
    // Four-byte characters: 24 fit (96 bytes), 25 do not.
    CHECK(accepted(repeat("😀", 24)).display == repeat("😀", 24));
    CHECK(refused(repeat("😀", 25)));
    // CJK, three bytes each.
    CHECK(accepted(repeat("漢", 24)).display == repeat("漢", 24));
    CHECK(refused(repeat("漢", 25)));
    // A decomposed é is two code points that compose to one: counted after NFC.
    CHECK(accepted(repeat("e\u0301", 24)).display == repeat("é", 24));
}

TEST_CASE("control characters are refused") {
    CHECK(refused("Ada\x07"));
    CHECK(refused(std::string("Ada\0Bob", 7)));
    CHECK(refused("Ada\x1b[31m"));
    CHECK(refused("Ada\x7f"));
}

TEST_CASE("white-space controls never reach the display name") {
    // A tab or newline inside a name is white space: the name may be refused
    // or have it collapsed, but no control character may end up on a screen.
    for (const char* raw : {"Ada\tLovelace", "Ada\nLovelace", "\tAda\r\n", "Ada\u0085Bob"}) {
        CAPTURE(raw);
        const auto r = check_player_name(raw);
        if (const auto* name = std::get_if<player_name>(&r)) {
            for (char c : name->display) {
                CHECK(static_cast<unsigned char>(c) >= 0x20);
            }
            CHECK(name->display.find("\u0085") == std::string::npos);
        }
    }
}

TEST_CASE("bidi overrides, isolates and other invisible format characters are refused") {
    CHECK(refused("Ada\u202eevil"));    // RIGHT-TO-LEFT OVERRIDE
    CHECK(refused("\u202dAda"));        // LEFT-TO-RIGHT OVERRIDE
    CHECK(refused("Ada\u202a"));        // LEFT-TO-RIGHT EMBEDDING
    CHECK(refused("Ada\u2066x\u2069")); // LEFT-TO-RIGHT ISOLATE ... POP
    CHECK(refused("Ada\u200b"));        // ZERO WIDTH SPACE
    CHECK(refused("A\u00adda"));        // SOFT HYPHEN
    CHECK(refused("\ufeffAda"));        // BYTE ORDER MARK
}

TEST_CASE("invalid UTF-8 is refused") {
    CHECK(refused("Ada\xff"));
    CHECK(refused("\xc3"));         // truncated sequence
    CHECK(refused("\xc0\xaf"));     // overlong encoding of '/'
    CHECK(refused("\xed\xa0\x80")); // an encoded surrogate
}

TEST_CASE("names are NFC-normalised: a decomposed é equals é") {
    const player_name decomposed = accepted("Rene\u0301");
    const player_name composed = accepted("René");
    CHECK(decomposed.display == "René");
    CHECK(decomposed.display == composed.display);
    CHECK(decomposed.key == composed.key);
}

TEST_CASE("the comparison key folds case, so Ada and ada collide") {
    CHECK(accepted("Ada").key == accepted("ada").key);
    CHECK(accepted("Ada").key == accepted("ADA").key);
    CHECK(accepted(" ada ").key == accepted("Ada").key);
    CHECK(accepted("RENÉ").key == accepted("rene\u0301").key);
    CHECK(accepted("Straße").key == accepted("STRASSE").key);
    CHECK(accepted("Ada").key != accepted("Adam").key);
    CHECK(accepted("Ada Lovelace").key == accepted("ada   lovelace").key);
    // The display keeps the case the player typed.
    CHECK(accepted("ADA").display == "ADA");
}
