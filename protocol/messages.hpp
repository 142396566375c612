#pragma once

// Every message of protocol v1 (protocol/PROTOCOL.md) as a typed struct.
// Client messages end in `_msg` like server ones; both directions have
// encode and decode so that servers, test clients and the bench share them.

#include "protocol/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quizroom::protocol {

using json = nlohmann::json;
/// Server time: Unix epoch milliseconds.
using epoch_ms = std::int64_t;

/// Limits the wire fixes (PROTOCOL.md, "Transport" and "Client to server").
inline constexpr std::size_t max_frame_bytes = 4096;
inline constexpr std::size_t max_id_bytes = 64;
inline constexpr std::size_t max_text_chars = 200;
inline constexpr std::size_t max_open_text_chars = 2000;
inline constexpr std::size_t max_name_chars = 24;

enum class phase { lobby, question, reveal, leaderboard, podium, ended };
std::string_view to_string(phase p) noexcept;
std::optional<phase> phase_from_string(std::string_view s) noexcept;

// ---- answers -------------------------------------------------------------

struct choice_answer {
    int choice = 0;
};
struct choices_answer {
    std::vector<int> choices;
};
struct text_answer {
    std::string text;
};
struct order_answer {
    std::vector<int> order;
};
struct value_answer {
    double value = 0;
};
/// Exactly one of the answer fields of `answer`.
using answer_value =
    std::variant<choice_answer, choices_answer, text_answer, order_answer, value_answer>;

/// {"choice": 2}, {"choices": [0, 2]}, {"text": "..."}, {"order": [...]}, {"value": 4.5}
json answer_to_json(const answer_value& a);

// ---- client to server ----------------------------------------------------

struct create_options {
    std::optional<int> count;
    std::optional<std::vector<std::string>> categories;
    std::optional<bool> shuffle;
    std::optional<int> time_limit_s;
    std::optional<std::string> scoring; ///< "speed" or "accuracy"
    std::optional<bool> streak_bonus;
    std::optional<bool> auto_advance;
    std::optional<int> reveal_s;
    std::optional<int> leaderboard_s;
    std::optional<int> podium_s;
    std::optional<int> max_players;
    std::optional<std::vector<std::string>> teams;
    std::optional<std::string> mode;   ///< "classic" or "interview"
    std::optional<std::string> format; ///< "best_answer", "concept", "open"
    std::optional<int> rating_s;
    std::optional<std::string> league;
};

struct create_msg {
    std::string quiz;
    create_options options;
    std::optional<std::string> admin_token;
};
struct host_msg {
    std::string code;
    std::string host_token;
};
struct join_msg {
    std::string code;
    std::string name;
    std::optional<std::string> team;
};
struct rejoin_msg {
    std::string code;
    std::string token;
};
struct answer_msg {
    int q = 0;
    answer_value value;
};
struct start_msg {};
struct next_msg {
    std::optional<int> q;
    std::optional<phase> seen_phase; ///< `phase` on the wire
};
struct pause_msg {};
struct resume_msg {};
struct end_msg {};
struct kick_msg {
    std::string player_id;
};
struct lock_msg {
    bool locked = false;
};
struct rate_msg {
    std::string player_id;
    int score = 0;
};
struct candidate_msg {
    std::string player_id;
};
struct override_msg {
    std::string player_id;
    int q = 0;
    double credit = 0;
};
struct ping_msg {
    json t; ///< the client's clock, echoed as is
};
struct leave_msg {};

using client_message =
    std::variant<create_msg, host_msg, join_msg, rejoin_msg, answer_msg, start_msg, next_msg,
                 pause_msg, resume_msg, end_msg, kick_msg, lock_msg, rate_msg, candidate_msg,
                 override_msg, ping_msg, leave_msg>;

// ---- server to client ----------------------------------------------------

struct quiz_ref {
    std::string id;
    std::string title;
};
struct player_ref {
    std::string id;
    std::string name;
    std::optional<std::string> team; ///< null on the wire when absent
};
struct candidate_ref {
    std::string id;
    std::string name;
};
struct roster_entry {
    std::string id;
    std::string name;
    std::optional<std::string> team;
    bool connected = false;
};
struct standing {
    std::string id;
    std::string name;
    int score = 0;
    int delta = 0;
    int rank = 0;
};
struct team_standing {
    std::string name;
    int score = 0;
    int rank = 0;
};

struct created_msg {
    std::string code;
    std::string host_token;
};
struct joined_msg {
    std::string player_id;
    std::string token;
    std::string name;
    std::optional<std::string> team;
};
struct player_joined_msg {
    player_ref player;
    int players = 0;
};
struct player_left_msg {
    std::string player_id;
    int players = 0;
    bool gone = false; ///< true for `leave` and kicks, false for a disconnect
};
struct lobby_msg {
    int players = 0;
    int connected = 0;
};
struct question_msg {
    int q = 0;
    int total = 0;
    std::string kind;
    std::string prompt;
    std::optional<std::vector<std::string>> choices;
    std::string category;
    std::int64_t time_limit_ms = 0;
    epoch_ms deadline = 0;
    int points = 0;
    std::optional<candidate_ref> candidate; ///< interview mode
};
struct answers_msg {
    int q = 0;
    int answered = 0;
    int connected = 0;
};
struct answer_ack_msg {
    int q = 0;
    std::int64_t ms = 0;
    std::optional<bool> durable; ///< false while the store is unreachable
};
struct reveal_msg {
    int q = 0;
    json correct; ///< shape of the answer; null for poll
    std::optional<std::vector<int>> distribution;
    int answered = 0;
    int correct_count = 0;
    std::string explanation;
    std::optional<std::vector<std::string>> covered;
    std::optional<epoch_ms> rating_deadline;
};
struct rated_msg {
    int q = 0;
    candidate_ref candidate;
    double median = 0;
    int ratings = 0;
    int points = 0;
};
/// One player's typed answer to an `open` question, as the host judges it.
struct open_answer {
    std::string player_id;
    std::string name;
    std::string text;
    double credit = 0; ///< 0..1, the keywords' or the host's override
    int points = 0;    ///< what the answer scored, streak bonus included
};
/// Host screens, classic mode: every answer to the `open` question just
/// revealed, for `override`; sent again after each override.
struct open_answers_msg {
    int q = 0;
    std::vector<open_answer> answers;
};
struct recap_item {
    int q = 0;
    std::string prompt;
    json your_answer; ///< null when unanswered
    json correct;
    std::string explanation;
    double credit = 0;
};
struct recap_msg {
    std::vector<recap_item> items;
};
struct result_msg {
    int q = 0;
    json correct; ///< bool, a fraction 0..1 for partial credit, null for poll
    int points = 0;
    int streak = 0;
    int score = 0;
    int rank = 0;
    int of = 0;
};
struct leaderboard_msg {
    int q = 0;
    std::vector<standing> top;
    std::optional<std::vector<team_standing>> teams;
};
struct podium_msg {
    std::vector<standing> top;
    std::optional<std::vector<team_standing>> teams;
    std::optional<std::string> report;
};
struct ended_msg {
    std::string reason; ///< "finished", "host_ended", "expired"
};
struct paused_msg {
    std::int64_t remaining_ms = 0;
};
struct resumed_msg {
    epoch_ms deadline = 0;
};
struct kicked_msg {};
struct pong_msg {
    json t;
    epoch_ms now = 0;
};
struct error_msg {
    error code = error::internal;
    std::string message;
};
struct you_info {
    std::string player_id;
    std::string name;
    std::optional<std::string> team;
    int score = 0;
    int rank = 0;
    bool answered = false;
    json answer; ///< the answer given to the open question, or null
};
struct state_msg {
    phase current = phase::lobby; ///< `phase` on the wire
    std::string code;
    quiz_ref quiz;
    std::optional<int> q; ///< null before the first question
    int total = 0;
    int players = 0;
    int connected = 0;
    bool locked = false;
    bool paused = false;
    std::optional<question_msg> question;
    std::optional<epoch_ms> deadline;
    std::optional<std::int64_t> remaining_ms;
    std::optional<reveal_msg> reveal;
    std::optional<leaderboard_msg> leaderboard;
    std::optional<podium_msg> podium;
    std::optional<you_info> you;
    std::optional<std::vector<roster_entry>> roster;
};

using server_message =
    std::variant<created_msg, joined_msg, state_msg, player_joined_msg, player_left_msg, lobby_msg,
                 question_msg, answers_msg, answer_ack_msg, reveal_msg, rated_msg, open_answers_msg,
                 recap_msg, result_msg, leaderboard_msg, podium_msg, ended_msg, paused_msg,
                 resumed_msg, kicked_msg, pong_msg, error_msg>;

/// The wire `type` of a message, e.g. "answer_ack".
std::string_view type_name(const client_message& m) noexcept;
std::string_view type_name(const server_message& m) noexcept;

} // namespace quizroom::protocol
