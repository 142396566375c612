#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace quizroom::itest {

/// What one hostile connection does, and what the protocol promises it.
enum class hostile_kind {
    malformed_json, ///< text frames that are not one JSON object: `bad_json` each
    invalid_utf8,   ///< a text frame that is not UTF-8: close 1007 (RFC 6455 8.1)
    wrong_types,    ///< ill-typed or missing fields: `bad_message` each
    unknown_type,   ///< `unknown_type` each
    binary,         ///< binary frames: `bad_json` each ("frames must be text")
    oversized,      ///< one frame over 4 KiB: `too_big`, then close 1009
    flood,          ///< 100 messages a write until closed: `rate_limited`, then close 1008
    unknown_room,   ///< `join` and `host` for rooms that do not exist: `not_found`
    forged_token,   ///< `rejoin` and `host` of the real room with made-up or stale tokens:
                    ///< `forbidden`
    tcp_garbage,    ///< bytes that are not HTTP, on a bare TCP connection
    half_upgrade,   ///< an upgrade request whose head never ends
    never_reads,    ///< joins the real room as a player, then never reads again
};

std::string_view to_string(hostile_kind kind);

/// What came back on one hostile connection.
struct hostile_outcome {
    hostile_kind kind = hostile_kind::malformed_json;
    std::string source;                      ///< the loopback address it was bound to
    bool connected = false;                  ///< the TCP connect completed
    int upgrade_status = 0;                  ///< the upgrade response's status; 0 when none came
    int sent = 0;                            ///< messages (or garbage writes) sent
    std::vector<std::string> errors;         ///< `code` of each `error` frame, in order
    int other_frames = 0;                    ///< frames that are not errors (`pong`, ...)
    std::optional<std::uint16_t> close_code; ///< of the server's close frame
    bool ended = false;                      ///< the server closed the TCP connection
};

/// Hundreds of hostile connections to a quizroom server on 127.0.0.1, driven
/// from one thread with poll(2). They are bound to source addresses
/// 127.0.0.2 to 127.0.0.6 in turn, so that per-address limits sized for a
/// school behind one NAT never see them as one crowd. Floods and oversized
/// frames go out as soon as their connection is open; once every flood has
/// been closed, the kinds that send messages repeat a round of them every
/// `interval` (under the per-connection rate limit), each once its previous
/// round has been answered, until stop().
///
/// Thread rules: add() and start() before the thread runs, stop() after;
/// everything in between happens on the swarm's thread.
class hostile_swarm {
public:
    /// `room_code` is the game's room; `stale_token` the token of a player
    /// kicked from it (or empty).
    hostile_swarm(std::uint16_t port, std::string room_code, std::string stale_token);
    ~hostile_swarm();
    hostile_swarm(const hostile_swarm&) = delete;
    hostile_swarm& operator=(const hostile_swarm&) = delete;

    /// `count` more connections of `kind`.
    void add(hostile_kind kind, int count);

    void start(std::chrono::milliseconds interval);

    /// Stops sending rounds, fires any flood or oversized frame not yet
    /// sent, waits until every connection has had what the server owes it
    /// (a reply to each message, a close, a hang-up) or `timeout` passed,
    /// then closes every socket. Returns each connection's outcome.
    std::vector<hostile_outcome> stop(std::chrono::milliseconds timeout);

    /// `error` frames received so far, from any thread: a sign of progress.
    int errors_seen() const { return errors_seen_; }

private:
    struct connection;

    void run();
    void open(connection& c);
    void on_connected(connection& c);
    void on_readable(connection& c);
    void parse(connection& c);
    void on_frame(connection& c, int op, std::string payload);
    void send_round(connection& c);
    void fire_once(connection& c);
    void flood_more(connection& c);
    void queue(connection& c, std::string bytes, int messages);
    void flush(connection& c);
    void hang_up(connection& c);
    static int replies(const connection& c);
    bool settled(const connection& c) const;

    std::uint16_t port_;
    std::string room_code_;
    std::string stale_token_;
    std::chrono::milliseconds interval_{500};
    std::vector<connection> connections_;
    std::mt19937 rng_{20261129}; ///< codes and tokens; seeded, so a run can be repeated
    std::atomic<bool> stopping_{false};
    std::atomic<int> errors_seen_{0};
    std::chrono::steady_clock::time_point give_up_at_; ///< written before stopping_ is set
    std::thread thread_;
};

} // namespace quizroom::itest
