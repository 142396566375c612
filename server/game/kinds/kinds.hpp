#pragma once

// The built-in question kinds, one per file; kinds.cpp lists them by name.

#include "game/question_kind.hpp"

namespace quizroom::game::kinds {

const question_kind& choice();
const question_kind& truefalse();
const question_kind& multi();
const question_kind& text();
const question_kind& poll();
const question_kind& order();
const question_kind& number();
const question_kind& open();

/// Shared by the kinds that answer with one index: the index, if in range.
std::optional<std::string> check_choice_index(const question& q, const protocol::answer_value& a,
                                              std::size_t choice_count);

/// Shared by the kinds whose deck entry lists choices to pick from.
std::vector<field_problem> validate_choices(const question& q, std::size_t min_count);

} // namespace quizroom::game::kinds
