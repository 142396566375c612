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

namespace {

name_filter filter_of(std::string_view list) {
    auto parsed = name_filter::parse(list);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        FAIL("list refused: " << *why);
    }
    return std::get<name_filter>(std::move(parsed));
}

bool blocked(const name_filter& f, std::string_view raw) {
    const auto r = check_player_name(raw, &f);
    const auto* why = std::get_if<std::string>(&r);
    // A refusal never tells the player which word was listed.
    if (why != nullptr) {
        CHECK(why->find("cheat") == std::string::npos);
        CHECK(why->find("bad") == std::string::npos);
    }
    return why != nullptr;
}

} // namespace

TEST_CASE("a name-filter list: one word or phrase a line, # comments and blank lines ignored") {
    const auto f = filter_of("# words no name may hold\n"
                             "\n"
                             "cheat   # a trailing comment\n"
                             "  \t\r\n"
                             "Bad Guy\r\n"
                             "CHEAT\n");
    CHECK(f.size() == 2); // "CHEAT" is "cheat" again
    CHECK(blocked(f, "cheat"));
    CHECK(blocked(f, "bad guy"));
    CHECK_FALSE(blocked(f, "Ada"));
    // A line that is only a comment lists nothing: its words pass.
    CHECK_FALSE(blocked(f, "words no name may hold"));
}

TEST_CASE("a listed word is matched case-insensitively after the same normalisation as names") {
    const auto f = filter_of("cheat\nstraße\nrené\n");
    CHECK(blocked(f, "CHEAT"));
    CHECK(blocked(f, "Cheat"));
    CHECK(blocked(f, "STRASSE"));    // case folding: ß ~ ss
    CHECK(blocked(f, "Rene\u0301")); // NFC: a decomposed é is é
    CHECK(blocked(f, "  the   cheat  "));
}

TEST_CASE("a listed word is matched as a whole word, and a phrase as consecutive words") {
    const auto f = filter_of("cheat\nbad guy\n");
    CHECK(blocked(f, "the cheat"));
    CHECK(blocked(f, "cheat-master")); // punctuation separates words
    CHECK(blocked(f, "CHEAT!"));
    CHECK_FALSE(blocked(f, "cheater"));
    CHECK_FALSE(blocked(f, "escheat"));
    CHECK(blocked(f, "a bad guy"));
    CHECK(blocked(f, "bad-guy"));
    CHECK_FALSE(blocked(f, "bad"));
    CHECK_FALSE(blocked(f, "guy bad"));
    CHECK_FALSE(blocked(f, "bad good guy"));
    CHECK_FALSE(blocked(f, "badguy"));
}

TEST_CASE("without a filter, or with an empty one, names pass as before") {
    CHECK(std::holds_alternative<player_name>(check_player_name("cheat")));
    const auto empty = filter_of("# nothing listed yet\n\n");
    CHECK(empty.size() == 0);
    CHECK_FALSE(blocked(empty, "cheat"));
    // The other rules still apply with a filter.
    CHECK(blocked(empty, "Ada\u202eevil"));
    CHECK(blocked(empty, ""));
}

TEST_CASE("a name-filter list that cannot be used says which line, without quoting it") {
    const auto punct = name_filter::parse("cheat\n!!!\n");
    REQUIRE(std::holds_alternative<std::string>(punct));
    CHECK(std::get<std::string>(punct).find("line 2") != std::string::npos);

    const auto utf8 = name_filter::parse("ok\nfine\nbad\xff\n");
    REQUIRE(std::holds_alternative<std::string>(utf8));
    CHECK(std::get<std::string>(utf8).find("line 3") != std::string::npos);
    CHECK(std::get<std::string>(utf8).find("bad") == std::string::npos);
}

TEST_CASE("a name-filter file that cannot be read is named in the refusal") {
    const auto missing = load_name_filter("/nonexistent/quizroom-names.txt");
    REQUIRE(std::holds_alternative<std::string>(missing));
    CHECK(std::get<std::string>(missing).find("/nonexistent/quizroom-names.txt") !=
          std::string::npos);
    // A folder is not a list either.
    CHECK(std::holds_alternative<std::string>(load_name_filter("/")));

    const auto bank = load_name_filter(QUIZROOM_TEST_DECKS "/../name-filter.txt");
    REQUIRE(std::holds_alternative<name_filter>(bank));
    CHECK(std::get<name_filter>(bank).size() > 0);
}
