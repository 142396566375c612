// A Kahoot-style quiz spreadsheet saved as CSV. The template's columns are
// "Question - max 120 characters", "Answer 1 - max 75 characters", ...,
// "Time limit (sec) - 5, 10, 20, 30, 60, 90, 120, or 240 secs" and
// "Correct answer(s) - choose at least one"; columns are found by how their
// header starts, so both the template's long names and short ones work.

#include "import/import_common.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

namespace quizroom::importer {
namespace {

using detail::trim;

/// Kahoot's own default.
constexpr int csv_default_time_limit_s = 20;
constexpr int max_answer_columns = 6;
/// How far down the header row may be (the template has a few lines of instructions first).
constexpr std::size_t header_search_rows = 30;

struct csv_record {
    int line = 0; ///< where the record starts
    std::vector<std::string> cells;
};

struct csv_error {
    int line = 0;
    std::string message;
};

/// RFC 4180 records. A quoted field may hold the separator, newlines and
/// doubled quotes; a quote inside an unquoted field is taken as it is.
std::variant<std::vector<csv_record>, csv_error> parse_csv(std::string_view text, char sep) {
    text = detail::strip_bom(text);
    std::vector<csv_record> out;
    csv_record record{1, {}};
    std::string cell;
    int line = 1;
    std::size_t i = 0;
    bool record_open = false; // something of this record was read

    const auto end_cell = [&] {
        record.cells.push_back(std::move(cell));
        cell.clear();
    };
    const auto end_record = [&](int next_line) {
        end_cell();
        out.push_back(std::move(record));
        record = {next_line, {}};
        record_open = false;
    };
    const auto newline_at = [&](std::size_t at) -> std::size_t { // length of the line end at `at`
        if (text[at] == '\r') {
            return (at + 1 < text.size() && text[at + 1] == '\n') ? 2 : 1;
        }
        return text[at] == '\n' ? 1 : 0;
    };

    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && trim(cell).empty()) {
            // A quoted field, to its closing quote (white space before it is dropped).
            const int started = line;
            cell.clear();
            ++i;
            bool closed = false;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (const std::size_t n = newline_at(i); n != 0) {
                    cell += '\n';
                    i += n;
                    ++line;
                    continue;
                }
                cell += text[i++];
            }
            if (!closed) {
                return csv_error{started, "a quoted field that starts on this line is not closed "
                                          "(a quote is missing)"};
            }
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t') && text[i] != sep) {
                ++i;
            }
            if (i < text.size() && text[i] != sep && newline_at(i) == 0) {
                return csv_error{line, "text after the closing quote of a field (inside a quoted "
                                       "field, write a quote as two quotes \"\")"};
            }
            record_open = true;
            continue;
        }
        if (c == sep) {
            end_cell();
            record_open = true;
            ++i;
            continue;
        }
        if (const std::size_t n = newline_at(i); n != 0) {
            i += n;
            ++line;
            end_record(line);
            continue;
        }
        cell += c;
        record_open = true;
        ++i;
    }
    if (record_open || !cell.empty()) {
        end_record(line);
    }
    return out;
}

enum class column { question, time_limit, correct };

struct header {
    int line = 0;
    std::map<column, std::size_t> at;
    std::map<int, std::size_t> answers; ///< answer number (1-based) -> cell index
};

/// The header row's columns, when `r` is the header row.
std::optional<header> read_header(const csv_record& r) {
    header h{r.line, {}, {}};
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
        const std::string name = detail::collapse_spaces(detail::lower_ascii(r.cells[i]));
        if (name.starts_with("question") && !h.at.contains(column::question)) {
            h.at[column::question] = i;
        } else if (name.starts_with("time limit")) {
            h.at[column::time_limit] = i;
        } else if (name.starts_with("correct answer")) {
            h.at[column::correct] = i;
        } else if (name.starts_with("answer ") && name.size() > 7 && name[7] >= '1' &&
                   name[7] <= '0' + max_answer_columns &&
                   (name.size() == 8 || name[8] < '0' || name[8] > '9')) {
            h.answers[name[7] - '0'] = i;
        }
    }
    if (!h.at.contains(column::question) || h.answers.empty()) {
        return std::nullopt;
    }
    return h;
}

/// A cell's text, white space collapsed (a line break in a cell is shown as a space anyway).
std::string cell(const csv_record& r, std::size_t i) {
    return i < r.cells.size() ? detail::collapse_spaces(r.cells[i]) : std::string{};
}

std::optional<int> whole_number(std::string_view s) {
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return value;
}

/// "2", "1,3", "1, 3", "1;3" -> the numbers; a message when one is not a number.
std::variant<std::vector<int>, std::string> correct_numbers(std::string_view s) {
    std::vector<int> out;
    std::string token;
    const auto flush = [&]() -> std::optional<std::string> {
        if (token.empty()) {
            return std::nullopt;
        }
        const auto n = whole_number(token);
        if (!n) {
            return "correct answer `" + token + "` is not an answer number";
        }
        if (std::find(out.begin(), out.end(), *n) == out.end()) {
            out.push_back(*n);
        }
        token.clear();
        return std::nullopt;
    };
    for (const char c : s) {
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n') {
            if (auto e = flush()) {
                return *e;
            }
        } else {
            token += c;
        }
    }
    if (auto e = flush()) {
        return *e;
    }
    return out;
}

} // namespace

result import_csv(std::string_view text, const options& o) {
    detail::problem_list problems;
    // Comma first; a spreadsheet saved with a European locale separates with `;`.
    std::vector<csv_record> records;
    std::optional<header> head;
    std::optional<csv_error> comma_failure;
    for (const char sep : {',', ';'}) {
        auto parsed = parse_csv(text, sep);
        if (auto* e = std::get_if<csv_error>(&parsed)) {
            if (sep == ',') {
                comma_failure = *e;
            }
            continue;
        }
        auto& rs = std::get<std::vector<csv_record>>(parsed);
        for (std::size_t i = 0; i < rs.size() && i < header_search_rows && !head; ++i) {
            if ((head = read_header(rs[i]))) {
                records.assign(rs.begin() + static_cast<std::ptrdiff_t>(i) + 1, rs.end());
            }
        }
        if (head) {
            break;
        }
    }
    if (!head && comma_failure) {
        problems.add(comma_failure->line, comma_failure->message);
        return problems.take();
    }
    if (!head) {
        problems.add(1, "no header row: expected the columns Question, Answer 1, Answer 2, "
                        "Answer 3, Answer 4, Time limit (sec), Correct answer(s)");
        return problems.take();
    }
    if (!head->at.contains(column::correct)) {
        problems.add(head->line, "the header has no `Correct answer(s)` column");
        return problems.take();
    }

    detail::draft d;
    int number = 0;
    for (const auto& r : records) {
        const std::string prompt = cell(r, head->at[column::question]);
        const std::string correct = cell(r, head->at[column::correct]);
        std::vector<std::pair<int, std::string>> answers; // (answer number, text), non-empty
        for (const auto& [n, at] : head->answers) {
            if (auto a = cell(r, at); !a.empty()) {
                answers.emplace_back(n, std::move(a));
            }
        }
        // Empty rows, and the template's numbered rows left empty.
        if (prompt.empty() && answers.empty() && correct.empty()) {
            continue;
        }
        ++number;
        const int line = r.line;
        bool ok = true;
        const auto bad = [&](std::string message) {
            problems.add(line, std::move(message));
            ok = false;
        };
        if (prompt.empty()) {
            bad("the question is empty");
        }
        if (answers.size() < 2) {
            bad("a question needs at least two answers, this one has " +
                std::to_string(answers.size()));
        }
        std::vector<int> right;
        if (correct.empty()) {
            bad("no correct answer: put the number of the right answer (1-" +
                std::to_string(head->answers.rbegin()->first) + ") in `Correct answer(s)`");
        } else {
            auto parsed = correct_numbers(correct);
            if (auto* e = std::get_if<std::string>(&parsed)) {
                bad(*e);
            } else {
                for (const int n : std::get<std::vector<int>>(parsed)) {
                    const auto it = std::find_if(answers.begin(), answers.end(),
                                                 [n](const auto& a) { return a.first == n; });
                    if (!head->answers.contains(n)) {
                        bad("correct answer " + std::to_string(n) +
                            " is not a column: answers are 1-" +
                            std::to_string(head->answers.rbegin()->first));
                    } else if (it == answers.end()) {
                        bad("correct answer " + std::to_string(n) + " is an empty answer");
                    } else {
                        right.push_back(static_cast<int>(it - answers.begin()));
                    }
                }
            }
        }
        std::optional<int> time_limit;
        if (head->at.contains(column::time_limit)) {
            if (const std::string t = cell(r, head->at[column::time_limit]); !t.empty()) {
                time_limit = whole_number(t);
                if (!time_limit || *time_limit < 1 || *time_limit > 3600) {
                    bad("time limit `" + t + "` is not a whole number of seconds from 1 to 3600");
                }
            }
        }
        if (!ok) {
            continue;
        }

        const std::string id = detail::numbered_id(static_cast<std::size_t>(number));
        nlohmann::ordered_json j = {{"id", id}};
        j["kind"] = right.size() == 1 ? "choice" : "multi";
        j["prompt"] = prompt;
        nlohmann::ordered_json choices = nlohmann::ordered_json::array();
        for (const auto& a : answers) {
            choices.push_back(a.second);
        }
        j["choices"] = std::move(choices);
        if (right.size() == 1) {
            j["answer"] = right.front();
        } else {
            std::sort(right.begin(), right.end());
            j["answer"] = right;
        }
        j["time_limit_s"] = time_limit.value_or(csv_default_time_limit_s);
        d.lines[id] = line;
        d.questions.push_back(std::move(j));
    }
    return detail::finish(format::csv, text, o, {}, std::move(d), std::move(problems));
}

} // namespace quizroom::importer
