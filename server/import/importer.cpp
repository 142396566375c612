#include "import/importer.hpp"

#include "game/deck_loader.hpp"
#include "game/stable_random.hpp"
#include "import/import_common.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace quizroom::importer {

std::string_view to_string(format f) noexcept {
    switch (f) {
    case format::json:
        return "json";
    case format::markdown:
        return "markdown";
    case format::csv:
        return "csv";
    case format::gift:
        return "gift";
    }
    return "json";
}

std::optional<format> parse_format(std::string_view name) noexcept {
    if (name == "json") {
        return format::json;
    }
    if (name == "markdown" || name == "md") {
        return format::markdown;
    }
    if (name == "csv") {
        return format::csv;
    }
    if (name == "gift") {
        return format::gift;
    }
    return std::nullopt;
}

std::optional<format> format_for_file(std::string_view file_name) noexcept {
    const auto dot = file_name.rfind('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string ext = detail::lower_ascii(file_name.substr(dot + 1));
    if (ext == "json") {
        return format::json;
    }
    if (ext == "md" || ext == "markdown") {
        return format::markdown;
    }
    if (ext == "csv") {
        return format::csv;
    }
    // Moodle exports GIFT as .txt.
    if (ext == "gift" || ext == "txt") {
        return format::gift;
    }
    return std::nullopt;
}

std::string describe(const problem& p) {
    return p.line > 0 ? "line " + std::to_string(p.line) + ": " + p.message : p.message;
}

result import_deck(std::string_view text, format f, const options& o) {
    switch (f) {
    case format::json:
        return import_json(text, o);
    case format::markdown:
        return import_markdown(text, o);
    case format::csv:
        return import_csv(text, o);
    case format::gift:
        return import_gift(text, o);
    }
    return import_json(text, o);
}

namespace {

/// "question q2: field answer: index 7 is out of range", without the file.
std::string located(const game::deck_problem& p) {
    std::string out;
    if (!p.question.empty()) {
        out += "question " + p.question + ": ";
    }
    if (!p.field.empty()) {
        out += "field " + p.field + ": ";
    }
    return out + p.message;
}

/// 1-based line of a byte offset.
int line_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

} // namespace

result import_json(std::string_view text, const options& o) {
    text = detail::strip_bom(text);
    // The parser refuses bad UTF-8 in the text itself; the options go in as they are.
    detail::problem_list bad_options;
    detail::check_utf8({}, o, bad_options);
    if (!bad_options.empty()) {
        return bad_options.take();
    }
    try {
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
        // An id or title given with the upload replaces the file's.
        if (j.is_object() && !o.id.empty()) {
            j["id"] = o.id;
        }
        if (j.is_object() && !o.title.empty()) {
            j["title"] = o.title;
        }
        auto loaded = game::load_deck(j.dump(), o.name);
        if (auto* found = std::get_if<std::vector<game::deck_problem>>(&loaded)) {
            detail::problem_list problems;
            for (const auto& p : *found) {
                problems.add(0, located(p));
            }
            return problems.take();
        }
        return imported{std::move(std::get<game::deck>(loaded)), std::move(j)};
    } catch (const nlohmann::json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
        std::string what = e.what();
        if (const auto at = what.find(": ", what.find("column")); at != std::string::npos) {
            what = what.substr(at + 2);
        }
        return std::vector<problem>{
            {line_of(text, e.byte == 0 ? 0 : e.byte - 1), "not valid JSON: " + what}};
    }
}

namespace detail {

void problem_list::add(int line, std::string message) {
    if (list_.size() < max_problems) {
        list_.push_back({line, std::move(message)});
    } else if (left_out_++ == 0) {
        first_left_out_line_ = line;
    }
}

std::vector<problem> problem_list::take() {
    std::vector<problem> out = std::move(list_);
    std::stable_sort(out.begin(), out.end(),
                     [](const problem& a, const problem& b) { return a.line < b.line; });
    if (left_out_ > 0) {
        out.push_back({first_left_out_line_, "and " + std::to_string(left_out_) + " more problem" +
                                                 (left_out_ == 1 ? "" : "s") +
                                                 " from this line on"});
    }
    list_.clear();
    left_out_ = 0;
    return out;
}

std::string_view strip_bom(std::string_view text) noexcept {
    return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

std::vector<text_line> split_lines(std::string_view text) {
    text = strip_bom(text);
    std::vector<text_line> out;
    int number = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) {
            if (start < text.size()) {
                out.push_back({number, text.substr(start)});
            }
            break;
        }
        out.push_back({number++, text.substr(start, end - start)});
        start =
            end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    }
    return out;
}

namespace {

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

} // namespace

std::string trim(std::string_view s) {
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool pending = false;
    for (const char c : s) {
        if (space(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) {
            out += ' ';
            pending = false;
        }
        out += c;
    }
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string slug(std::string_view s, std::size_t max) {
    std::string out;
    for (const char c : lower_ascii(s)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    if (out.size() > max) {
        // Cut at a word's end when there is one.
        const bool mid_word = out[max] != '-';
        out.resize(max);
        if (const auto dash = out.rfind('-'); mid_word && dash != std::string::npos && dash > 0) {
            out.resize(dash);
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

std::string numbered_id(std::size_t n) {
    std::string digits = std::to_string(n);
    return "q" + std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
}

std::string first_sentence(std::string_view s) {
    bool in_code = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '`') {
            in_code = !in_code;
            continue;
        }
        if (in_code || (c != '.' && c != '!' && c != '?')) {
            continue;
        }
        if (i + 1 < s.size() && !space(s[i + 1])) {
            continue;
        }
        std::size_t next = i + 1;
        while (next < s.size() && space(s[next])) {
            ++next;
        }
        // "i.e. something" goes on; "... end. Next" ends here.
        if (next < s.size() && s[next] >= 'a' && s[next] <= 'z') {
            continue;
        }
        return trim(s.substr(0, i + 1));
    }
    return trim(s);
}

std::size_t invalid_utf8_at(std::string_view s) noexcept {
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(s[i]);
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = byte(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        // The lead byte fixes the length and the range of the second byte
        // (Unicode, table 3-7); later bytes are 80..BF.
        std::size_t n = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (s.size() - i < n || byte(i + 1) < low || byte(i + 1) > high) {
            return i;
        }
        for (std::size_t k = 2; k < n; ++k) {
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
                return i;
            }
        }
        i += n;
    }
    return std::string_view::npos;
}

void check_utf8(std::string_view text, const options& o, problem_list& problems) {
    if (const auto at = invalid_utf8_at(text); at != std::string_view::npos) {
        problems.add(line_of(text, at), "not valid UTF-8: save the file as UTF-8");
    }
    const std::pair<const char*, const std::string*> given[] = {
        {"id", &o.id}, {"title", &o.title}, {"file name", &o.name}};
    for (const auto& [what, value] : given) {
        if (invalid_utf8_at(*value) != std::string_view::npos) {
            problems.add(0, std::string("the ") + what + " is not valid UTF-8");
        }
    }
}

result finish(format f, std::string_view text, const options& o, file_facts facts, draft d,
              problem_list problems) {
    // After the importer's own problems, so that a file in another encoding
    // (Latin-1 from an old spreadsheet) hears about those too.
    check_utf8(text, o, problems);
    if (d.questions.empty() && problems.empty()) {
        problems.add(0, "no questions found");
    }
    if (!problems.empty()) {
        return problems.take();
    }
    std::string title = !o.title.empty()       ? o.title
                        : !facts.title.empty() ? facts.title
                        : !o.name.empty()      ? o.name
                                               : "Imported quiz";
    std::string id = o.id;
    if (id.empty()) {
        id = slug(!o.name.empty() ? o.name : !o.title.empty() ? o.title : facts.title);
    }
    if (id.empty()) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx",
                      static_cast<unsigned long long>(game::stable_hash(text)));
        id = std::string(to_string(f)) + "-" + std::string(hex, 8);
    }
    const char* what = f == format::markdown ? "Imported from Markdown Q&A."
                       : f == format::csv    ? "Imported from a Kahoot-style spreadsheet (CSV)."
                                             : "Imported from Moodle GIFT.";

    nlohmann::ordered_json deck = {{"id", id},
                                   {"title", title},
                                   {"description", what},
                                   {"source", facts.source.empty() ? o.name : facts.source},
                                   {"questions", std::move(d.questions)}};
    // The same validator as the bundled decks: what it refuses is located by
    // the question's line.
    auto loaded = game::load_deck(deck.dump(), o.name);
    if (auto* found = std::get_if<std::vector<game::deck_problem>>(&loaded)) {
        for (const auto& p : *found) {
            const auto line = d.lines.find(p.question);
            std::string message = p.field.empty() ? p.message : p.field + ": " + p.message;
            if (p.question.empty() && !p.field.empty()) {
                message = "deck " + message;
            }
            problems.add(line == d.lines.end() ? 0 : line->second, std::move(message));
        }
        return problems.take();
    }
    return imported{std::move(std::get<game::deck>(loaded)), std::move(deck)};
}

} // namespace detail
} // namespace quizroom::importer
