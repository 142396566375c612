#include "game/kinds/kinds.hpp"

#include <algorithm>
#include <set>

namespace quizroom::game::kinds {
namespace {

/// Several right choices; partial credit for partly right picks.
class multi_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "multi"; }

    std::vector<field_problem> validate(const question& q) const override {
        auto out = validate_choices(q, 2);
        if (!q.answer.is_array() || q.answer.empty()) {
            out.push_back({"answer", "must be a non-empty list of the right choices' indices"});
            return out;
        }
        std::set<long long> seen;
        for (const auto& v : q.answer) {
            if (!v.is_number_integer() || v.get<long long>() < 0 ||
                static_cast<std::size_t>(v.get<long long>()) >= q.choices.size()) {
                out.push_back({"answer", "every index must be between 0 and " +
                                             std::to_string(q.choices.size() - 1)});
                return out;
            }
            if (!seen.insert(v.get<long long>()).second) {
                out.push_back({"answer", "index " + v.dump() + " is listed twice"});
            }
        }
        return out;
    }

    std::optional<std::string> check(const question& q,
                                     const protocol::answer_value& a) const override {
        const auto* c = std::get_if<protocol::choices_answer>(&a);
        if (c == nullptr) {
            return "this question takes `choices`";
        }
        std::set<int> seen;
        for (int i : c->choices) {
            if (i < 0 || static_cast<std::size_t>(i) >= q.choices.size()) {
                return "`choices` must hold indices between 0 and " +
                       std::to_string(q.choices.size() - 1);
            }
            if (!seen.insert(i).second) {
                return "`choices` lists " + std::to_string(i) + " twice";
            }
        }
        return std::nullopt;
    }

    // Right picks minus wrong picks over the number of right choices, floored at 0.
    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        const auto right = right_set(q);
        int score = 0;
        for (int i : std::get<protocol::choices_answer>(a).choices) {
            score += right.contains(i) ? 1 : -1;
        }
        return std::max(0.0, static_cast<double>(score) / static_cast<double>(right.size()));
    }

    nlohmann::json correct(const question& q) const override {
        const auto right = right_set(q);
        return {{"choices", std::vector<int>(right.begin(), right.end())}};
    }

    std::vector<int> picks(const question&, const protocol::answer_value& a) const override {
        return std::get<protocol::choices_answer>(a).choices;
    }
    bool has_distribution() const noexcept override { return true; }

private:
    static std::set<int> right_set(const question& q) { return q.answer.get<std::set<int>>(); }
};

} // namespace

const question_kind& multi() {
    static const multi_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
