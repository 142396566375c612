#include "bench/game_run.hpp"

#include "bench/game_room.hpp"
#include "bench/proc_sample.hpp"

#include <algorithm>
#include <thread>

namespace quizroom::bench {

namespace {

constexpr std::int64_t ms = 1'000'000;
constexpr auto close_grace = std::chrono::seconds(5);

void add_errors(raw_results& out, const std::map<std::string, std::int64_t>& errors) {
    for (const auto& [code, n] : errors) {
        out.add_error(code, n);
    }
}

// Turns one room's stamps into samples, and every frame it never saw into an error.
void collect_room(game_room& room, int questions, raw_results& out) {
    add_errors(out, room.errors);
    out.frames += room.frames;
    out.fanout_cpu_ns += room.fanout_cpu_ns;
    out.fanout_frames += room.fanout_frames;
    auto& players = room.players();
    const auto qn = static_cast<std::size_t>(questions);

    // A question the host did not close was closed by its last answer.
    std::vector<std::int64_t> closed_at(qn, 0);
    for (std::size_t q = 0; q < qn; ++q) {
        closed_at[q] = room.close_cmd[q];
        if (closed_at[q] == 0) {
            for (const auto& p : players) {
                closed_at[q] = std::max(closed_at[q], p->answer_sent_at[q]);
            }
        }
    }

    std::vector<std::int64_t> last_question(qn, 0);
    const auto sample_or_miss = [&](samples& to, std::int64_t from, std::int64_t at,
                                    const char* missing) {
        if (from == 0) {
            return;
        }
        if (at != 0) {
            to.push_back(at - from);
        } else {
            out.add_error(missing);
        }
    };
    for (const auto& p : players) {
        ++out.players;
        out.frames += p->frames;
        add_errors(out, p->errors);
        if (p->connect_done != 0) {
            ++out.connected;
            out.connect.push_back(p->connect_done - p->connect_start);
            out.first_connect_ns = std::min(out.first_connect_ns, p->connect_start);
            out.last_connect_ns = std::max(out.last_connect_ns, p->connect_done);
        }
        if (p->joined_at == 0) {
            continue;
        }
        ++out.joined;
        out.join.push_back(p->joined_at - p->join_sent);
        out.first_join_ns = std::min(out.first_join_ns, p->join_sent);
        out.last_join_ns = std::max(out.last_join_ns, p->joined_at);
        for (std::size_t q = 0; q < qn; ++q) {
            if (room.question_cmd[q] == 0) {
                break;
            }
            sample_or_miss(out.fanout, room.question_cmd[q], p->question_at[q], "missing_question");
            if (p->question_at[q] != 0) {
                last_question[q] = std::max(last_question[q], p->question_at[q]);
            }
            const outcome what = p->plan(static_cast<int>(q)).what;
            if (answers_in_time(what) && p->answer_sent_at[q] != 0) {
                ++out.answers_sent;
                out.answers_acked += p->ack_at[q] != 0 ? 1 : 0;
                sample_or_miss(out.answer_ack, p->answer_sent_at[q], p->ack_at[q], "lost_answer");
            }
            if (what == outcome::late && p->late_sent_at[q] != 0) {
                ++out.late_sent;
                out.late_refused += p->late_refused_at[q] != 0 ? 1 : 0;
                if (p->late_refused_at[q] == 0) {
                    out.add_error("late_answer_not_refused");
                }
            }
            sample_or_miss(out.reveal, closed_at[q], p->reveal_at[q], "missing_reveal");
            sample_or_miss(out.result, closed_at[q], p->result_at[q], "missing_result");
            sample_or_miss(out.leaderboard, room.leaderboard_cmd[q], p->leaderboard_at[q],
                           "missing_leaderboard");
        }
        if (p->podium_at == 0) {
            out.add_error("missing_podium");
        }
        if (p->ended_at == 0) {
            out.add_error("missing_ended");
        }
    }
    for (std::size_t q = 0; q < qn; ++q) {
        if (room.question_cmd[q] != 0 && last_question[q] != 0) {
            out.fanout_last.push_back(last_question[q] - room.question_cmd[q]);
        }
    }
}

} // namespace

raw_results run_game(const options& opts, const deck_info& deck, const ws_target& target,
                     int process_index, int process_count) {
    const std::int64_t cpu_before = self_cpu_ns();
    raw_results out;

    std::vector<int> mine;
    for (int r = process_index; r < opts.rooms; r += process_count) {
        mine.push_back(r);
    }
    // Declared first, so that it outlives every socket and timer below.
    io_pool pool(opts.threads);
    game_context ctx(opts, deck, pool, static_cast<int>(mine.size()));
    ctx.target = target;
    for (const auto& s : opts.sources) {
        ctx.sources.push_back(asio::ip::make_address(s));
    }
    ctx.joins_per_second = opts.joins_per_second / process_count;
    ctx.measure_fanout_cpu = opts.rooms == 1 && opts.server_pid.has_value();

    std::vector<std::unique_ptr<game_room>> rooms;
    std::size_t first_player = 0;
    for (std::size_t i = 0; i < mine.size(); ++i) {
        rooms.push_back(std::make_unique<game_room>(ctx, mine[i], first_player, pool.at(i)));
        first_player += static_cast<std::size_t>(opts.players);
    }
    // Room creation first; players' join slots start after it.
    ctx.start_ns = now_ns() + 300 * ms;
    pool.run();
    for (auto& r : rooms) {
        r->start();
    }
    ctx.rooms_done.wait();
    const auto give_up = bench_clock::now() + close_grace;
    while (ctx.connections_open > 0 && bench_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pool.stop();

    for (auto& r : rooms) {
        collect_room(*r, opts.questions, out);
    }
    out.fanout_cpu_measured = ctx.measure_fanout_cpu;
    out.rss_after_joins_kib = ctx.rss_after_joins_kib;
    out.bench_cpu_ns = self_cpu_ns() - cpu_before;
    return out;
}

} // namespace quizroom::bench
