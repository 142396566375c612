#pragma once

// One game as a pure state machine: handle(event, now) returns actions.
// The room never reads a clock, owns a timer or sees a socket; its host
// (net/room_host) carries the actions out on the room's strand.

#include "game/interview.hpp"
#include "game/report.hpp"
#include "game/room_actions.hpp"
#include "game/room_events.hpp"
#include "game/room_settings.hpp"
#include "game/secrets.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace quizroom::game {

/// A room with nobody connected for this long ends as `expired`.
inline constexpr std::int64_t idle_expiry_ms = 10 * 60 * 1000;
/// The round-trip time credited to a player is capped at this.
inline constexpr std::int64_t rtt_cap_ms = 500;
/// A question closes this long after its (RTT-extended) deadline, so that an
/// answer read just before the deadline is not overtaken by the close.
inline constexpr std::int64_t close_grace_ms = 50;
inline constexpr std::int64_t lobby_interval_ms = 250; ///< `lobby` at most 4 a second
/// ...and in a room of over 1,000 players less often: `lobby` goes to every
/// player, so a room sends at most this many of its frames a second (10,000
/// players: one every 2.5 s). PROTOCOL.md asks for at most 4 a second.
inline constexpr std::int64_t lobby_frames_per_second = 4000;
inline constexpr std::int64_t answers_interval_ms = 200; ///< `answers` at most 5 a second

class room {
public:
    room(std::string code, room_settings settings, secrets& secrets);

    /// Rebuilds a room from what the store kept of it, after a restart or on
    /// another node. `settings` come from restore_room_settings(deck,
    /// stored.room); `now` is the time of the restore and `downtime_ms` how
    /// long the room was gone: the open question's times and a pending
    /// auto-advance move later by it. Nobody is attached; players `rejoin`
    /// and hosts `host` with their tokens. The first event handled stores
    /// the moved times and arms the timer. Fails, saying why, when the
    /// records do not fit together or do not fit the settings.
    static std::variant<room, std::string> restore(std::string code, room_settings settings,
                                                   secrets& secrets, const stored_room& stored,
                                                   protocol::epoch_ms now,
                                                   std::int64_t downtime_ms);

    std::vector<action> handle(const event& e, protocol::epoch_ms now);

    const std::string& code() const noexcept { return code_; }
    protocol::phase phase() const noexcept { return phase_; }
    protocol::quiz_ref quiz() const { return {settings_.quiz_id, settings_.quiz_title}; }
    const std::vector<std::string>& teams() const noexcept { return settings_.teams; }
    int member_count() const noexcept { return members_; }
    bool locked() const noexcept { return locked_; }

    // What the HTTP API reads of a room (room_report.cpp).
    /// Whether `token` is this room's host token (compared in constant time).
    bool is_host_token(std::string_view token) const;
    /// The host's report of the game so far: its closed questions, everyone who joined.
    game_report report(protocol::epoch_ms now) const;
    /// The `recap` of the player whose token this is, once the game is over
    /// (podium or ended): `forbidden` for a token of nobody here or of a
    /// kicked player, `wrong_phase` before the podium.
    std::variant<protocol::recap_msg, protocol::protocol_error>
    recap(std::string_view player_token) const;

private:
    struct player {
        std::string id;
        std::string name;
        std::string key; ///< folded name, for uniqueness
        std::optional<std::string> team;
        std::string token_hash;
        player_status status = player_status::active;
        conn_id conn = 0;
        int score = 0;
        int streak = 0;
        int delta = 0;
        std::int64_t total_ms = 0;
        std::int64_t rtt_ms = 0;
    };
    struct answer_entry {
        protocol::answer_value value;
        std::int64_t ms = 0;
        std::optional<double> credit;
        int points = 0;
        int streak_after = 0;
        int streak_before = 0; ///< for a credit override
    };
    /// When a player's `question` frame went out, and the pause total then.
    struct seen_mark {
        protocol::epoch_ms at = 0;
        std::int64_t paused_before = 0;
    };
    struct round {
        protocol::epoch_ms opened_at = 0;
        protocol::epoch_ms deadline = 0;
        std::int64_t paused_total_ms = 0;
        std::unordered_map<std::string, seen_mark> seen;
        std::map<std::string, answer_entry> answers;
        // Interview mode.
        std::optional<std::string> candidate;   ///< player id
        protocol::epoch_ms rating_deadline = 0; ///< set when the question closes
        bool rated = false;                     ///< rating closed and scored
        std::map<std::string, int> ratings;     ///< by rating player id
        std::optional<int> host_rating;
    };
    /// A broadcast sent at most every `interval`, and once after the last change.
    struct throttle {
        std::optional<protocol::epoch_ms> last_sent;
        std::optional<protocol::epoch_ms> pending_at;
    };

    using actions = std::vector<action>;

    std::optional<std::string> load(const stored_room& stored, protocol::epoch_ms now,
                                    std::int64_t downtime_ms);
    std::optional<std::string> load_interview(const room_record& rec, std::int64_t shift);

    void on_open(const open_event& e, protocol::epoch_ms now, actions& out);
    void on_command(const command_event& e, protocol::epoch_ms now, actions& out);
    void on_disconnect(const disconnect_event& e, protocol::epoch_ms now, actions& out);
    void on_delivered(const delivered_event& e);
    void on_tick(protocol::epoch_ms now, actions& out);

    void on_host(const command_event& e, const protocol::host_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_join(const command_event& e, const protocol::join_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_rejoin(const command_event& e, const protocol::rejoin_msg& m, protocol::epoch_ms now,
                   actions& out);
    void on_answer(const command_event& e, const protocol::answer_msg& m, actions& out);
    void on_next(const command_event& e, const protocol::next_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_pause(const command_event& e, protocol::epoch_ms now, actions& out);
    void on_resume(const command_event& e, protocol::epoch_ms now, actions& out);
    void on_end(const command_event& e, protocol::epoch_ms now, actions& out);
    void on_kick(const command_event& e, const protocol::kick_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_lock(const command_event& e, const protocol::lock_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_leave(const command_event& e, protocol::epoch_ms now, actions& out);
    void on_rate(const command_event& e, const protocol::rate_msg& m, protocol::epoch_ms now,
                 actions& out);
    void on_candidate(const command_event& e, const protocol::candidate_msg& m,
                      protocol::epoch_ms now, actions& out);
    void on_override(const command_event& e, const protocol::override_msg& m, actions& out);
    void on_erase(protocol::epoch_ms now, actions& out);

    // Phase changes.
    void open_question(int q, protocol::epoch_ms now, actions& out);
    void close_question(protocol::epoch_ms now, actions& out);
    void open_rating(protocol::epoch_ms now, actions& out);
    void close_rating(protocol::epoch_ms now, actions& out);
    void show_leaderboard(protocol::epoch_ms now, actions& out);
    void show_podium(protocol::epoch_ms now, actions& out);
    void finish(std::string reason, protocol::epoch_ms now, actions& out);
    void advance(protocol::epoch_ms now, actions& out);

    // Views.
    protocol::state_msg state_for(conn_id conn, protocol::epoch_ms now) const;
    protocol::question_msg question_view() const;
    protocol::reveal_msg reveal_view() const;
    /// Classic mode, an `open` question in its reveal: every answer, for the host's override.
    protocol::open_answers_msg open_answers_view() const;
    protocol::leaderboard_msg leaderboard_view() const;
    protocol::podium_msg podium_view() const;
    std::vector<protocol::team_standing> team_standings() const;
    protocol::player_ref player_view(const player& p) const;
    protocol::recap_msg recap_for(const player& p) const;
    /// Each player's rank (by index in players_), 0 for those not in `players`.
    std::vector<int> ranks() const;
    /// `result.correct` for a credit: true at 1, false at 0, else the fraction.
    static nlohmann::json correct_json(double credit);
    protocol::result_msg result_for(const player& p, nlohmann::json correct, int rank) const;

    // Helpers.
    player* player_by_conn(conn_id conn);
    player* player_by_id(const std::string& id);
    bool is_host(conn_id conn) const { return hosts_.contains(conn); }
    bool require_host(const command_event& e, actions& out);
    int connected_count() const { return connected_; }
    int answered_count() const;
    std::int64_t close_extension_ms() const;
    bool everyone_connected_answered() const;
    bool rating_open() const;
    std::optional<std::string> pick_candidate() const;
    /// What the open round's ratings give, from its ratings and typed answer.
    interview_outcome rating_outcome(const round& r) const;
    void error(const command_event& e, protocol::error code, std::string message, actions& out);
    void persist(actions& out, std::vector<record> records);
    room_record room_state(protocol::epoch_ms now) const;
    player_record player_state(const player& p) const;
    league_record league_result() const;
    report_record report_result(protocol::epoch_ms now) const;
    void announce_departure(const player& p, bool gone, protocol::epoch_ms now, actions& out);
    void mark_lobby_changed(protocol::epoch_ms now, actions& out);
    void mark_answers_changed(protocol::epoch_ms now, actions& out);
    void flush_throttles(protocol::epoch_ms now, actions& out);
    void track_presence(protocol::epoch_ms now);
    void schedule(actions& out);
    std::optional<std::string> balanced_team() const;
    /// Adds (`sign` 1) or takes away (-1) what `p` contributes to the counts
    /// below; every change of a player's status, connection, round-trip time
    /// or answer to the open round happens between the two calls.
    void count(const player& p, int sign);
    bool answered_this_round(const player& p) const;

    std::string code_;
    room_settings settings_;
    secrets& secrets_;

    bool opened_ = false;
    /// Restored and not yet handled an event: the store still has the times
    /// from before the downtime, and the net layer has armed no timer.
    bool restored_ = false;
    std::string host_token_hash_;
    std::string game_id_;
    protocol::phase phase_ = protocol::phase::lobby;
    int q_ = -1;
    bool locked_ = false;
    bool paused_ = false;
    protocol::epoch_ms paused_at_ = 0;
    std::int64_t remaining_ms_ = 0; ///< while paused
    std::optional<protocol::epoch_ms> advance_at_;
    std::string end_reason_ = "finished";
    bool final_ = false; ///< `end` or the last question: the next podium ends the game

    std::vector<player> players_;
    std::unordered_map<std::string, std::size_t> player_index_;
    std::unordered_map<conn_id, std::size_t> conn_player_;
    std::set<conn_id> hosts_;
    std::set<std::string> name_keys_;
    std::unordered_map<std::string, std::size_t> token_index_; ///< by token hash
    int next_player_number_ = 1;

    // Kept by count(), so that no event walks every player.
    int members_ = 0;                              ///< status active (`players`)
    int connected_ = 0;                            ///< active and connected (`connected`)
    int connected_answered_ = 0;                   ///< of those, answered the last round
    std::map<std::string, int> team_members_;      ///< active players by team
    std::array<int, rtt_cap_ms + 1> rtt_counts_{}; ///< connected players by round-trip time
    std::int64_t rtt_max_ = 0;                     ///< the highest with a count

    std::vector<round> rounds_;
    throttle lobby_;
    throttle answers_;
    std::optional<protocol::epoch_ms> empty_since_;
    std::optional<protocol::epoch_ms> scheduled_;
};

} // namespace quizroom::game
