#include "protocol/messages.hpp"

#include <iterator>

namespace quizroom::protocol {

namespace {

constexpr std::string_view phase_names[] = {"lobby",       "question", "reveal",
                                            "leaderboard", "podium",   "ended"};
static_assert(std::size(phase_names) == static_cast<std::size_t>(phase::ended) + 1);

// Indexed by the variant's alternative, so these lists follow the order of
// `client_message` and `server_message` in messages.hpp.
constexpr std::string_view client_type_names[] = {
    "create", "host", "join", "rejoin", "answer",    "start",    "next", "pause", "resume",
    "end",    "kick", "lock", "rate",   "candidate", "override", "ping", "leave",
};
static_assert(std::size(client_type_names) == std::variant_size_v<client_message>);

constexpr std::string_view server_type_names[] = {
    "created",  "joined",  "state",       "player_joined", "player_left", "lobby",
    "question", "answers", "answer_ack",  "reveal",        "rated",       "open_answers",
    "recap",    "result",  "leaderboard", "podium",        "ended",       "paused",
    "resumed",  "kicked",  "pong",        "error",
};
static_assert(std::size(server_type_names) == std::variant_size_v<server_message>);

json answer_field(const choice_answer& a) {
    return {{"choice", a.choice}};
}
json answer_field(const choices_answer& a) {
    return {{"choices", a.choices}};
}
json answer_field(const text_answer& a) {
    return {{"text", a.text}};
}
json answer_field(const order_answer& a) {
    return {{"order", a.order}};
}
json answer_field(const value_answer& a) {
    return {{"value", a.value}};
}

} // namespace

std::string_view to_string(phase p) noexcept {
    return phase_names[static_cast<std::size_t>(p)];
}

std::optional<phase> phase_from_string(std::string_view s) noexcept {
    for (std::size_t i = 0; i < std::size(phase_names); ++i) {
        if (phase_names[i] == s) {
            return static_cast<phase>(i);
        }
    }
    return std::nullopt;
}

json answer_to_json(const answer_value& a) {
    return std::visit([](const auto& alternative) { return answer_field(alternative); }, a);
}

std::string_view type_name(const client_message& m) noexcept {
    return client_type_names[m.index()];
}

std::string_view type_name(const server_message& m) noexcept {
    return server_type_names[m.index()];
}

} // namespace quizroom::protocol
