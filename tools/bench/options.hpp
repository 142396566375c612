#pragma once

// What one bench run does, as read from the command line.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quizroom::bench {

/// `game` plays quizzes against quizroom-server; `broadcast` speaks to a
/// broadcast reference (quizroom-floor, the Node.js `ws` server): every text
/// frame a client sends comes back to every client.
enum class run_mode { game, broadcast };

struct options {
    run_mode mode = run_mode::game;
    std::string url; ///< ws://127.0.0.1:PORT/ws (empty with --spawn-server)
    int rooms = 1;
    int players = 100; ///< per room
    int questions = 3;
    std::string deck_path;     ///< the deck file the server loaded (answers)
    int answer_after_ms = 500; ///< earliest answer after a player's `question`
    int spread_ms = 2000;      ///< answers spread uniformly over this
    double correct = 0.7;      ///< shares of players per question...
    double wrong = 0.2;
    double late = 0.05;               ///< ...answering after the reveal (`late` expected)
    double none = 0.05;               ///< ...not answering at all
    double joins_per_second = 2000;   ///< over all processes; 0: no pacing
    int threads = 2;                  ///< io threads per process
    int processes = 0;                ///< 0: as many as the open-file limit needs
    std::vector<std::string> sources; ///< local addresses to connect from (127.x.y.z)
    std::optional<int> server_pid;
    std::string floor_url; ///< the floor, measured first in the same run
    std::optional<int> floor_pid;
    std::string spawn_server; ///< start this quizroom-server on a free port
    std::vector<std::string> server_args;
    std::string spawn_floor; ///< start this quizroom-floor on a free port
    std::string log_dir = ".";
    int step_timeout_ms = 30000; ///< longest wait for one step of a game
    std::uint64_t seed = 1;
    bool strict = false; ///< exit 1 on any error or lost answer
};

/// Parses argv; returns an exit code when the program should stop (--help, errors).
std::optional<int> parse_options(int argc, char** argv, options& out);

} // namespace quizroom::bench
