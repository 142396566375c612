// What the HTTP API reads of a room, the host's report and a player's recap,
// and the host's deletion of the room (room.hpp).

#include "game/question_kind.hpp"
#include "game/room.hpp"

#include <algorithm>
#include <sstream>

namespace quizroom::game {

using protocol::epoch_ms;
using protocol::phase;

namespace {

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

std::string join(const std::vector<int>& picks, const std::vector<std::string>& choices,
                 std::string_view separator) {
    std::string out;
    for (const int i : picks) {
        if (!out.empty()) {
            out += separator;
        }
        out += i >= 0 && static_cast<std::size_t>(i) < choices.size()
                   ? choices[static_cast<std::size_t>(i)]
                   : std::to_string(i);
    }
    return out;
}

/// An answer as a person reads it: the choices picked by their text, the text typed.
std::string shown_answer(const question& q, const protocol::answer_value& v) {
    const auto choices = find_kind(q.kind)->shown_choices(q).value_or(std::vector<std::string>{});
    return std::visit(
        overloaded{
            [&](const protocol::choice_answer& a) { return join({a.choice}, choices, ""); },
            [&](const protocol::choices_answer& a) { return join(a.choices, choices, "; "); },
            [&](const protocol::order_answer& a) { return join(a.order, choices, " > "); },
            [](const protocol::text_answer& a) { return a.text; },
            [](const protocol::value_answer& a) {
                std::ostringstream s;
                s << a.value;
                return s.str();
            },
        },
        v);
}

} // namespace

bool room::is_host_token(std::string_view token) const {
    return !token.empty() && equal_constant_time(secrets_.hash(token), host_token_hash_);
}

game_report room::report(epoch_ms now) const {
    game_report r;
    r.game_id = game_id_;
    r.code = code_;
    r.quiz = quiz();
    r.phase = phase_;
    r.generated_at = now;
    r.total = static_cast<int>(settings_.questions.size());
    // The open question is left out: its answers are not scored yet.
    const std::size_t closed =
        std::min(rounds_.size(), static_cast<std::size_t>(phase_ == phase::question ? q_ : q_ + 1));

    for (std::size_t i = 0; i < closed; ++i) {
        const question& q = settings_.questions[i];
        const question_kind& kind = *find_kind(q.kind);
        report_question rq;
        rq.q = static_cast<int>(i);
        rq.kind = q.kind;
        rq.category = q.category;
        rq.prompt = q.prompt;
        rq.correct = kind.correct(q);
        std::vector<std::int64_t> times;
        std::vector<int> distribution(
            kind.shown_choices(q).value_or(std::vector<std::string>{}).size(), 0);
        for (const auto& [id, a] : rounds_[i].answers) {
            ++rq.answered;
            if (a.credit && *a.credit >= 1.0) {
                ++rq.correct_count;
            }
            times.push_back(a.ms);
            for (const int pick : kind.picks(q, a.value)) {
                ++distribution[static_cast<std::size_t>(pick)];
            }
        }
        if (kind.scored() && rq.answered > 0) {
            rq.accuracy = static_cast<double>(rq.correct_count) / rq.answered;
        }
        rq.median_ms = median(std::move(times));
        if (kind.has_distribution()) {
            rq.distribution = std::move(distribution);
        }
        r.questions.push_back(std::move(rq));
    }

    const auto rank_of = ranks();
    for (std::size_t i = 0; i < players_.size(); ++i) {
        const player& p = players_[i];
        report_player rp;
        rp.id = p.id;
        rp.name = p.name;
        rp.team = p.team;
        rp.status = std::string(to_string(p.status));
        if (rank_of[i] > 0) {
            rp.rank = rank_of[i];
        }
        rp.score = p.score;
        rp.total_ms = p.total_ms;
        for (std::size_t i = 0; i < closed; ++i) {
            const auto a = rounds_[i].answers.find(p.id);
            if (a == rounds_[i].answers.end()) {
                continue;
            }
            const answer_entry& e = a->second;
            if (e.credit && *e.credit >= 1.0) {
                ++rp.correct;
            }
            rp.answers.push_back({static_cast<int>(i), protocol::answer_to_json(e.value),
                                  shown_answer(settings_.questions[i], e.value), e.ms, e.points,
                                  e.credit, e.ms < fast_answer_ms});
        }
        r.players.push_back(std::move(rp));
    }
    return r;
}

report_record room::report_result(epoch_ms now) const {
    return {code_, game_id_, host_token_hash_, report(now)};
}

std::variant<protocol::recap_msg, protocol::protocol_error>
room::recap(std::string_view player_token) const {
    const std::string hash = secrets_.hash(player_token);
    const player* found = nullptr;
    for (const auto& p : players_) {
        if (equal_constant_time(p.token_hash, hash)) {
            found = &p;
        }
    }
    if (player_token.empty() || found == nullptr || found->status == player_status::kicked) {
        return protocol::protocol_error{protocol::error::forbidden,
                                        "that is not a player's token in this room"};
    }
    if (phase_ != phase::podium && phase_ != phase::ended) {
        return protocol::protocol_error{protocol::error::wrong_phase,
                                        "the recap is ready once the game is over"};
    }
    return recap_for(*found);
}

// Ends the game for everyone still here (`host_ended`), then deletes what
// the store keeps of it, once the end itself is stored.
void room::on_erase(epoch_ms now, actions& out) {
    if (phase_ != phase::ended) {
        end_reason_ = "host_ended";
        finish(end_reason_, now, out);
    }
    out.push_back(erase_action{game_id_});
}

} // namespace quizroom::game
