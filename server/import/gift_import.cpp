// Moodle GIFT (docs.moodle.org, "GIFT format"): questions separated by blank
// lines, each `::Title:: Text {answers}`.

#include "import/import_common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

namespace quizroom::importer {
namespace {

using detail::trim;

/// The characters GIFT escapes with a backslash.
constexpr std::string_view gift_specials = "~=#{}:";

/// Where the next unescaped `c` is, from `from`; npos when there is none.
std::size_t find_unescaped(std::string_view s, char c, std::size_t from = 0) {
    for (std::size_t i = from; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == c) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::size_t find_unescaped(std::string_view s, std::string_view what, std::size_t from = 0) {
    for (std::size_t i = from; i + what.size() <= s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s.substr(i, what.size()) == what) {
            return i;
        }
    }
    return std::string_view::npos;
}

/// `\~ \= \# \{ \} \:` and `\\` as the characters, `\n` as a new line; white
/// space collapsed.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char next = s[i + 1];
            if (gift_specials.find(next) != std::string_view::npos || next == '\\') {
                out += next;
                ++i;
                continue;
            }
            if (next == 'n') {
                out += '\n';
                ++i;
                continue;
            }
        }
        out += s[i];
    }
    return detail::collapse_spaces(out);
}

struct gift_answer {
    char mark = '=';              ///< `=` right, `~` wrong (or weighted)
    std::optional<double> weight; ///< `%50%`
    std::string text;
};

/// The answers of a block, or a message when the block is not made of `=`/`~` answers.
std::variant<std::vector<gift_answer>, std::string> split_answers(std::string_view block) {
    std::vector<gift_answer> out;
    std::size_t i = 0;
    std::size_t start = std::string_view::npos;
    const auto close = [&](std::size_t end) {
        if (start == std::string_view::npos) {
            return;
        }
        std::string_view raw = block.substr(start, end - start);
        gift_answer a{block[start - 1], std::nullopt, {}};
        // `%50%` weight.
        const std::string t = trim(raw);
        std::string_view rest = t;
        if (rest.starts_with('%')) {
            if (const auto close_pct = rest.find('%', 1); close_pct != std::string_view::npos) {
                double w = 0;
                const std::string number(rest.substr(1, close_pct - 1));
                const auto [end_ptr, ec] =
                    std::from_chars(number.data(), number.data() + number.size(), w);
                if (ec == std::errc{} && end_ptr == number.data() + number.size()) {
                    a.weight = w;
                    rest.remove_prefix(close_pct + 1);
                }
            }
        }
        // Feedback after `#` is for Moodle's review screen: dropped.
        rest = rest.substr(0, find_unescaped(rest, '#'));
        a.text = unescape(rest);
        out.push_back(std::move(a));
    };
    while (i < block.size()) {
        const char c = block[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == '=' || c == '~') {
            close(i);
            start = i + 1;
        } else if (start == std::string_view::npos && c != ' ' && c != '\t' && c != '\n' &&
                   c != '\r') {
            const auto next = block.find_first_of("=~", i);
            return "unexpected text `" +
                   trim(block.substr(i, std::min<std::size_t>(next - i, 40))) +
                   "` before the first answer (each answer starts with = or ~)";
        }
        ++i;
    }
    close(block.size());
    return out;
}

/// A number as GIFT writes it: `42`, `-3.5`, `+1e3`.
std::optional<double> parse_number(std::string_view s) {
    const std::string t = trim(s);
    std::string_view n = t;
    if (n.starts_with('+')) {
        n.remove_prefix(1);
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (n.empty() || ec != std::errc{} || end != n.data() + n.size() || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

/// `v` to 12 significant digits, so that the middle of 3.141..3.142 is 3.1415
/// and not 3.1415000000000002; whole numbers as JSON integers.
nlohmann::ordered_json tidy_number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    const double tidy = std::strtod(text, nullptr);
    if (std::trunc(tidy) == tidy && std::fabs(tidy) < 1e15) {
        return static_cast<long long>(tidy);
    }
    return tidy;
}

struct numeric_answer {
    double value = 0;
    double tolerance = 0;
};

/// One numerical answer: `42`, `3.14:0.005` (value and tolerance) or `1..2`
/// (a range, played as its middle give or take half its width).
std::variant<numeric_answer, std::string> read_numeric_answer(std::string_view text) {
    const std::string form =
        "numerical answer `" + trim(text) + "` is not a number (write 42, 3.14:0.01 or 1..2)";
    if (const auto dots = text.find(".."); dots != std::string_view::npos) {
        const auto low = parse_number(text.substr(0, dots));
        const auto high = parse_number(text.substr(dots + 2));
        if (!low || !high) {
            return form;
        }
        if (*low > *high) {
            return "numerical range `" + trim(text) + "` ends below where it starts";
        }
        return numeric_answer{(*low + *high) / 2, (*high - *low) / 2};
    }
    const auto colon = text.find(':');
    const auto value = parse_number(text.substr(0, colon));
    const auto tolerance =
        colon == std::string_view::npos ? std::optional{0.0} : parse_number(text.substr(colon + 1));
    if (!value || !tolerance) {
        return form;
    }
    if (*tolerance < 0) {
        return "numerical answer `" + trim(text) + "` has a negative tolerance";
    }
    return numeric_answer{*value, *tolerance};
}

/// A numerical question (`{#...}`, the text after `#` given) as a `number`
/// question. Of several answers (`{#=1822:0 =%50%1822:2}`), the one worth
/// full marks is kept: the number kind's own partial credit, falling to 0 at
/// twice the tolerance, stands in for the others.
std::variant<nlohmann::ordered_json, std::string> read_numerical(std::string_view rest,
                                                                 const std::string& prompt) {
    const std::string body = trim(rest);
    std::vector<std::string> full_marks;
    if (body.starts_with('=')) {
        auto parsed = split_answers(body);
        if (auto* e = std::get_if<std::string>(&parsed)) {
            return *e;
        }
        for (const auto& a : std::get<std::vector<gift_answer>>(parsed)) {
            if (a.mark == '=' && (!a.weight || *a.weight >= 100)) {
                full_marks.push_back(a.text);
            }
        }
    } else {
        full_marks.push_back(unescape(std::string_view(body).substr(0, find_unescaped(body, '#'))));
    }
    if (full_marks.empty()) {
        return std::string("no numerical answer is worth full marks (=42 or =%100%42)");
    }
    if (full_marks.size() > 1) {
        return std::string("a numerical question with several answers worth full marks is not "
                           "supported");
    }
    auto answer = read_numeric_answer(full_marks.front());
    if (auto* e = std::get_if<std::string>(&answer)) {
        return *e;
    }
    const auto& a = std::get<numeric_answer>(answer);
    nlohmann::ordered_json j;
    j["kind"] = "number";
    j["prompt"] = prompt;
    j["answer"] = tidy_number(a.value);
    if (a.tolerance > 0) {
        j["tolerance"] = tidy_number(a.tolerance);
    }
    return j;
}

struct gift_question {
    int line = 0;
    std::string title;
    std::string category;
    std::string chunk; ///< the question's text, lines joined with `\n`
};

/// One question as deck JSON, or why it cannot be imported.
std::variant<nlohmann::ordered_json, std::string> read_question(const gift_question& g) {
    std::string_view text = g.chunk;
    // `[html]`, `[moodle]`, `[markdown]`, `[plain]`: the text is shown as plain text anyway.
    for (const std::string_view marker : {"[html]", "[moodle]", "[markdown]", "[plain]"}) {
        if (detail::lower_ascii(text.substr(0, marker.size())) == marker) {
            text.remove_prefix(marker.size());
            break;
        }
    }
    const std::size_t open = find_unescaped(text, '{');
    if (open == std::string_view::npos) {
        return std::string("no answer block {...}: descriptions without answers are not "
                           "supported");
    }
    const std::size_t close = find_unescaped(text, '}', open + 1);
    if (close == std::string_view::npos) {
        return std::string("the answer block `{` is not closed with `}`");
    }
    if (find_unescaped(text, '{', close + 1) != std::string_view::npos) {
        return std::string("more than one answer block {...}: only one is supported");
    }
    const std::string before = unescape(text.substr(0, open));
    const std::string after = unescape(text.substr(close + 1));
    // Moodle's "missing word" form: text after the block, which stands for the blank.
    std::string prompt = after.empty() ? before : before + " _____ " + after;
    prompt = trim(prompt);

    std::string_view block = text.substr(open + 1, close - open - 1);
    block = block.substr(0, find_unescaped(block, "####")); // general feedback
    const std::string body = trim(block);

    nlohmann::ordered_json j;
    if (body.empty()) {
        return std::string("essay questions ({}) are not supported");
    }
    if (body.front() == '#') {
        return read_numerical(std::string_view(body).substr(1), prompt);
    }
    if (find_unescaped(body, "->") != std::string::npos) {
        return std::string("matching questions are not supported");
    }
    const std::string verdict =
        detail::lower_ascii(trim(body.substr(0, find_unescaped(body, '#'))));
    if (verdict == "t" || verdict == "true" || verdict == "f" || verdict == "false") {
        j["kind"] = "truefalse";
        j["prompt"] = prompt;
        j["answer"] = verdict.front() == 't';
        return j;
    }

    auto parsed = split_answers(body);
    if (auto* e = std::get_if<std::string>(&parsed)) {
        return *e;
    }
    const auto& answers = std::get<std::vector<gift_answer>>(parsed);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (answers[i].text.empty()) {
            return "answer " + std::to_string(i + 1) + " is empty";
        }
    }
    const bool short_answer = std::all_of(answers.begin(), answers.end(),
                                          [](const gift_answer& a) { return a.mark == '='; });
    if (short_answer) {
        // Only `=` answers: a typed answer matched against them. Answers worth
        // less than 100% are not accepted.
        std::vector<std::string> accepted;
        for (const auto& a : answers) {
            if (!a.weight || *a.weight >= 100) {
                accepted.push_back(a.text);
            }
        }
        if (accepted.empty()) {
            return std::string("no answer is worth full marks (=answer or =%100%answer)");
        }
        j["kind"] = "text";
        j["prompt"] = prompt;
        j["accepted"] = accepted;
        return j;
    }

    // Multiple choice: `=` answers and `~%n%` answers with a positive weight are right.
    if (answers.size() < 2) {
        return std::string("a multiple-choice question needs at least two answers");
    }
    std::vector<int> right;
    nlohmann::ordered_json choices = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < answers.size(); ++i) {
        choices.push_back(answers[i].text);
        const bool is_right = answers[i].weight ? *answers[i].weight > 0 : answers[i].mark == '=';
        if (is_right) {
            right.push_back(static_cast<int>(i));
        }
    }
    if (right.empty()) {
        return std::string("no right answer: mark it with = (or give it a positive %weight%)");
    }
    j["kind"] = right.size() == 1 ? "choice" : "multi";
    j["prompt"] = prompt;
    j["choices"] = std::move(choices);
    if (right.size() == 1) {
        j["answer"] = right.front();
    } else {
        j["answer"] = right;
    }
    return j;
}

/// "$course$/top/Networking/IPv6" -> "IPv6": the last part of the path.
std::string category_name(std::string_view path) {
    std::string name;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string part = trim(path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (!part.empty() && part != "$course$" && part != "$system$" && part != "$module$" &&
            part != "top") {
            name = part;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return name;
}

} // namespace

result import_gift(std::string_view text, const options& o) {
    detail::problem_list problems;
    std::vector<gift_question> questions;
    std::string category;
    std::optional<gift_question> current;

    const auto flush = [&] {
        if (current) {
            questions.push_back(std::move(*current));
            current.reset();
        }
    };
    // As Moodle reads it: a blank line ends a question (so an answer block
    // left open ends there too, and is reported instead of swallowing the next one).
    for (const auto& [number, raw] : detail::split_lines(text)) {
        const std::string line = trim(raw);
        if (line.starts_with("//")) {
            continue;
        }
        if (line.empty()) {
            flush();
            continue;
        }
        if (detail::lower_ascii(line).starts_with("$category:")) {
            flush();
            category = category_name(std::string_view(line).substr(10));
            continue;
        }
        if (!current) {
            current = gift_question{number, {}, category, {}};
        } else {
            current->chunk += '\n';
        }
        current->chunk += line;
    }
    flush();

    detail::draft d;
    std::map<std::string, int> ids; // id -> the line that used it first
    int ordinal = 0;
    for (auto& g : questions) {
        ++ordinal;
        // `::Title::` names the question; its id is made from it.
        std::string_view chunk = g.chunk;
        if (chunk.starts_with("::")) {
            const std::size_t end = find_unescaped(chunk, "::", 2);
            if (end == std::string_view::npos) {
                problems.add(g.line, "the title `::` is not closed with `::`");
                continue;
            }
            g.title = unescape(chunk.substr(2, end - 2));
            g.chunk = trim(chunk.substr(end + 2));
        }
        std::string id = detail::slug(g.title);
        if (id.empty()) {
            id = detail::numbered_id(static_cast<std::size_t>(ordinal));
        }
        if (const auto [it, fresh] = ids.emplace(id, g.line); !fresh) {
            problems.add(g.line, "question id `" + id +
                                     "` (from the title) is used by the question on line " +
                                     std::to_string(it->second) + " too: titles must differ");
            continue;
        }
        auto q = read_question(g);
        if (auto* why = std::get_if<std::string>(&q)) {
            problems.add(g.line, std::move(*why));
            continue;
        }
        auto& body = std::get<nlohmann::ordered_json>(q);
        nlohmann::ordered_json j = {{"id", id}};
        if (!g.category.empty()) {
            j["category"] = g.category;
        }
        for (auto& [key, value] : body.items()) {
            j[key] = std::move(value);
        }
        d.lines[id] = g.line;
        d.questions.push_back(std::move(j));
    }
    return detail::finish(format::gift, text, o, {}, std::move(d), std::move(problems));
}

} // namespace quizroom::importer
