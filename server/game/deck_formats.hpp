#pragma once

// The forms a deck can be played in, chosen by the host with `options.format`
// (PROTOCOL.md). A format turns a deck into another deck; the room plays the
// result like any deck.
//
// - `best_answer`: pick the summary of the explanation among four summaries
//   of the same category. A question already in that form (a `choice` whose
//   right choice is its summary) is kept as it is; any other question gets its
//   summary and three others of its category as choices.
// - `concept`: the explanation with the concept masked ("_____"); pick the
//   concept among four concepts of the same category.
// - `open`: answer the prompt in your own words; the question's keywords are
//   the key terms that score (the `open` kind), its explanation is shown at
//   the reveal as before.
//
// All are deterministic: the same deck gives the same questions, choices and
// answer positions every time, on every build.

#include "game/deck.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quizroom::game {

inline constexpr std::string_view format_best_answer = "best_answer";
inline constexpr std::string_view format_concept = "concept";
inline constexpr std::string_view format_open = "open";

/// Choices per question in a format (the right one and three others).
inline constexpr std::size_t format_choice_count = 4;

/// What replaces a masked concept.
inline constexpr std::string_view concept_mask = "_____";

/// The formats `d` can be played in, in a fixed order. A format is offered
/// when every question has what it needs: `best_answer` a summary, and
/// `concept` a concept and an explanation, and each category at least four
/// distinct summaries (concepts) to choose from, unless every question is
/// already in best_answer form; `open` keywords that an `open` question
/// accepts.
std::vector<std::string> offered_formats(const deck& d);

/// `d` in `format`, or why it cannot be played so (a message for people that
/// names the format and, where it helps, the question).
std::variant<deck, std::string> apply_format(const deck& d, std::string_view format);

/// The spellings of a concept that are masked, longest first: the concept
/// itself; for "A vs. B", A and B as well; for "Name (ABBR)", Name and ABBR.
/// So "Mutex vs. semaphore" masks "mutex" and "semaphore", and "Content
/// delivery network (CDN)" masks "content delivery network" and "CDN".
std::vector<std::string> concept_terms(std::string_view concept_text);

/// `text` with every occurrence of each concept term replaced by `concept_mask`:
/// ASCII case-insensitive, whole words only, also in simple plural (+s, +es,
/// y -> ies).
std::string mask_concept(std::string_view text, std::string_view concept_text);

} // namespace quizroom::game
