#include "game/kinds/key_terms.hpp"
#include "game/kinds/kinds.hpp"
#include "game/unicode.hpp"

#include <algorithm>

namespace quizroom::game::kinds {
namespace {

/// An answer in the player's own words, scored by the keywords it covers
/// (key_terms.hpp says how they are matched).
class open_kind final : public question_kind {
public:
    std::string_view name() const noexcept override { return "open"; }

    std::vector<field_problem> validate(const question& q) const override {
        std::vector<field_problem> out;
        if (q.keywords.empty()) {
            out.push_back({"keywords", "an open question needs at least one keyword"});
        }
        for (const auto& spellings : q.keywords) {
            for (const auto& s : spellings) {
                if (stemmed_words(s).empty()) {
                    out.push_back(
                        {"keywords", "keyword `" + s + "` has no letters or digits to look for"});
                }
            }
        }
        if (!q.choices.empty()) {
            out.push_back({"choices", "an open question has no choices"});
        }
        if (!q.answer.is_null()) {
            out.push_back({"answer", "an open question has no answer: its keywords are the key"});
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
        if (code_points(t->text) > protocol::max_open_text_chars) {
            return "`text` is longer than " + std::to_string(protocol::max_open_text_chars) +
                   " characters";
        }
        return std::nullopt;
    }

    // The fraction of the keywords covered.
    std::optional<double> credit(const question& q,
                                 const protocol::answer_value& a) const override {
        const auto covered = covered_terms(q.keywords, std::get<protocol::text_answer>(a).text);
        return static_cast<double>(std::count(covered.begin(), covered.end(), true)) /
               static_cast<double>(covered.size());
    }

    // Each keyword's first spelling, and its other spellings alongside, so
    // that a client can tell a player which keywords their text covered.
    nlohmann::json correct(const question& q) const override {
        nlohmann::json keywords = nlohmann::json::array();
        nlohmann::json synonyms = nlohmann::json::array();
        for (const auto& spellings : q.keywords) {
            keywords.push_back(spellings.front());
            synonyms.push_back(std::vector<std::string>(spellings.begin() + 1, spellings.end()));
        }
        return {{"keywords", std::move(keywords)}, {"synonyms", std::move(synonyms)}};
    }
};

} // namespace

const question_kind& open() {
    static const open_kind instance;
    return instance;
}

} // namespace quizroom::game::kinds
