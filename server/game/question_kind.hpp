#pragma once

// A question kind knows how its deck entry is validated, what players are
// shown, which answers are well-formed and how much credit an answer earns.
// The room only talks to this interface, so a new kind is a new file plus a
// line in kinds.cpp.

#include "game/deck.hpp"
#include "protocol/messages.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::game {

/// A problem with a deck entry: the field and what is wrong with it.
struct field_problem {
    std::string field;
    std::string message;
};

class question_kind {
public:
    virtual ~question_kind() = default;

    virtual std::string_view name() const noexcept = 0;

    /// Checks the kind-specific fields of a deck entry.
    virtual std::vector<field_problem> validate(const question& q) const = 0;

    /// Choices as players see them; nullopt for kinds without choices.
    virtual std::optional<std::vector<std::string>> shown_choices(const question& q) const {
        return q.choices.empty() ? std::nullopt : std::optional{q.choices};
    }

    /// Why an answer is malformed for this question (wrong field, out of
    /// range); nullopt when it is well-formed.
    virtual std::optional<std::string> check(const question& q,
                                             const protocol::answer_value& a) const = 0;

    /// Credit 0..1 of a well-formed answer; nullopt for unscored kinds (poll).
    virtual std::optional<double> credit(const question& q,
                                         const protocol::answer_value& a) const = 0;

    /// `reveal.correct`: the right answer in the shape of the answer fields.
    virtual nlohmann::json correct(const question& q) const = 0;

    /// The choice indices an answer picks, for the reveal's distribution;
    /// empty for kinds without a distribution.
    virtual std::vector<int> picks(const question&, const protocol::answer_value&) const {
        return {};
    }
    virtual bool has_distribution() const noexcept { return false; }

    /// False for kinds that give no points and leave streaks alone (poll).
    virtual bool scored() const noexcept { return true; }
};

/// The kind of that name, or nullptr.
const question_kind* find_kind(std::string_view name) noexcept;

/// The names of every kind this build plays.
std::vector<std::string_view> kind_names();

} // namespace quizroom::game
