#pragma once

// Records as a room would write them, for the store tests.

#include "game/records.hpp"

#include <string>

namespace quizroom::store_tests {

inline game::room_record room_rec(const std::string& code, protocol::phase phase, int q) {
    game::room_record r;
    r.code = code;
    r.quiz_id = "three";
    r.phase = phase;
    r.q = q;
    r.host_token_hash = "h:host-" + code;
    r.options = nlohmann::json{{"count", 3}};
    r.updated_at = 1'700'000'000'000 + q;
    r.seed = 42;
    r.game_id = "game-" + code;
    r.opened_at = 1'700'000'000'500;
    r.deadline = 1'700'000'020'500;
    r.next_player_number = 3;
    return r;
}

inline game::player_record player_rec(const std::string& code, const std::string& id, int score,
                                      game::player_status status = game::player_status::active) {
    return {code, id, "Name " + id, std::nullopt, "h:" + code + "-" + id, score, 1, 1200, status};
}

inline game::answer_record answer_rec(const std::string& code, int q, const std::string& player,
                                      int points) {
    return {code, q, player, nlohmann::json{{"choice", 1}}, 900, points, 1.0, 1, 0};
}

inline game::league_record league_rec(const std::string& league, const std::string& game, int ada,
                                      int bob) {
    return {league,
            game,
            {{"ada", "Ada", ada}, {"bob", "Bob", bob}},
            {{"red", "red", ada}, {"blue", "blue", bob}}};
}

/// A podium's report of one player and one question, under `game_id`.
inline game::report_record report_rec(const std::string& code, const std::string& game_id) {
    game::game_report r;
    r.game_id = game_id;
    r.code = code;
    r.quiz = {"three", "Three questions"};
    r.phase = protocol::phase::podium;
    r.generated_at = 1'700'000'100'000;
    r.total = 3;
    r.questions.push_back({0, "choice", "General", "How many legs does a spider have?",
                           nlohmann::json{{"choice", 0}}, 2, 1, 0.5, 1500.0,
                           std::vector<int>{1, 0, 0, 1}});
    game::report_player p;
    p.id = "p1";
    p.name = "=Ada";
    p.status = "active";
    p.rank = 1;
    p.score = 950;
    p.correct = 1;
    p.total_ms = 80;
    p.answers.push_back({0, nlohmann::json{{"choice", 0}}, "8", 80, 950, 1.0, true});
    r.players.push_back(std::move(p));
    return {code, game_id, "h:host-" + code, std::move(r)};
}

} // namespace quizroom::store_tests
