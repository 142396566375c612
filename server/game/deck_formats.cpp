#include "game/deck_formats.hpp"

#include "game/question_kind.hpp"
#include "game/stable_random.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace quizroom::game {
namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) { return lower(c); });
    return out;
}

bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

/// What a format reads from a question, and how two such values are told apart.
struct format_field {
    std::string_view format;
    const char* field;
    std::string (*key)(std::string_view); ///< values with equal keys count as one choice
    const std::string& (*get)(const question&);
};

const format_field best_answer_field{format_best_answer, "summary",
                                     [](std::string_view s) { return std::string(s); },
                                     [](const question& q) -> const std::string& {
                                         return q.summary;
                                     }};

const format_field concept_field{format_concept, "concept",
                                 [](std::string_view s) { return lower(trim(s)); },
                                 [](const question& q) -> const std::string& {
                                     return q.concept_term;
                                 }};

/// A question that best_answer plays as the deck has it.
bool in_best_answer_form(const question& q) {
    return q.kind == "choice" && !q.summary.empty() && q.answer.is_number_integer() &&
           q.answer.get<long long>() >= 0 &&
           static_cast<std::size_t>(q.answer.get<long long>()) < q.choices.size() &&
           q.choices[q.answer.get<std::size_t>()] == q.summary;
}

/// Distinct values of `field` per category, in deck order.
std::map<std::string, std::vector<std::string>> values_by_category(const deck& d,
                                                                   const format_field& f) {
    std::map<std::string, std::vector<std::string>> out;
    std::map<std::string, std::set<std::string>> seen;
    for (const auto& q : d.questions) {
        const std::string& value = f.get(q);
        if (!value.empty() && seen[q.category].insert(f.key(value)).second) {
            out[q.category].push_back(value);
        }
    }
    return out;
}

/// Why `d` cannot be played in the format of `f`; nullopt when it can.
std::optional<std::string> why_not(const deck& d, const format_field& f) {
    for (const auto& q : d.questions) {
        if (trim(f.get(q)).empty()) {
            return "question `" + q.id + "` has no " + f.field;
        }
        if (&f == &concept_field && trim(q.explanation).empty()) {
            return "question `" + q.id + "` has no explanation to mask";
        }
    }
    const auto values = values_by_category(d, f);
    for (const auto& q : d.questions) {
        if (&f == &best_answer_field && in_best_answer_form(q)) {
            continue;
        }
        if (values.at(q.category).size() < format_choice_count) {
            return "category `" + q.category + "` has fewer than " +
                   std::to_string(format_choice_count) + " distinct " + f.field + "s";
        }
    }
    return std::nullopt;
}

/// `q` as a choice among its own value and three others of its category, at
/// positions fixed by the deck and question ids.
question with_choices(question q, const deck& d, const format_field& f,
                      const std::vector<std::string>& category_values) {
    const std::string own = f.get(q);
    std::vector<std::string> others;
    for (const auto& v : category_values) {
        if (f.key(v) != f.key(own)) {
            others.push_back(v);
        }
    }
    stable_random rng(stable_hash(d.id + "\n" + std::string(f.format) + "\n" + q.id));
    // A partial Fisher-Yates shuffle: the first three are the distractors.
    for (std::size_t i = 0; i + 1 < format_choice_count; ++i) {
        std::swap(others[i], others[i + rng.below(others.size() - i)]);
    }
    others.resize(format_choice_count - 1);
    const std::size_t answer = rng.below(format_choice_count);
    others.insert(others.begin() + static_cast<std::ptrdiff_t>(answer), own);

    q.kind = "choice";
    q.choices = std::move(others);
    q.answer = answer;
    q.accepted.clear();
    q.tolerance.reset();
    return q;
}

deck best_answer_deck(const deck& d) {
    const auto values = values_by_category(d, best_answer_field);
    deck out = d;
    for (auto& q : out.questions) {
        if (!in_best_answer_form(q)) {
            // Looked up before `q` is moved from: arguments have no set order.
            const auto& category_values = values.at(q.category);
            q = with_choices(std::move(q), d, best_answer_field, category_values);
        }
    }
    return out;
}

deck concept_deck(const deck& d) {
    const auto values = values_by_category(d, concept_field);
    deck out = d;
    for (auto& q : out.questions) {
        const auto& category_values = values.at(q.category);
        q = with_choices(std::move(q), d, concept_field, category_values);
        q.prompt = mask_concept(q.explanation, q.concept_term);
    }
    return out;
}

/// `q` as an `open` question: its prompt, keywords and explanation stay.
question as_open(question q) {
    if (q.kind != format_open) {
        q.kind = std::string(format_open);
        q.choices.clear();
        q.answer = nullptr;
        q.accepted.clear();
        q.tolerance.reset();
    }
    return q;
}

/// Why `d` cannot be played as `open` questions; nullopt when it can.
std::optional<std::string> why_not_open(const deck& d) {
    const question_kind& open = *find_kind(format_open);
    for (const auto& q : d.questions) {
        if (q.keywords.empty()) {
            return "question `" + q.id + "` has no keywords";
        }
        if (const auto problems = open.validate(as_open(q)); !problems.empty()) {
            return "question `" + q.id + "`: " + problems.front().message;
        }
    }
    return std::nullopt;
}

deck open_deck(const deck& d) {
    deck out = d;
    for (auto& q : out.questions) {
        q = as_open(std::move(q));
    }
    return out;
}

void add_term(std::vector<std::string>& out, std::string_view term) {
    std::string t = trim(term);
    if (t.empty()) {
        return;
    }
    const std::string key = lower(t);
    if (std::none_of(out.begin(), out.end(),
                     [&](const std::string& o) { return lower(o) == key; })) {
        out.push_back(std::move(t));
    }
}

void collect_terms(std::vector<std::string>& out, std::string_view concept_text) {
    add_term(out, concept_text);
    for (const std::string_view sep : {" vs. ", " vs "}) {
        if (const auto at = concept_text.find(sep); at != std::string_view::npos) {
            collect_terms(out, concept_text.substr(0, at));
            collect_terms(out, concept_text.substr(at + sep.size()));
            return;
        }
    }
    // "Name (ABBR)": both spellings.
    const std::string t = trim(concept_text);
    const auto open = t.rfind(" (");
    if (t.ends_with(')') && open != std::string::npos &&
        t.find_first_of("()", open + 2) == t.size() - 1) {
        add_term(out, std::string_view(t).substr(0, open));
        add_term(out, std::string_view(t).substr(open + 2, t.size() - open - 3));
    }
}

/// Length of `form` matched case-insensitively at `at` in `text`, as a whole
/// word; 0 when it does not match there.
std::size_t match_at(std::string_view text, std::size_t at, std::string_view form) {
    if (form.empty() || text.size() - at < form.size()) {
        return 0;
    }
    for (std::size_t i = 0; i < form.size(); ++i) {
        if (lower(text[at + i]) != form[i]) {
            return 0;
        }
    }
    const std::size_t end = at + form.size();
    if (word_byte(form.back()) && end < text.size() && word_byte(text[end])) {
        return 0;
    }
    return form.size();
}

} // namespace

std::vector<std::string> offered_formats(const deck& d) {
    std::vector<std::string> out;
    for (const format_field* f : {&best_answer_field, &concept_field}) {
        if (!d.questions.empty() && !why_not(d, *f)) {
            out.emplace_back(f->format);
        }
    }
    if (!d.questions.empty() && !why_not_open(d)) {
        out.emplace_back(format_open);
    }
    return out;
}

std::variant<deck, std::string> apply_format(const deck& d, std::string_view format) {
    const auto refused = [&](const std::string& why) {
        return "deck `" + d.id + "` offers no format `" + std::string(format) + "`: " + why;
    };
    if (format == format_open) {
        if (auto why = why_not_open(d)) {
            return refused(*why);
        }
        return open_deck(d);
    }
    const format_field* f = format == format_best_answer ? &best_answer_field
                            : format == format_concept   ? &concept_field
                                                         : nullptr;
    if (f == nullptr) {
        return "there is no format `" + std::string(format) +
               "` (known: best_answer, concept, open)";
    }
    if (auto why = why_not(d, *f)) {
        return refused(*why);
    }
    return f == &best_answer_field ? best_answer_deck(d) : concept_deck(d);
}

std::vector<std::string> concept_terms(std::string_view concept_text) {
    std::vector<std::string> out;
    collect_terms(out, concept_text);
    std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
        return a.size() > b.size();
    });
    return out;
}

std::string mask_concept(std::string_view text, std::string_view concept_text) {
    // Each term in its plural forms first, so that "graphs" is masked whole.
    std::vector<std::string> forms;
    for (const auto& term : concept_terms(concept_text)) {
        const std::string t = lower(term);
        if (t.ends_with('y')) {
            forms.push_back(t.substr(0, t.size() - 1) + "ies");
        }
        forms.push_back(t + "es");
        forms.push_back(t + "s");
        forms.push_back(t);
    }
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t matched = 0;
        if (i == 0 || !word_byte(text[i - 1]) || !word_byte(text[i])) {
            for (const auto& form : forms) {
                if ((matched = match_at(text, i, form)) != 0) {
                    break;
                }
            }
        }
        if (matched != 0) {
            out += concept_mask;
            i += matched;
        } else {
            out += text[i++];
        }
    }
    return out;
}

} // namespace quizroom::game
