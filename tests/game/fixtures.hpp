#pragma once

// What several game-layer test files share: predictable secrets, connection
// ids, decks loaded once, and a kind by name.

#include "game/deck_loader.hpp"
#include "game/question_kind.hpp"
#include "game/room_actions.hpp"
#include "game/secrets.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <variant>

namespace quizroom::game_tests {

/// Tokens "tok-1", "tok-2", ... in order of issue; the stored hash is "h:" + token.
class fake_secrets final : public game::secrets {
public:
    std::string new_token() override { return "tok-" + std::to_string(++issued_); }
    std::string hash(std::string_view token) const override { return "h:" + std::string(token); }

private:
    int issued_ = 0;
};

constexpr game::conn_id host_conn = 1;
constexpr game::conn_id ada = 11;
constexpr game::conn_id bob = 12;
constexpr game::conn_id cy = 13;
constexpr game::conn_id dan = 14;
constexpr game::conn_id stranger = 99;

/// A deck file, loaded once per test run.
inline const game::deck& deck_at(const std::string& path) {
    static std::map<std::string, game::deck> cache;
    if (const auto it = cache.find(path); it != cache.end()) {
        return it->second;
    }
    auto loaded = game::load_deck_file(path);
    REQUIRE(std::holds_alternative<game::deck>(loaded));
    return cache.emplace(path, std::get<game::deck>(std::move(loaded))).first->second;
}

/// A deck of tests/data/decks by name.
inline const game::deck& test_deck(const std::string& name) {
    return deck_at(std::string(QUIZROOM_TEST_DECKS) + "/" + name + ".json");
}

inline const game::question_kind& kind(std::string_view name) {
    const game::question_kind* k = game::find_kind(name);
    REQUIRE(k != nullptr);
    return *k;
}

} // namespace quizroom::game_tests
