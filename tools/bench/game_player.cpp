#include "bench/game_player.hpp"

#include "bench/concat.hpp"
#include "bench/frame_scan.hpp"
#include "bench/game_room.hpp"
#include "protocol/codec.hpp"

namespace quizroom::bench {

game_player::game_player(game_context& ctx, game_room& room, int index, asio::io_context& ioc)
    : ctx_(ctx), room_(room), index_(index), conn_(std::make_shared<ws_connection>(ioc, *this)) {
    const auto n = static_cast<std::size_t>(ctx.opts.questions);
    for (auto* v : {&question_at, &answer_sent_at, &ack_at, &reveal_at, &result_at, &leaderboard_at,
                    &late_sent_at, &late_refused_at}) {
        v->assign(n, 0);
    }
    for (int q = 0; q < ctx.opts.questions; ++q) {
        plan_.push_back(plan_answer(ctx.opts, room.global_index(), index, q));
    }
}

void game_player::start_at(std::int64_t at) {
    asio::post(conn_->executor(), [this, at] {
        conn_->call_at(at, [this] {
            connect_start = now_ns();
            ++ctx_.connections_open;
            auto target = ctx_.target;
            target.path = concat("/ws?room=", room_.code());
            const auto* source = ctx_.source_for(static_cast<std::size_t>(index_));
            conn_->start(target, source ? std::optional(*source) : std::nullopt);
        });
    });
}

void game_player::stop() {
    asio::post(conn_->executor(), [this] { conn_->close(); });
}

void game_player::on_open(beast::error_code ec) {
    if (ec) {
        --ctx_.connections_open;
        ++errors[concat("connect: ", ec.message())];
        give_up();
        return;
    }
    connect_done = now_ns();
    join_sent = connect_done;
    conn_->send(protocol::encode(protocol::client_message{
        protocol::join_msg{room_.code(), concat("p", std::to_string(index_)), std::nullopt}}));
}

void game_player::on_closed(beast::error_code) {
    --ctx_.connections_open;
    if (ended_at == 0) {
        ++errors["closed_early"];
    }
    give_up();
}

void game_player::on_frame(std::string_view text, std::int64_t at) {
    ++frames;
    const frame_fields f = scan_frame(text);
    if (!f.ok) {
        ++errors["undecodable_frame"];
        return;
    }
    auto& steps = room_.steps();
    const int questions = ctx_.opts.questions;
    const bool has_q = f.q >= 0 && f.q < questions;
    if (f.type == "joined") {
        if (joined_at == 0) {
            joined_at = at;
            steps.arrive(questions * st_per_question + fs_joined);
        }
    } else if (f.type == "question" && has_q) {
        on_question(f.q, at);
    } else if (f.type == "answer_ack" && has_q) {
        if (!answers_in_time(plan(f.q).what)) {
            ++errors["unexpected_answer_ack"];
            return;
        }
        record(ack_at, f.q, question_step(f.q, st_answer), at, "answer_ack");
    } else if (f.type == "reveal" && has_q) {
        on_reveal(f.q, at);
    } else if (f.type == "result" && has_q) {
        record(result_at, f.q, question_step(f.q, st_result), at, "result");
    } else if (f.type == "leaderboard" && has_q) {
        record(leaderboard_at, f.q, question_step(f.q, st_leaderboard), at, "leaderboard");
    } else if (f.type == "podium") {
        if (podium_at == 0) {
            podium_at = at;
            steps.arrive(questions * st_per_question + fs_podium);
        }
    } else if (f.type == "ended") {
        if (ended_at == 0) {
            ended_at = at;
            steps.arrive(questions * st_per_question + fs_ended);
            conn_->close();
        }
    } else if (f.type == "error") {
        on_error(f.code);
    } else if (f.type == "question" || f.type == "answer_ack" || f.type == "reveal" ||
               f.type == "result" || f.type == "leaderboard") {
        ++errors[concat("bad_q_in_", f.type)];
    }
}

void game_player::on_question(int q, std::int64_t at) {
    if (question_at[static_cast<std::size_t>(q)] != 0) {
        ++errors["duplicate_question"];
        return;
    }
    record(question_at, q, question_step(q, st_question), at, "question");
    const planned_answer& p = plan(q);
    if (!answers_in_time(p.what)) {
        return;
    }
    conn_->call_at(at + std::int64_t{p.delay_ms} * 1'000'000,
                   [this, q, right = p.what == outcome::correct] {
                       answer_sent_at[static_cast<std::size_t>(q)] = now_ns();
                       send_answer(q, right);
                   });
}

void game_player::on_reveal(int q, std::int64_t at) {
    const auto qi = static_cast<std::size_t>(q);
    const planned_answer& p = plan(q);
    if (answers_in_time(p.what) && answer_sent_at[qi] != 0 && ack_at[qi] == 0) {
        ++errors["reveal_before_answer_ack"];
    }
    record(reveal_at, q, question_step(q, st_reveal), at, "reveal");
    if (p.what == outcome::late && late_sent_at[qi] == 0) {
        late_sent_at[qi] = now_ns();
        pending_late_ = q;
        send_answer(q, true);
    }
}

void game_player::on_error(std::string_view code) {
    if (code == "late" && pending_late_ >= 0) {
        record(late_refused_at, pending_late_, question_step(pending_late_, st_late), now_ns(),
               "late");
        pending_late_ = -1;
        return;
    }
    ++errors[std::string(code)];
}

void game_player::send_answer(int q, bool right) {
    const deck_question& dq = ctx_.deck.questions[static_cast<std::size_t>(q)];
    const int choice = right ? dq.answer : (dq.answer + 1) % dq.choices;
    conn_->send(protocol::encode(
        protocol::client_message{protocol::answer_msg{q, protocol::choice_answer{choice}}}));
}

void game_player::record(std::vector<std::int64_t>& slots, int q, std::size_t step_index,
                         std::int64_t at, const char* what) {
    auto& slot = slots[static_cast<std::size_t>(q)];
    if (slot != 0) {
        ++errors[std::string("duplicate_") + what];
        return;
    }
    slot = at;
    room_.steps().arrive(step_index);
}

void game_player::give_up() {
    if (given_up_) {
        return;
    }
    given_up_ = true;
    auto& steps = room_.steps();
    const int questions = ctx_.opts.questions;
    const auto final_step = [&](std::size_t s) {
        return questions * st_per_question + s;
    };
    if (joined_at == 0) {
        steps.arrive(final_step(fs_joined));
    }
    for (int q = 0; q < questions; ++q) {
        const auto qi = static_cast<std::size_t>(q);
        const outcome what = plan(q).what;
        const std::pair<bool, step> missing[] = {
            {question_at[qi] == 0, st_question},
            {answers_in_time(what) && ack_at[qi] == 0, st_answer},
            {reveal_at[qi] == 0, st_reveal},
            {result_at[qi] == 0, st_result},
            {what == outcome::late && late_refused_at[qi] == 0, st_late},
            {leaderboard_at[qi] == 0, st_leaderboard},
        };
        for (const auto& [is_missing, s] : missing) {
            if (is_missing) {
                steps.arrive(question_step(q, s));
            }
        }
    }
    if (podium_at == 0) {
        steps.arrive(final_step(fs_podium));
    }
    if (ended_at == 0) {
        steps.arrive(final_step(fs_ended));
    }
}

} // namespace quizroom::bench
