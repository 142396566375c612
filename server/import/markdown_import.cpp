// Markdown Q&A in the seed's format (quizzes/source/backend-interview.md):
//
//   # Title
//   ## Category
//   1. **Question?**
//      **Explanation**: A paragraph, which may go on over several lines.

#include "game/stable_random.hpp"
#include "import/import_common.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace quizroom::importer {
namespace {

using detail::trim;

/// Markdown questions have long sentences for choices: more time than the default.
constexpr int markdown_time_limit_s = 30;

struct md_question {
    int line = 0;
    std::string category;
    std::string prompt;
    std::optional<std::string> explanation; ///< set once its `**Explanation**:` is seen
    std::string choice;                     ///< the first sentence of the explanation
};

/// "## Name" -> "Name" for `level` hashes exactly; nullopt otherwise.
std::optional<std::string> heading(std::string_view line, std::size_t level) {
    const std::string t = trim(line);
    if (t.size() <= level || t.compare(0, level, std::string(level, '#')) != 0 ||
        (t[level] != ' ' && t[level] != '\t')) {
        return std::nullopt;
    }
    return trim(std::string_view(t).substr(level));
}

/// Digits then `.` or `)` then white space: the start of a numbered item.
/// Returns the text after it.
std::optional<std::string_view> numbered_item(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
    }
    const std::size_t digits = i;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        ++i;
    }
    if (i == digits || i - digits > 9 || i + 1 >= line.size() ||
        (line[i] != '.' && line[i] != ')') || (line[i + 1] != ' ' && line[i + 1] != '\t')) {
        return std::nullopt;
    }
    return line.substr(i + 2);
}

/// "**Question?**" (the whole item in bold) -> "Question?".
std::optional<std::string> bold_item(std::string_view item) {
    const std::string t = trim(item);
    if (t.size() < 5 || !t.starts_with("**") || !t.ends_with("**")) {
        return std::nullopt;
    }
    std::string inner = trim(std::string_view(t).substr(2, t.size() - 4));
    if (inner.empty()) {
        return std::nullopt;
    }
    return inner;
}

/// "**Explanation**: text" or "**Explanation:** text" -> "text".
std::optional<std::string> explanation_start(std::string_view line) {
    const std::string t = trim(line);
    const std::string lower = detail::lower_ascii(t);
    for (const std::string_view marker : {"**explanation**:", "**explanation:**"}) {
        if (lower.starts_with(marker)) {
            return trim(std::string_view(t).substr(marker.size()));
        }
    }
    return std::nullopt;
}

} // namespace

result import_markdown(std::string_view text, const options& o) {
    detail::problem_list problems;
    detail::file_facts facts;
    std::vector<md_question> questions;
    std::string category;
    bool in_explanation = false; // the lines that follow continue it until a blank line

    for (const auto& [number, raw] : detail::split_lines(text)) {
        const std::string line = trim(raw);
        if (line.empty()) {
            in_explanation = false;
            continue;
        }
        if (auto h1 = heading(line, 1)) {
            if (facts.title.empty() && questions.empty()) {
                facts.title = *h1;
            }
            in_explanation = false;
            continue;
        }
        if (auto h2 = heading(line, 2)) {
            category = *h2;
            in_explanation = false;
            continue;
        }
        if (line.starts_with('#')) {
            in_explanation = false; // a deeper heading: not a category
            continue;
        }
        if (auto e = explanation_start(line)) {
            if (questions.empty()) {
                problems.add(number, "an **Explanation**: with no question before it");
            } else if (questions.back().explanation) {
                problems.add(number, "a second **Explanation**: for the question on line " +
                                         std::to_string(questions.back().line));
            } else {
                questions.back().explanation = *e;
                in_explanation = true;
            }
            continue;
        }
        if (auto item = numbered_item(line)) {
            if (auto prompt = bold_item(*item)) {
                questions.push_back({number, category, std::move(*prompt), std::nullopt, {}});
                in_explanation = false;
                continue;
            }
            // A numbered list inside an explanation is part of it.
            if (!in_explanation) {
                problems.add(number, "a numbered item that is not a question in bold "
                                     "(write it as `1. **Question?**`)");
                continue;
            }
        }
        if (in_explanation) {
            std::string& e = *questions.back().explanation;
            e += e.empty() ? line : " " + line;
        }
        // Any other text (an introduction, notes) is not part of a question.
    }

    for (auto& q : questions) {
        if (!q.explanation) {
            problems.add(q.line, "the question has no **Explanation**: paragraph after it");
        } else if (q.explanation->empty()) {
            problems.add(q.line, "the question's **Explanation**: is empty");
        } else {
            q.choice = detail::first_sentence(*q.explanation);
        }
    }
    if (questions.empty()) {
        problems.add(0, "no questions found: each question is a numbered item in bold "
                        "(`1. **Question?**`) followed by an `**Explanation**:` paragraph");
    } else if (questions.size() < 2 && problems.empty()) {
        problems.add(questions.front().line,
                     "one question is not enough: the choices of each question are taken "
                     "from the explanations of the others");
    }
    if (!problems.empty()) {
        return problems.take();
    }

    detail::draft d;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const md_question& q = questions[i];
        // Distractors: other first sentences of the same category, then of the rest.
        std::vector<std::string> same;
        std::vector<std::string> rest;
        std::set<std::string> seen{q.choice};
        for (const auto& other : questions) {
            if (seen.insert(other.choice).second) {
                (other.category == q.category ? same : rest).push_back(other.choice);
            }
        }
        game::stable_random rng(game::stable_hash(q.prompt + "\n" + q.choice));
        std::vector<std::string> choices;
        for (auto* pool : {&same, &rest}) {
            while (choices.size() < 3 && !pool->empty()) {
                const std::size_t k = rng.below(pool->size());
                choices.push_back(std::move((*pool)[k]));
                pool->erase(pool->begin() + static_cast<std::ptrdiff_t>(k));
            }
        }
        const std::size_t answer = rng.below(choices.size() + 1);
        choices.insert(choices.begin() + static_cast<std::ptrdiff_t>(answer), q.choice);

        const std::string id = detail::numbered_id(i + 1);
        nlohmann::ordered_json j = {{"id", id}};
        if (!q.category.empty()) {
            j["category"] = q.category;
        }
        j["kind"] = "choice";
        j["prompt"] = q.prompt;
        j["choices"] = choices;
        j["answer"] = answer;
        j["time_limit_s"] = markdown_time_limit_s;
        j["explanation"] = *q.explanation;
        d.lines[id] = q.line;
        d.questions.push_back(std::move(j));
    }
    facts.source = facts.title;
    return detail::finish(format::markdown, text, o, std::move(facts), std::move(d),
                          std::move(problems));
}

} // namespace quizroom::importer
