#include "game/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace quizroom::game {
namespace {

using nlohmann::json;

template <class T> json or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

template <class T> std::optional<T> optional_of(const json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() || it->is_null() ? std::nullopt : std::optional<T>(it->get<T>());
}

json to_json(const report_answer& a) {
    return {{"q", a.q},           {"answer", a.answer},          {"shown", a.shown}, {"ms", a.ms},
            {"points", a.points}, {"credit", or_null(a.credit)}, {"fast", a.fast}};
}

json to_json(const report_player& p) {
    json answers = json::array();
    for (const auto& a : p.answers) {
        answers.push_back(to_json(a));
    }
    return {{"id", p.id},           {"name", p.name},          {"team", or_null(p.team)},
            {"status", p.status},   {"rank", or_null(p.rank)}, {"score", p.score},
            {"correct", p.correct}, {"total_ms", p.total_ms},  {"answers", std::move(answers)}};
}

json to_json(const report_question& q) {
    json j = {{"q", q.q},
              {"kind", q.kind},
              {"category", q.category},
              {"prompt", q.prompt},
              {"correct", q.correct},
              {"answered", q.answered},
              {"correct_count", q.correct_count},
              {"accuracy", or_null(q.accuracy)},
              {"median_ms", or_null(q.median_ms)}};
    if (q.distribution) {
        j["distribution"] = *q.distribution;
    }
    return j;
}

/// A number for a CSV cell: whole numbers without a fraction, others to 4 places.
std::string number(double v) {
    const double rounded = std::round(v * 10000.0) / 10000.0;
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

template <class T> std::string cell_of(const std::optional<T>& v) {
    if (!v) {
        return {};
    }
    if constexpr (std::is_floating_point_v<T>) {
        return number(*v);
    } else {
        return std::to_string(*v);
    }
}

void write_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += csv_cell(cells[i]);
    }
    out += "\r\n";
}

} // namespace

nlohmann::json to_json(const game_report& r) {
    json questions = json::array();
    for (const auto& q : r.questions) {
        questions.push_back(to_json(q));
    }
    json players = json::array();
    for (const auto& p : r.players) {
        players.push_back(to_json(p));
    }
    return {{"game_id", r.game_id},
            {"code", r.code},
            {"quiz", {{"id", r.quiz.id}, {"title", r.quiz.title}}},
            {"phase", protocol::to_string(r.phase)},
            {"generated_at", r.generated_at},
            {"total", r.total},
            {"questions", std::move(questions)},
            {"players", std::move(players)}};
}

std::optional<game_report> game_report_from_json(const nlohmann::json& j) {
    // The store wrote it with to_json: anything else is malformed, whatever
    // the first missing or ill-typed field.
    try {
        game_report r;
        r.game_id = j.at("game_id").get<std::string>();
        r.code = j.at("code").get<std::string>();
        r.quiz = {j.at("quiz").at("id").get<std::string>(),
                  j.at("quiz").at("title").get<std::string>()};
        const auto phase = protocol::phase_from_string(j.at("phase").get<std::string>());
        if (!phase) {
            return std::nullopt;
        }
        r.phase = *phase;
        r.generated_at = j.at("generated_at").get<protocol::epoch_ms>();
        r.total = j.at("total").get<int>();
        for (const auto& x : j.at("questions")) {
            report_question q;
            q.q = x.at("q").get<int>();
            q.kind = x.at("kind").get<std::string>();
            q.category = x.at("category").get<std::string>();
            q.prompt = x.at("prompt").get<std::string>();
            q.correct = x.at("correct");
            q.answered = x.at("answered").get<int>();
            q.correct_count = x.at("correct_count").get<int>();
            q.accuracy = optional_of<double>(x, "accuracy");
            q.median_ms = optional_of<double>(x, "median_ms");
            q.distribution = optional_of<std::vector<int>>(x, "distribution");
            r.questions.push_back(std::move(q));
        }
        for (const auto& x : j.at("players")) {
            report_player p;
            p.id = x.at("id").get<std::string>();
            p.name = x.at("name").get<std::string>();
            p.team = optional_of<std::string>(x, "team");
            p.status = x.at("status").get<std::string>();
            p.rank = optional_of<int>(x, "rank");
            p.score = x.at("score").get<int>();
            p.correct = x.at("correct").get<int>();
            p.total_ms = x.at("total_ms").get<std::int64_t>();
            for (const auto& y : x.at("answers")) {
                p.answers.push_back({y.at("q").get<int>(), y.at("answer"),
                                     y.at("shown").get<std::string>(),
                                     y.at("ms").get<std::int64_t>(), y.at("points").get<int>(),
                                     optional_of<double>(y, "credit"), y.at("fast").get<bool>()});
            }
            r.players.push_back(std::move(p));
        }
        return r;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

nlohmann::json to_json(const report_record& r) {
    return {{"code", r.code},
            {"game_id", r.game_id},
            {"host_token_hash", r.host_token_hash},
            {"report", to_json(r.report)}};
}

std::optional<report_record> report_record_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("report")) {
        return std::nullopt;
    }
    auto report = game_report_from_json(j.at("report"));
    const auto text = [&j](const char* key) -> std::optional<std::string> {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? std::optional(it->get<std::string>())
                                                : std::nullopt;
    };
    const auto code = text("code");
    const auto game_id = text("game_id");
    const auto hash = text("host_token_hash");
    if (!report || !code || !game_id || !hash) {
        return std::nullopt;
    }
    return report_record{*code, *game_id, *hash, std::move(*report)};
}

std::string to_csv(const game_report& r) {
    std::string out;
    write_row(out, {"player_id", "name", "team", "status", "rank", "score", "correct_answers",
                    "total_ms", "q", "prompt", "answer", "credit", "points", "ms", "fast",
                    "question_accuracy", "question_median_ms"});
    for (const auto& p : r.players) {
        const std::vector<std::string> player_cells{p.id,
                                                    p.name,
                                                    p.team.value_or(std::string()),
                                                    p.status,
                                                    cell_of(p.rank),
                                                    std::to_string(p.score),
                                                    std::to_string(p.correct),
                                                    std::to_string(p.total_ms)};
        if (r.questions.empty()) {
            auto cells = player_cells;
            cells.resize(17);
            write_row(out, cells);
            continue;
        }
        for (const auto& q : r.questions) {
            auto cells = player_cells;
            cells.push_back(std::to_string(q.q));
            cells.push_back(q.prompt);
            const auto a = std::find_if(p.answers.begin(), p.answers.end(),
                                        [&q](const report_answer& x) { return x.q == q.q; });
            if (a != p.answers.end()) {
                cells.insert(cells.end(), {a->shown, cell_of(a->credit), std::to_string(a->points),
                                           std::to_string(a->ms), a->fast ? "true" : "false"});
            } else {
                cells.resize(cells.size() + 5);
            }
            cells.push_back(cell_of(q.accuracy));
            cells.push_back(cell_of(q.median_ms));
            write_row(out, cells);
        }
    }
    return out;
}

std::string csv_cell(std::string_view text) {
    const bool formula =
        !text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' ||
                          text.front() == '@' || text.front() == '\t' || text.front() == '\r');
    const bool special = text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!formula && !special) {
        return std::string(text);
    }
    std::string out = formula ? "\"'" : "\"";
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::optional<double> median(std::vector<std::int64_t> values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    if (values.size() % 2 == 1) {
        return static_cast<double>(values[mid]);
    }
    return (static_cast<double>(values[mid - 1]) + static_cast<double>(values[mid])) / 2.0;
}

} // namespace quizroom::game
