#include "game/kinds/kinds.hpp"

#include <algorithm>
#include <numeric>

namespace quizroom::game::kinds {
namespace {

/// Whether `v` holds each of 0..n-1 exactly once.
bool is_permutation_of(const std::vector<int>& v, std::size_t n) {
    if (v.size() != n) {
        return false;
    }
    std::vector<bool> seen(n, false);
    for (int i : v) {
        if (i < 0 || static_cast<std::size_t>(i) >= n || seen[static_cast<std::size_t>(i)]) {
            return false;
        }
        seen[static_cast<std::size_t>(i)] = true;
    }
    return true;
}

/// Items to put in order. Players see `choices` as the deck lists them;
/// `answer` lists the choices' indices in the right order.
class order_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "order"; }

    std::vector<field_problem> validate(const question& q) const override {
        auto out = validate_choices(q, 2);
        const std::size_t n = q.choices.size();
        const bool indices = q.answer.is_array() &&
                             std::all_of(q.answer.begin(), q.answer.end(), [n](const auto& v) {
                                 return v.is_number_integer() && v.template get<long long>() >= 0 &&
                                        static_cast<std::size_t>(v.template get<long long>()) < n;
                             });
        if (!indices || !is_permutation_of(q.answer.get<std::vector<int>>(), n)) {
            out.push_back({"answer", "must list the index of every choice once, in the right "
                                     "order (a permutation of 0 to " +
                                         std::to_string(n == 0 ? 0 : n - 1) + ")"});
            return out;
        }
        // Choices are shown as listed: listed in the right order, they give it away.
        std::vector<int> as_listed(n);
        std::iota(as_listed.begin(), as_listed.end(), 0);
        if (q.answer.get<std::vector<int>>() == as_listed) {
            out.push_back({"answer", "is the order the choices are listed in, which is how "
                                     "players see them: list the choices in another order"});
        }
        return out;
    }

    std::optional<std::string> check(const question& q,
                                     const protocol::answer_value& a) const override {
        const auto* o = std::get_if<protocol::order_answer>(&a);
        if (o == nullptr) {
            return "this question takes `order`";
        }
        if (!is_permutation_of(o->order, q.choices.size())) {
            return "`order` must list each of the indices 0 to " +
                   std::to_string(q.choices.size() - 1) + " once";
        }
        return std::nullopt;
    }

    // Full credit when exact, else the fraction of items in their place.
    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        const auto& given = std::get<protocol::order_answer>(a).order;
        const auto right = q.answer.get<std::vector<int>>();
        std::size_t in_place = 0;
        for (std::size_t i = 0; i < right.size(); ++i) {
            in_place += given[i] == right[i] ? 1 : 0;
        }
        return static_cast<double>(in_place) / static_cast<double>(right.size());
    }

    nlohmann::json correct(const question& q) const override { return {{"order", q.answer}}; }
};

} // namespace

const question_kind& order() {
    static const order_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
