#pragma once

// One benched room: a host screen whose driver coroutine creates the room,
// lets its players in, and moves through every phase, waiting at each step
// until every player has what that step sends (or the step times out).

#include "bench/game_context.hpp"
#include "bench/game_player.hpp"
#include "bench/step_waiter.hpp"
#include "bench/ws_connection.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quizroom::bench {

class game_room final : public connection_owner {
public:
    /// `first_player`: this room's first player's place in the process's join order.
    game_room(game_context& ctx, int global_index, std::size_t first_player, asio::io_context& ioc);

    /// Starts the driver. The room counts ctx.rooms_done down when it is over.
    void start();

    void on_open(beast::error_code ec) override;
    void on_frame(std::string_view text, std::int64_t at) override;
    void on_closed(beast::error_code ec) override;

    int global_index() const noexcept { return global_index_; }
    const std::string& code() const noexcept { return code_; }
    step_waiter& steps() noexcept { return steps_; }
    std::vector<std::unique_ptr<game_player>>& players() noexcept { return players_; }

    /// Monotonic instants of the host's commands, 0 for "never sent".
    std::vector<std::int64_t> question_cmd;
    std::vector<std::int64_t> close_cmd; ///< 0 when the last answer closed the question
    std::vector<std::int64_t> leaderboard_cmd;
    std::map<std::string, std::int64_t> errors; ///< the host's, and the driver's time-outs
    std::int64_t frames = 0;
    std::int64_t fanout_cpu_ns = 0;
    std::int64_t fanout_frames = 0;

private:
    asio::awaitable<void> drive();
    asio::awaitable<bool> play_question(int q);
    asio::awaitable<bool> wait(std::size_t step, std::int64_t give_up, const std::string& what);
    void send_next(std::optional<int> q, std::string_view phase);

    game_context& ctx_;
    const int global_index_;
    const std::size_t first_player_;
    asio::io_context& ioc_;
    step_waiter steps_;
    std::shared_ptr<ws_connection> conn_;
    std::vector<std::unique_ptr<game_player>> players_;
    std::string code_;
};

} // namespace quizroom::bench
