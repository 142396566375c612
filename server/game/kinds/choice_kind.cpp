#include "game/kinds/kinds.hpp"

namespace quizroom::game::kinds {
namespace {

/// One right choice among several.
class choice_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "choice"; }

    std::vector<field_problem> validate(const question& q) const override {
        auto out = validate_choices(q, 2);
        if (!q.answer.is_number_integer()) {
            out.push_back({"answer", "must be the index of the right choice"});
        } else if (const auto i = q.answer.get<long long>();
                   i < 0 || static_cast<std::size_t>(i) >= q.choices.size()) {
            out.push_back({"answer", "index " + std::to_string(i) + " is out of range for " +
                                         std::to_string(q.choices.size()) + " choices"});
        }
        return out;
    }

    std::optional<std::string> check(const question& q,
                                     const protocol::answer_value& a) const override {
        return check_choice_index(q, a, q.choices.size());
    }

    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        return std::get<protocol::choice_answer>(a).choice == q.answer.get<int>() ? 1.0 : 0.0;
    }

    nlohmann::json correct(const question& q) const override {
        return {{"choice", q.answer.get<int>()}};
    }

    std::vector<int> picks(const question&, const protocol::answer_value& a) const override {
        return {std::get<protocol::choice_answer>(a).choice};
    }
    bool has_distribution() const noexcept override { return true; }
};

} // namespace

const question_kind& choice() {
    static const choice_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
