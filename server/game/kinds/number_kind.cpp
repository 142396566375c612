#include "game/kinds/kinds.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace quizroom::game::kinds {
namespace {

/// A whole number as a JSON integer ("2", not "2.0"), anything else as it is.
nlohmann::json number_json(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 9.0e15) {
        return static_cast<long long>(v);
    }
    return v;
}

/// A number to type: `answer`, give or take `tolerance` (default 0).
class number_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "number"; }

    std::vector<field_problem> validate(const question& q) const override {
        std::vector<field_problem> out;
        if (!q.answer.is_number() || !std::isfinite(q.answer.get<double>())) {
            out.push_back({"answer", "must be a number"});
        }
        if (!q.choices.empty()) {
            out.push_back({"choices", "a number question has no choices"});
        }
        if (q.tolerance && !std::isfinite(*q.tolerance)) {
            out.push_back({"tolerance", "must be a finite number"});
        }
        return out;
    }

    std::optional<std::vector<std::string>> shown_choices(const question&) const override {
        return std::nullopt;
    }

    std::optional<std::string> check(const question&,
                                     const protocol::answer_value& a) const override {
        const auto* v = std::get_if<protocol::value_answer>(&a);
        if (v == nullptr) {
            return "this question takes `value`";
        }
        if (!std::isfinite(v->value)) {
            return "`value` must be a finite number";
        }
        return std::nullopt;
    }

    // Full credit within the tolerance, falling linearly to 0 at twice it;
    // with no tolerance, only the exact value. The distance is computed in
    // binary floating point, so 3.145 against 3.14 +- 0.005 comes out a hair
    // over 0.005: a few units in the last place of the operands are forgiven
    // at both ends.
    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        const double given = std::get<protocol::value_answer>(a).value;
        const double right = q.answer.get<double>();
        const double tolerance = q.tolerance.value_or(0.0);
        if (tolerance == 0.0) {
            return given == right ? 1.0 : 0.0;
        }
        const double slack = 4 * DBL_EPSILON * std::max(std::fabs(given), std::fabs(right));
        const double off = std::fabs(given - right);
        if (off <= tolerance + slack) {
            return 1.0;
        }
        if (off >= 2 * tolerance - slack) {
            return 0.0;
        }
        return 2.0 - off / tolerance;
    }

    nlohmann::json correct(const question& q) const override {
        return {{"value", q.answer}, {"tolerance", number_json(q.tolerance.value_or(0.0))}};
    }
};

} // namespace

const question_kind& number() {
    static const number_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
