#pragma once

// What the bench needs of the deck the server plays: its id, the right
// choice of each question, and a question frame like the server's (the
// floor broadcasts that, so both carry the same bytes).

#include <string>
#include <vector>

namespace quizroom::bench {

struct deck_question {
    int answer = 0;  ///< the right choice
    int choices = 0; ///< how many there are
};

struct deck_info {
    std::string id;
    std::vector<deck_question> questions;
    std::vector<std::string> question_frames; ///< as the server encodes `question` q
};

/// Reads a deck file of choice (or truefalse) questions; throws std::runtime_error
/// naming the file when it cannot be used.
deck_info load_deck_info(const std::string& path, int questions);

} // namespace quizroom::bench
