#pragma once

// Shared steps of the integration tests: start a server, open a room, join
// players, take a host screen's view, and the scoring rules the tests check.

#include "protocol/codec.hpp"
#include "protocol/messages.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/ws_client.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quizroom::itest {

namespace pr = quizroom::protocol;
namespace tk = quizroom::testkit;
using namespace std::chrono_literals;

/// The quizroom-server under test: $QUIZROOM_TEST_SERVER_BIN when set (the
/// TSan job of tests/run-all.sh drives a ThreadSanitizer build with these
/// tests), else the one this build configured.
std::string server_binary();

/// quizroom-server with the test decks and the memory store (unless
/// `extra_args` names a `--store`), logging to
/// <build>/tests/integration/logs/<n>-<name>.log.
std::unique_ptr<tk::server_process> start_server(const std::string& name,
                                                 std::vector<std::string> extra_args = {});

/// How a server run to its exit ended.
struct finished {
    int status = 0;     ///< waitpid's status
    std::string output; ///< its log
};

/// Runs quizroom-server with `args` (nothing added) until it exits, as it
/// must within 10 s (an invalid setting, --help), logging to
/// <build>/tests/integration/logs/config-<name>.log.
finished run_to_exit(const std::string& name, std::vector<std::string> args);

struct room {
    std::string code;
    std::string host_token;
};

/// `create` from `host` (already connected); takes `created` and `state`.
room create_room(tk::ws_client& host, const std::string& deck, pr::create_options options = {});

struct player {
    std::unique_ptr<tk::ws_client> client;
    pr::joined_msg joined;
    pr::state_msg state;
};

/// Connects a new client to `port` and joins `code` as `name`; takes
/// `joined` and `state`.
player join_player(std::uint16_t port, const std::string& code, const std::string& name);

/// The `state` a freshly attached host screen sees, as JSON: before/after
/// comparisons show whether something changed the room.
pr::json host_view(std::uint16_t port, const room& r);

/// `m` as the JSON object the server would send (with "type").
template <class T> pr::json as_json(const T& m) {
    return pr::to_json_object(pr::server_message{m});
}

/// Speed scoring (PROTOCOL.md, "Answer time and scoring") before rounding:
/// points x (1 - ms / time_limit_ms / 2) x credit.
double exact_speed_points(int question_points, std::int64_t ms, std::int64_t time_limit_ms,
                          double credit);

/// Whether `points` is the rounded speed score plus `bonus`. The ack carries
/// whole milliseconds and the server may score from a finer time, so a
/// difference of up to one millisecond's worth of points is allowed on top
/// of rounding (this only matters next to a .5).
bool speed_points_match(int points, int question_points, std::int64_t ms,
                        std::int64_t time_limit_ms, double credit, int bonus);

/// min(500, 100 x (streak - 1)) for a full-credit answer that made `streak`.
int streak_bonus(int streak);

/// 1 + the number of scores strictly above `score`.
int rank_of(int score, const std::vector<int>& all_scores);

/// What a connection that floods the server with pings got back.
struct flood_outcome {
    int close_code = 0;
    int pongs = 0;
    int refusals = 0; ///< `rate_limited` errors; any other error fails the test
};

/// Opens a connection to `port`, sends up to `pings` pings as fast as it can
/// (fewer if the server closes it first), and counts what came back.
flood_outcome flood_with_pings(std::uint16_t port, int pings);

/// Server epoch milliseconds, as this machine's clock reads them.
std::int64_t now_epoch_ms();

} // namespace quizroom::itest
