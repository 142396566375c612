#include "game/kinds/kinds.hpp"

namespace quizroom::game::kinds {
namespace {

/// An opinion: no score, the distribution is the result.
class poll_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "poll"; }

    std::vector<field_problem> validate(const question& q) const override {
        auto out = validate_choices(q, 2);
        if (!q.answer.is_null()) {
            out.push_back({"answer", "a poll has no right answer"});
        }
        return out;
    }

    std::optional<std::string> check(const question& q,
                                     const protocol::answer_value& a) const override {
        return check_choice_index(q, a, q.choices.size());
    }

    std::optional<double> credit(const question&, const protocol::answer_value&) const override {
        return std::nullopt;
    }

    nlohmann::json correct(const question&) const override { return nullptr; }

    std::vector<int> picks(const question&, const protocol::answer_value& a) const override {
        return {std::get<protocol::choice_answer>(a).choice};
    }
    bool has_distribution() const noexcept override { return true; }
    bool scored() const noexcept override { return false; }
};

} // namespace

const question_kind& poll() {
    static const poll_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
