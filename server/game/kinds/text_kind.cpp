#include "game/kinds/kinds.hpp"
#include "game/unicode.hpp"

namespace quizroom::game::kinds {
namespace {

std::string comparable(std::string_view s) {
    return collapse_spaces(fold_case(s));
}

/// A typed answer matched against accepted spellings.
class text_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "text"; }

    std::vector<field_problem> validate(const question& q) const override {
        std::vector<field_problem> out;
        if (q.accepted.empty()) {
            out.push_back({"accepted", "needs at least one accepted answer"});
        }
        for (const auto& a : q.accepted) {
            if (comparable(a).empty()) {
                out.push_back({"accepted", "an accepted answer is empty"});
            }
        }
        return out;
    }

    std::optional<std::vector<std::string>> shown_choices(const question&) const override {
        return std::nullopt;
    }

    std::optional<std::string> check(const question&,
                                     const protocol::answer_value& a) const override {
        const auto* t = std::get_if<protocol::text_answer>(&a);
        if (t == nullptr) {
            return "this question takes `text`";
        }
        if (code_points(t->text) > protocol::max_text_chars) {
            return "`text` is longer than " + std::to_string(protocol::max_text_chars) +
                   " characters";
        }
        return std::nullopt;
    }

    // Case-folded, trimmed and space-collapsed; one typo allowed in answers of 6+ letters.
    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        const std::string given = comparable(std::get<protocol::text_answer>(a).text);
        for (const auto& accepted : q.accepted) {
            const std::string want = comparable(accepted);
            const std::size_t typos = letter_count(want) >= 6 ? 1 : 0;
            if (edit_distance(given, want, typos) <= typos) {
                return 1.0;
            }
        }
        return 0.0;
    }

    nlohmann::json correct(const question& q) const override { return {{"text", q.accepted}}; }
};

} // namespace

const question_kind& text() {
    static const text_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
