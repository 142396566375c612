#pragma once

// The host's report of one game (PROTOCOL.md, `GET /api/rooms/{code}/report`):
// per question its accuracy, median answer time and distribution; per player
// their score, correct count and each answer with the time the server
// counted. The room builds it (room::report); the store keeps it for 30 days
// under the game's id (report_record), so that it outlives the room.

#include "protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::game {

/// An answer counted under this was sent before a person could have read the
/// question: it still counts, and the report flags it (`fast`).
inline constexpr std::int64_t fast_answer_ms = 100;

struct report_answer {
    int q = 0;
    nlohmann::json answer; ///< as the player sent it: {"choice": 2}
    std::string shown;     ///< for people: the choice's text, the typed text, ...
    std::int64_t ms = 0;   ///< the answer time the server counted
    int points = 0;
    std::optional<double> credit; ///< nullopt for unscored kinds (poll)
    bool fast = false;            ///< ms under fast_answer_ms
};

struct report_player {
    std::string id;
    std::string name;
    std::optional<std::string> team;
    std::string status;      ///< active, left or kicked
    std::optional<int> rank; ///< among the players still in the game
    int score = 0;
    int correct = 0; ///< answers with full credit
    std::int64_t total_ms = 0;
    std::vector<report_answer> answers; ///< the answers given, by question
};

struct report_question {
    int q = 0;
    std::string kind;
    std::string category;
    std::string prompt;
    nlohmann::json correct; ///< as `reveal.correct`
    int answered = 0;
    int correct_count = 0;           ///< answers with full credit
    std::optional<double> accuracy;  ///< correct_count / answered; none if unanswered or unscored
    std::optional<double> median_ms; ///< over the answers given
    std::optional<std::vector<int>> distribution; ///< count per choice, where it applies
};

struct game_report {
    std::string game_id;
    std::string code;
    protocol::quiz_ref quiz;
    protocol::phase phase = protocol::phase::lobby; ///< when the report was made
    protocol::epoch_ms generated_at = 0;
    int total = 0;                          ///< questions in the game
    std::vector<report_question> questions; ///< the closed ones, in order
    std::vector<report_player> players;     ///< in the order they joined
};

/// A report as the store keeps it: with the hash of the host token, so that
/// the host can read (and delete) it after the room has gone.
struct report_record {
    std::string code;
    std::string game_id;
    std::string host_token_hash;
    game_report report;
};

nlohmann::json to_json(const game_report& r);
std::optional<game_report> game_report_from_json(const nlohmann::json& j);
nlohmann::json to_json(const report_record& r);
std::optional<report_record> report_record_from_json(const nlohmann::json& j);

/// The report as CSV (RFC 4180, CRLF line ends, a header row): one row per
/// player and closed question, with that player's totals and that question's
/// accuracy and median repeated on each row; a player's row for a question
/// they did not answer has the answer cells empty. Before any question has
/// closed, one row per player with the question cells empty.
std::string to_csv(const game_report& r);

/// One CSV cell: quoted when it holds a comma, quote or line break, and,
/// since names are typed by players, made inert when a spreadsheet would run
/// it as a formula (starting with =, +, -, @, tab or CR): then it is quoted
/// with a `'` in front ("'=SUM(A1)").
std::string csv_cell(std::string_view text);

/// The median (the mean of the middle two for an even count); none when empty.
std::optional<double> median(std::vector<std::int64_t> values);

} // namespace quizroom::game
