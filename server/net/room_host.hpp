#pragma once

// Runs one room on its own strand and carries out its actions: sends and
// broadcasts (encoded once), attachments, closes, store commits (as
// barriers: nothing after a persist reaches a client before it is stored),
// and the room's one timer.

#include "game/room.hpp"
#include "net/connection.hpp"
#include "store/store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace quizroom::net {

/// What the HTTP API may read of a room from any thread.
struct room_summary {
    std::string code;
    protocol::phase phase = protocol::phase::lobby;
    int players = 0;
    protocol::quiz_ref quiz;
    bool locked = false;
};

class room_host : public std::enable_shared_from_this<room_host> {
public:
    /// Replies the room sends to "no connection" (conn 0): the HTTP API's
    /// `created` (or error) after the room is stored.
    using api_reply = std::function<void(const protocol::server_message&)>;
    /// Called once, on the room's strand, when the game has ended.
    using on_ended = std::function<void(const std::string& code)>;

    room_host(boost::asio::any_io_executor executor, game::room room, store::store& store,
              on_ended ended);
    ~room_host();
    room_host(const room_host&) = delete;
    room_host& operator=(const room_host&) = delete;

    /// Opens the room: `from` (or the HTTP API's `reply`, when `from` is null)
    /// becomes its first host and receives `created`. Thread-safe.
    void open(std::shared_ptr<connection> from, std::optional<nlohmann::json> id, api_reply reply);

    /// Starts a restored room's clock (its timer and idle expiry). Thread-safe.
    void resume();

    /// The server is going down: tells every connection of the room
    /// (`unavailable`) and closes it with 1012, so that clients reconnect
    /// and rejoin once a server is back. Thread-safe.
    void close_for_restart();

    /// A command from a connection. Thread-safe.
    void command(std::shared_ptr<connection> from, game::command_event e);

    /// A connection that was attached here, or that sent a command, has closed. Thread-safe.
    void disconnected(game::conn_id conn);

    /// A question frame went out on `conn`. Thread-safe. Reports are batched:
    /// one post to the room's strand carries every report that arrived
    /// before it ran, not one post each.
    void delivered(game::delivered_event e);

    room_summary summary() const;

    // The HTTP API's requests with a token. Thread-safe; `done` runs on the
    // room's strand.
    template <class T>
    using api_result = std::function<void(std::variant<T, protocol::protocol_error>)>;
    /// The host's report so far (`forbidden` for another token).
    void report(std::string host_token, api_result<game::game_report> done);
    /// A player's recap (see game::room::recap).
    void recap(std::string player_token, api_result<protocol::recap_msg> done);
    /// Ends the room (`host_ended`) and deletes what the store keeps of it;
    /// `done(std::monostate)` once deleted, else `forbidden` or `unavailable`.
    void erase(std::string host_token, api_result<std::monostate> done);
    /// `options.teams`, fixed when the room was made. Thread-safe.
    const std::vector<std::string>& teams() const noexcept { return teams_; }

private:
    struct member {
        std::weak_ptr<connection> conn;
        std::optional<game::role> role; ///< unset until the room attaches it
        std::string player_id;          ///< once `joined`, for log lines
    };
    using steady_time = std::chrono::steady_clock::time_point;
    /// An action and when the command that caused it reached the room
    /// (unset for timers and other events), for the answer-ack latency.
    struct pending_action {
        game::action action;
        steady_time received;
    };

    void handle(const game::event& e, steady_time received = {});
    void take_delivered();
    void forget(game::conn_id conn);
    void drain();
    void gather_records(game::persist_action& into);
    void perform(game::action& a);
    void perform(game::send_action& a);
    void perform(game::results_action& a);
    void perform(game::broadcast_action& a);
    void perform(game::attach_action& a);
    void perform(game::close_action& a);
    void perform(game::timer_action& a);
    void perform(game::ended_action& a);
    void perform(game::persist_action& a);
    void perform(game::erase_action& a);
    void on_timer(boost::system::error_code ec);
    void update_summary();
    void log_error_sent(game::conn_id conn, const protocol::error_msg& e) const;

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer timer_;
    game::room room_;
    const std::vector<std::string> teams_; ///< fixed at creation: kept out of each update
    store::store& store_;
    on_ended ended_;
    api_reply api_reply_;

    // Touched on the strand only.
    std::unordered_map<game::conn_id, member> members_;
    std::unordered_set<game::conn_id> host_members_; ///< members attached as host screens
    std::deque<pending_action> backlog_;
    steady_time performing_received_; ///< `received` of the action being performed
    bool committing_ = false;
    bool last_commit_durable_ = true;
    bool frozen_ = false; ///< closed for a restart: no event moves the room on
    std::vector<api_result<std::monostate>> erase_waiters_; ///< told when erase_action is done

    std::mutex delivered_mutex_;
    std::vector<game::delivered_event> delivered_; ///< not yet handled; under delivered_mutex_

    mutable std::mutex summary_mutex_;
    room_summary summary_;

    // What this room adds to /metrics now; touched where summary_ is.
    protocol::phase counted_phase_ = protocol::phase::lobby;
    int counted_players_ = 0;
};

} // namespace quizroom::net
