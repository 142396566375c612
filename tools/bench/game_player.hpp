#pragma once

// One player of a benched game: joins, answers as planned, and stamps every
// frame it is waiting for. Runs on one io thread; its records are read after
// the io threads have stopped.

#include "bench/answer_plan.hpp"
#include "bench/game_context.hpp"
#include "bench/ws_connection.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quizroom::bench {

class game_room;

class game_player final : public connection_owner {
public:
    game_player(game_context& ctx, game_room& room, int index, asio::io_context& ioc);

    /// Connects and joins at the monotonic instant `at`. Any thread.
    void start_at(std::int64_t at);
    /// Closes the connection. Any thread.
    void stop();

    void on_open(beast::error_code ec) override;
    void on_frame(std::string_view text, std::int64_t at) override;
    void on_closed(beast::error_code ec) override;

    int index() const noexcept { return index_; }
    const planned_answer& plan(int q) const { return plan_[static_cast<std::size_t>(q)]; }

    // The records: monotonic instants, 0 for "never".
    std::int64_t connect_start = 0;
    std::int64_t connect_done = 0;
    std::int64_t join_sent = 0;
    std::int64_t joined_at = 0;
    std::vector<std::int64_t> question_at;
    std::vector<std::int64_t> answer_sent_at;
    std::vector<std::int64_t> ack_at;
    std::vector<std::int64_t> reveal_at;
    std::vector<std::int64_t> result_at;
    std::vector<std::int64_t> leaderboard_at;
    std::vector<std::int64_t> late_sent_at;
    std::vector<std::int64_t> late_refused_at;
    std::int64_t podium_at = 0;
    std::int64_t ended_at = 0;
    std::int64_t frames = 0;
    std::map<std::string, std::int64_t> errors;

private:
    void on_question(int q, std::int64_t at);
    void on_reveal(int q, std::int64_t at);
    void on_error(std::string_view code);
    void send_answer(int q, bool right);
    /// Stamps `slot` once and counts `s` down; a repeat is an error.
    void record(std::vector<std::int64_t>& slots, int q, std::size_t step_index, std::int64_t at,
                const char* what);
    /// Counts down every step this player will never reach, so its room does not wait.
    void give_up();

    game_context& ctx_;
    game_room& room_;
    const int index_;
    std::vector<planned_answer> plan_;
    std::shared_ptr<ws_connection> conn_;
    int pending_late_ = -1; ///< the question of a late answer awaiting its `late`
    bool given_up_ = false;
};

} // namespace quizroom::bench
