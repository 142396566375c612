#include "game/kinds/kinds.hpp"

#include <array>

namespace quizroom::game {
namespace {

std::array<const question_kind*, 8> registered() {
    return {&kinds::choice(), &kinds::truefalse(), &kinds::multi(),  &kinds::text(),
            &kinds::poll(),   &kinds::order(),     &kinds::number(), &kinds::open()};
}

} // namespace

const question_kind* find_kind(std::string_view name) noexcept {
    for (const question_kind* k : registered()) {
        if (k->name() == name) {
            return k;
        }
    }
    return nullptr;
}

std::vector<std::string_view> kind_names() {
    std::vector<std::string_view> out;
    for (const question_kind* k : registered()) {
        out.push_back(k->name());
    }
    return out;
}

namespace kinds {

std::optional<std::string> check_choice_index(const question&, const protocol::answer_value& a,
                                              std::size_t choice_count) {
    const auto* c = std::get_if<protocol::choice_answer>(&a);
    if (c == nullptr) {
        return "this question takes `choice`";
    }
    if (c->choice < 0 || static_cast<std::size_t>(c->choice) >= choice_count) {
        return "`choice` must be between 0 and " + std::to_string(choice_count - 1);
    }
    return std::nullopt;
}

std::vector<field_problem> validate_choices(const question& q, std::size_t min_count) {
    std::vector<field_problem> out;
    if (q.choices.size() < min_count || q.choices.size() > 10) {
        out.push_back({"choices", "needs between " + std::to_string(min_count) +
                                      " and 10 choices, has " + std::to_string(q.choices.size())});
    }
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        if (q.choices[i].empty()) {
            out.push_back({"choices", "choice " + std::to_string(i) + " is empty"});
        }
    }
    return out;
}

} // namespace kinds
} // namespace quizroom::game
