#include "bench/game_room.hpp"

#include "bench/concat.hpp"
#include "bench/frame_scan.hpp"
#include "bench/proc_sample.hpp"
#include "protocol/codec.hpp"

#include <algorithm>
#include <cmath>

namespace quizroom::bench {

namespace {

constexpr std::int64_t ms = 1'000'000;
// Lobby updates go out at most 4 a second and once more after the last
// join; waiting this long keeps them out of the first fan-out.
constexpr std::int64_t settle_after_joins = 600 * ms;

} // namespace

game_room::game_room(game_context& ctx, int global_index, std::size_t first_player,
                     asio::io_context& ioc)
    : ctx_(ctx), global_index_(global_index), first_player_(first_player), ioc_(ioc),
      steps_(ioc.get_executor()), conn_(std::make_shared<ws_connection>(ioc, *this)) {
    const int questions = ctx.opts.questions;
    question_cmd.assign(static_cast<std::size_t>(questions), 0);
    close_cmd.assign(static_cast<std::size_t>(questions), 0);
    leaderboard_cmd.assign(static_cast<std::size_t>(questions), 0);
    for (int i = 0; i < ctx.opts.players; ++i) {
        players_.push_back(std::make_unique<game_player>(
            ctx, *this, i, ctx.pool.at(first_player + static_cast<std::size_t>(i))));
    }

    // Every countdown is set before any player can arrive.
    const auto final_step = [&](std::size_t s) {
        return questions * st_per_question + s;
    };
    steps_.resize(final_step(fs_count));
    const int n = ctx.opts.players;
    for (int q = 0; q < questions; ++q) {
        int in_time = 0;
        int late = 0;
        for (auto& p : players_) {
            in_time += answers_in_time(p->plan(q).what) ? 1 : 0;
            late += p->plan(q).what == outcome::late ? 1 : 0;
        }
        steps_.set(question_step(q, st_question), n);
        steps_.set(question_step(q, st_answer), in_time);
        steps_.set(question_step(q, st_reveal), n);
        steps_.set(question_step(q, st_result), n);
        steps_.set(question_step(q, st_late), late);
        steps_.set(question_step(q, st_leaderboard), n);
    }
    steps_.set(final_step(fs_host_open), 1);
    steps_.set(final_step(fs_created), 1);
    steps_.set(final_step(fs_joined), n);
    steps_.set(final_step(fs_podium), n);
    steps_.set(final_step(fs_ended), n);
}

void game_room::start() {
    asio::co_spawn(ioc_, drive(), asio::detached);
}

void game_room::on_open(beast::error_code ec) {
    if (ec) {
        ++errors[concat("host_connect: ", ec.message())];
    } else {
        ++ctx_.connections_open;
    }
    // Either way the driver stops waiting; it checks whether the screen is open.
    steps_.arrive(ctx_.opts.questions * st_per_question + fs_host_open);
}

void game_room::on_closed(beast::error_code) {
    --ctx_.connections_open;
}

void game_room::on_frame(std::string_view text, std::int64_t) {
    ++frames;
    const frame_fields f = scan_frame(text);
    if (f.type == "created" && code_.empty()) {
        code_ = std::string(f.code);
        steps_.arrive(ctx_.opts.questions * st_per_question + fs_created);
    } else if (f.type == "error") {
        ++errors[concat("host: ", f.code)];
    }
}

void game_room::send_next(std::optional<int> q, std::string_view phase) {
    conn_->send(protocol::encode(
        protocol::client_message{protocol::next_msg{q, protocol::phase_from_string(phase)}}));
}

asio::awaitable<bool> game_room::wait(std::size_t step, std::int64_t give_up,
                                      const std::string& what) {
    const bool done = co_await steps_.wait(step, give_up);
    if (!done) {
        errors[concat("timeout: ", what)] += steps_.left(step);
    }
    co_return done;
}

asio::awaitable<void> game_room::drive() {
    const auto& o = ctx_.opts;
    const auto final_step = [&](std::size_t s) {
        return o.questions * st_per_question + s;
    };
    const std::int64_t step_timeout = std::int64_t{o.step_timeout_ms} * ms;

    const auto* source = ctx_.source_for(first_player_);
    conn_->start(ctx_.target, source ? std::optional(*source) : std::nullopt);
    bool ok = co_await wait(final_step(fs_host_open), now_ns() + step_timeout, "host_open") &&
              conn_->is_open();
    if (ok) {
        protocol::create_options options;
        options.count = o.questions;
        options.shuffle = false;
        options.max_players = o.players;
        // Long enough that the host, not the clock, closes every question.
        options.time_limit_s =
            static_cast<int>(std::ceil((o.answer_after_ms + o.spread_ms) / 1000.0)) + 30;
        conn_->send(protocol::encode(
            protocol::client_message{protocol::create_msg{ctx_.deck.id, options, std::nullopt}}));
        ok = co_await wait(final_step(fs_created), now_ns() + step_timeout, "created");
    }
    if (ok) {
        // Each player's connect and join at its slot in this process's join order.
        std::int64_t last_slot = now_ns();
        for (auto& p : players_) {
            const auto k =
                static_cast<double>(first_player_ + static_cast<std::size_t>(p->index()));
            const std::int64_t slot =
                ctx_.joins_per_second > 0
                    ? ctx_.start_ns + static_cast<std::int64_t>(k * 1e9 / ctx_.joins_per_second)
                    : 0;
            last_slot = std::max(last_slot, slot);
            p->start_at(slot);
        }
        ok = co_await wait(final_step(fs_joined), last_slot + step_timeout, "joined");
    }
    if (--ctx_.rooms_joining == 0 && o.server_pid) {
        ctx_.rss_after_joins_kib = sample_process(*o.server_pid).rss_kib;
    }
    if (ok) {
        co_await steps_.sleep_until(now_ns() + settle_after_joins);
        for (int q = 0; q < o.questions && ok; ++q) {
            ok = co_await play_question(q);
        }
    }
    if (ok) {
        send_next(o.questions - 1, "leaderboard");
        co_await wait(final_step(fs_podium), now_ns() + step_timeout, "podium");
        send_next(std::nullopt, "podium");
        co_await wait(final_step(fs_ended), now_ns() + step_timeout, "ended");
    }
    conn_->close();
    for (auto& p : players_) {
        p->stop();
    }
    ctx_.rooms_done.count_down();
}

asio::awaitable<bool> game_room::play_question(int q) {
    const auto& o = ctx_.opts;
    const auto qi = static_cast<std::size_t>(q);
    const std::int64_t step_timeout = std::int64_t{o.step_timeout_ms} * ms;
    const std::string label = concat("q", std::to_string(q), " ");

    // The fan-out: the host's command to every player's `question`.
    proc_sample before;
    if (ctx_.measure_fanout_cpu) {
        before = sample_process(*o.server_pid);
    }
    question_cmd[qi] = now_ns();
    if (q == 0) {
        conn_->send(protocol::encode(protocol::client_message{protocol::start_msg{}}));
    } else {
        send_next(q - 1, "leaderboard");
    }
    const bool all_asked =
        co_await wait(question_step(q, st_question), now_ns() + step_timeout, label + "question");
    if (ctx_.measure_fanout_cpu && all_asked) {
        const proc_sample after = sample_process(*o.server_pid);
        fanout_cpu_ns += after.cpu_ns - before.cpu_ns;
        fanout_frames += static_cast<std::int64_t>(players_.size()) + 1;
    }

    // The answers; the last one closes the question unless someone is late or silent.
    const std::int64_t answers_due = now_ns() + std::int64_t{o.answer_after_ms + o.spread_ms} * ms;
    co_await wait(question_step(q, st_answer), answers_due + step_timeout, label + "answer_ack");
    const bool someone_missing = std::any_of(players_.begin(), players_.end(), [&](const auto& p) {
        return !answers_in_time(p->plan(q).what);
    });
    if (someone_missing) {
        close_cmd[qi] = now_ns();
        send_next(q, "question");
    }
    co_await wait(question_step(q, st_reveal), now_ns() + step_timeout, label + "reveal");
    co_await wait(question_step(q, st_result), now_ns() + step_timeout, label + "result");
    co_await wait(question_step(q, st_late), now_ns() + step_timeout, label + "late");

    leaderboard_cmd[qi] = now_ns();
    send_next(q, "reveal");
    co_return co_await wait(question_step(q, st_leaderboard), now_ns() + step_timeout,
                            label + "leaderboard");
}

} // namespace quizroom::bench
