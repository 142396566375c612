#include "game/deck_loader.hpp"

#include "game/question_kind.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace quizroom::game {
namespace {

using nlohmann::json;

bool valid_deck_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

/// Reads one question's fields, collecting problems instead of stopping at the first.
class question_reader {
public:
    question_reader(const json& j, std::string file, std::string label,
                    std::vector<deck_problem>& problems)
        : j_(j), file_(std::move(file)), label_(std::move(label)), problems_(problems) {}

    void problem(std::string field, std::string message) {
        problems_.push_back({file_, label_, std::move(field), std::move(message)});
    }

    std::string text(const char* field, bool required) {
        const auto it = j_.find(field);
        if (it == j_.end() || it->is_null()) {
            if (required) {
                problem(field, "is missing");
            }
            return {};
        }
        if (!it->is_string()) {
            problem(field, "must be a string");
            return {};
        }
        auto s = it->get<std::string>();
        if (required && s.empty()) {
            problem(field, "is empty");
        }
        return s;
    }

    std::vector<std::string> texts(const char* field) {
        const auto it = j_.find(field);
        if (it == j_.end() || it->is_null()) {
            return {};
        }
        if (!it->is_array() ||
            !std::all_of(it->begin(), it->end(), [](const json& v) { return v.is_string(); })) {
            problem(field, "must be a list of strings");
            return {};
        }
        return it->get<std::vector<std::string>>();
    }

    int integer(const char* field, int fallback, int low, int high) {
        const auto it = j_.find(field);
        if (it == j_.end() || it->is_null()) {
            return fallback;
        }
        if (!it->is_number_integer() || it->get<long long>() < low || it->get<long long>() > high) {
            problem(field, "must be a whole number from " + std::to_string(low) + " to " +
                               std::to_string(high));
            return fallback;
        }
        return it->get<int>();
    }

    std::vector<std::vector<std::string>> keywords() {
        std::vector<std::vector<std::string>> out;
        const auto it = j_.find("keywords");
        if (it == j_.end() || it->is_null()) {
            return out;
        }
        if (!it->is_array()) {
            problem("keywords", "must be a list of terms (each a string or a list of synonyms)");
            return out;
        }
        for (const auto& k : *it) {
            if (k.is_string() && !k.get<std::string>().empty()) {
                out.push_back({k.get<std::string>()});
            } else if (k.is_array() && !k.empty() &&
                       std::all_of(k.begin(), k.end(), [](const json& v) {
                           return v.is_string() && !v.get<std::string>().empty();
                       })) {
                out.push_back(k.get<std::vector<std::string>>());
            } else {
                problem("keywords", "each term must be a non-empty string or list of synonyms");
                return {};
            }
        }
        return out;
    }

private:
    const json& j_;
    std::string file_;
    std::string label_;
    std::vector<deck_problem>& problems_;
};

question read_question(const json& j, std::size_t index, const std::string& file,
                       std::vector<deck_problem>& problems) {
    question q;
    std::string label = "#" + std::to_string(index + 1);
    if (const auto it = j.find("id"); it != j.end() && it->is_string() && !it->empty()) {
        label = it->get<std::string>();
    }
    question_reader r(j, file, label, problems);
    if (!j.is_object()) {
        r.problem("", "must be an object");
        return q;
    }
    q.id = r.text("id", true);
    q.category = r.text("category", false);
    if (q.category.empty()) {
        q.category = "General";
    }
    q.kind = r.text("kind", true);
    q.prompt = r.text("prompt", true);
    q.choices = r.texts("choices");
    q.answer = j.value("answer", json());
    q.accepted = r.texts("accepted");
    if (const auto it = j.find("tolerance"); it != j.end() && !it->is_null()) {
        if (!it->is_number() || it->get<double>() < 0) {
            r.problem("tolerance", "must be a number of at least 0");
        } else {
            q.tolerance = it->get<double>();
        }
    }
    q.time_limit_s = r.integer("time_limit_s", 20, 1, 3600);
    q.points = r.integer("points", 1000, 0, 100000);
    q.explanation = r.text("explanation", false);
    q.summary = r.text("summary", false);
    q.concept_term = r.text("concept", false);
    q.keywords = r.keywords();

    if (!q.kind.empty()) {
        if (const question_kind* kind = find_kind(q.kind); kind == nullptr) {
            std::string known;
            for (auto name : kind_names()) {
                known += (known.empty() ? "" : ", ") + std::string(name);
            }
            r.problem("kind", "unknown kind `" + q.kind + "` (known: " + known + ")");
        } else {
            for (auto& p : kind->validate(q)) {
                r.problem(std::move(p.field), std::move(p.message));
            }
        }
    }
    return q;
}

} // namespace

std::string deck_problem::describe() const {
    std::string out = file;
    if (!question.empty()) {
        out += ": question " + question;
    }
    if (!field.empty()) {
        out += ": field " + field;
    }
    return out + ": " + message;
}

deck_result load_deck(std::string_view json_text, const std::string& file) {
    std::vector<deck_problem> problems;
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::vector<deck_problem>{{file, "", "", "is not a JSON object"}};
    }
    question_reader top(j, file, "", problems);
    deck d;
    d.id = top.text("id", true);
    if (!d.id.empty() && !valid_deck_id(d.id)) {
        top.problem("id", "must be 1-64 characters of a-z, 0-9, - and _");
    }
    d.title = top.text("title", true);
    d.description = top.text("description", false);
    d.source = top.text("source", false);

    const auto qs = j.find("questions");
    if (qs == j.end() || !qs->is_array() || qs->empty()) {
        top.problem("questions", "must be a non-empty list");
    } else {
        std::set<std::string> ids;
        for (std::size_t i = 0; i < qs->size(); ++i) {
            question q = read_question((*qs)[i], i, file, problems);
            if (!q.id.empty() && !ids.insert(q.id).second) {
                problems.push_back({file, q.id, "id", "is used by an earlier question too"});
            }
            d.questions.push_back(std::move(q));
        }
    }
    if (!problems.empty()) {
        return problems;
    }
    return d;
}

deck_result load_deck_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::vector<deck_problem>{{path.string(), "", "", "cannot be read"}};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return load_deck(text.str(), path.string());
}

std::variant<std::vector<deck>, std::vector<deck_problem>>
load_deck_folder(const std::filesystem::path& dir) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        // A JSON Schema beside the decks describes them; it is not one.
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.ends_with(".json") && !name.ends_with(".schema.json")) {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        return std::vector<deck_problem>{{dir.string(), "", "", "cannot be read: " + ec.message()}};
    }
    std::sort(files.begin(), files.end());

    std::vector<deck> decks;
    std::vector<deck_problem> problems;
    std::set<std::string> ids;
    for (const auto& f : files) {
        auto result = load_deck_file(f);
        if (auto* p = std::get_if<std::vector<deck_problem>>(&result)) {
            problems.insert(problems.end(), p->begin(), p->end());
            continue;
        }
        auto& d = std::get<deck>(result);
        if (!ids.insert(d.id).second) {
            problems.push_back(
                {f.string(), "", "id", "deck id `" + d.id + "` is used by another file"});
            continue;
        }
        decks.push_back(std::move(d));
    }
    if (!problems.empty()) {
        return problems;
    }
    return decks;
}

} // namespace quizroom::game
