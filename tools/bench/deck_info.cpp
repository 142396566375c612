#include "bench/deck_info.hpp"

#include "bench/concat.hpp"
#include "protocol/codec.hpp"

#include <fstream>
#include <stdexcept>

namespace quizroom::bench {

deck_info load_deck_info(const std::string& path, int questions) {
    std::ifstream in(path);
    const auto deck = protocol::json::parse(in, nullptr, false);
    if (deck.is_discarded() || !deck.contains("id") || !deck.contains("questions")) {
        throw std::runtime_error(concat("deck ", path, ": not a deck file"));
    }
    deck_info out;
    out.id = deck.at("id").get<std::string>();
    const auto& qs = deck.at("questions");
    if (qs.size() < static_cast<std::size_t>(questions)) {
        throw std::runtime_error(concat("deck ", path, " has ", std::to_string(qs.size()),
                                        " questions; --questions asks for ",
                                        std::to_string(questions)));
    }
    for (int i = 0; i < questions; ++i) {
        const auto& q = qs.at(static_cast<std::size_t>(i));
        const auto kind = q.value("kind", std::string("choice"));
        if (kind != "choice" && kind != "truefalse") {
            throw std::runtime_error(concat("deck ", path, ": question ", std::to_string(i), " is ",
                                            kind, "; the bench plays choice and truefalse only"));
        }
        const int choices = kind == "truefalse" ? 2 : static_cast<int>(q.at("choices").size());
        out.questions.push_back({q.at("answer").get<int>(), choices});

        protocol::question_msg m;
        m.q = i;
        m.total = questions;
        m.kind = kind;
        m.prompt = q.value("prompt", std::string());
        if (q.contains("choices")) {
            m.choices = q.at("choices").get<std::vector<std::string>>();
        }
        m.category = q.value("category", std::string());
        m.time_limit_ms = q.value("time_limit_s", 20) * 1000;
        m.deadline = 1'700'000'000'000;
        m.points = q.value("points", 1000);
        out.question_frames.push_back(protocol::encode(protocol::server_message{m}));
    }
    return out;
}

} // namespace quizroom::bench
