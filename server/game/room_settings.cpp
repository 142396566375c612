#include "game/room_settings.hpp"

#include "game/deck_formats.hpp"
#include "game/interview.hpp"
#include "game/stable_random.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace quizroom::game {
namespace {

protocol::protocol_error bad(std::string message) {
    return {protocol::error::bad_message, std::move(message)};
}

nlohmann::json options_json(const protocol::create_options& o) {
    nlohmann::json j = nlohmann::json::object();
    const auto put = [&j](const char* name, const auto& value) {
        if (value) {
            j[name] = *value;
        }
    };
    put("count", o.count);
    put("categories", o.categories);
    put("shuffle", o.shuffle);
    put("time_limit_s", o.time_limit_s);
    put("scoring", o.scoring);
    put("streak_bonus", o.streak_bonus);
    put("auto_advance", o.auto_advance);
    put("reveal_s", o.reveal_s);
    put("leaderboard_s", o.leaderboard_s);
    put("podium_s", o.podium_s);
    put("max_players", o.max_players);
    put("teams", o.teams);
    put("mode", o.mode);
    put("format", o.format);
    put("rating_s", o.rating_s);
    put("league", o.league);
    return j;
}

/// Fisher-Yates with stable_random rather than std::shuffle, whose order the
/// standard leaves to each library: a room restored by another build must
/// get the same questions in the same order.
void shuffle(std::vector<question>& questions, std::uint64_t seed) {
    stable_random rng(seed);
    for (std::size_t i = questions.size(); i > 1; --i) {
        std::swap(questions[i - 1], questions[rng.below(i)]);
    }
}

} // namespace

std::variant<room_settings, protocol::protocol_error>
make_room_settings(const deck& d, const protocol::create_options& o, std::uint64_t seed,
                   int players_cap) {
    const bool interview = o.mode == "interview";
    // An interview candidate answers in their own words, rated against the
    // question's keywords: the deck is always played in the `open` format.
    if (interview && o.format && *o.format != format_open) {
        return bad("options.format: interview mode plays the `open` format, not `" + *o.format +
                   "`");
    }
    const std::optional<std::string> format =
        interview ? std::optional<std::string>(format_open) : o.format;
    // A format turns the deck into another deck (deck_formats.hpp); the
    // options below then apply to that one.
    std::optional<deck> formatted;
    if (format) {
        auto result = apply_format(d, *format);
        if (auto* why = std::get_if<std::string>(&result)) {
            return bad(std::string(interview ? "options.mode: interview mode needs questions with "
                                               "keywords; "
                                             : "options.format: ") +
                       *why);
        }
        formatted = std::move(std::get<deck>(result));
    }
    const deck& played = formatted ? *formatted : d;

    room_settings s;
    s.quiz_id = d.id;
    s.quiz_title = d.title;
    s.options = options_json(o);
    s.seed = seed;
    s.league = o.league;

    if (o.categories && !o.categories->empty()) {
        const auto known = played.categories();
        for (const auto& c : *o.categories) {
            if (std::find(known.begin(), known.end(), c) == known.end()) {
                return bad("options.categories: deck `" + d.id + "` has no category `" + c + "`");
            }
        }
        const std::set<std::string> wanted(o.categories->begin(), o.categories->end());
        std::copy_if(played.questions.begin(), played.questions.end(),
                     std::back_inserter(s.questions),
                     [&](const question& q) { return wanted.contains(q.category); });
    } else {
        s.questions = played.questions;
    }
    if (o.shuffle.value_or(false)) {
        shuffle(s.questions, seed);
    }
    if (o.count && static_cast<std::size_t>(*o.count) < s.questions.size()) {
        s.questions.resize(static_cast<std::size_t>(*o.count));
    }
    if (o.time_limit_s) {
        for (auto& q : s.questions) {
            q.time_limit_s = *o.time_limit_s;
        }
    }

    if (o.scoring) {
        s.scoring = *o.scoring == "accuracy" ? scoring_mode::accuracy : scoring_mode::speed;
    }
    s.streak_bonus = o.streak_bonus.value_or(true);
    s.auto_advance = o.auto_advance.value_or(false);
    s.interview = interview;
    s.rating_s = o.rating_s.value_or(default_rating_s);
    s.reveal_s = o.reveal_s.value_or(5);
    s.leaderboard_s = o.leaderboard_s.value_or(5);
    s.podium_s = o.podium_s.value_or(10);
    s.max_players = std::min(o.max_players.value_or(players_cap), players_cap);
    if (o.teams) {
        const std::set<std::string> distinct(o.teams->begin(), o.teams->end());
        if (distinct.size() != o.teams->size()) {
            return bad("options.teams: team names must be distinct");
        }
        s.teams = *o.teams;
    }
    return s;
}

std::variant<room_settings, protocol::protocol_error>
restore_room_settings(const deck& d, const room_record& r, int players_cap) {
    if (d.id != r.quiz_id) {
        return protocol::protocol_error{protocol::error::internal,
                                        "room " + r.code + " was made from deck `" + r.quiz_id +
                                            "`, not `" + d.id + "`"};
    }
    auto options = protocol::parse_create_options(r.options);
    if (auto* why = std::get_if<protocol::protocol_error>(&options)) {
        return std::move(*why);
    }
    return make_room_settings(d, std::get<protocol::create_options>(options), r.seed, players_cap);
}

} // namespace quizroom::game
