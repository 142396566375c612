#include "game/kinds/kinds.hpp"

namespace quizroom::game::kinds {
namespace {

/// A statement to judge: choice 0 is true, 1 is false.
class truefalse_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "truefalse"; }

    std::vector<field_problem> validate(const question& q) const override {
        std::vector<field_problem> out;
        if (!q.answer.is_boolean()) {
            out.push_back({"answer", "must be true or false"});
        }
        if (!q.choices.empty() && q.choices.size() != 2) {
            out.push_back(
                {"choices", "a truefalse question has no choices, or exactly two labels"});
        }
        return out;
    }

    std::optional<std::vector<std::string>> shown_choices(const question& q) const override {
        if (q.choices.size() == 2) {
            return q.choices;
        }
        return std::vector<std::string>{"True", "False"};
    }

    std::optional<std::string> check(const question& q,
                                     const protocol::answer_value& a) const override {
        return check_choice_index(q, a, 2);
    }

    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        return std::get<protocol::choice_answer>(a).choice == right_index(q) ? 1.0 : 0.0;
    }

    nlohmann::json correct(const question& q) const override {
        return {{"choice", right_index(q)}};
    }

    std::vector<int> picks(const question&, const protocol::answer_value& a) const override {
        return {std::get<protocol::choice_answer>(a).choice};
    }
    bool has_distribution() const noexcept override { return true; }

private:
    static int right_index(const question& q) { return q.answer.get<bool>() ? 0 : 1; }
};

} // namespace

const question_kind& truefalse() {
    static const truefalse_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
