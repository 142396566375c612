#include "bench/options.hpp"

#include <CLI/CLI.hpp>

namespace quizroom::bench {

std::optional<int> parse_options(int argc, char** argv, options& out) {
    CLI::App cli{"quizroom-bench: plays quizzes against quizroom-server with many WebSocket "
                 "clients and prints one JSON report (PERFORMANCE.md)"};
    cli.option_defaults()->always_capture_default();
    out.deck_path = QUIZROOM_BENCH_DEFAULT_DECK;
    cli.add_option("--mode", out.mode, "game, or broadcast (a floor-like echo-to-all server)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, run_mode>{{"game", run_mode::game},
                                            {"broadcast", run_mode::broadcast}},
            CLI::ignore_case));
    cli.add_option("--url", out.url, "ws://127.0.0.1:PORT/ws of the server under test");
    cli.add_option("--rooms", out.rooms, "rooms played at once")->check(CLI::Range(1, 100000));
    cli.add_option("--players", out.players, "players per room")->check(CLI::Range(1, 100000));
    cli.add_option("--questions", out.questions, "questions per game")->check(CLI::Range(1, 100));
    cli.add_option("--deck", out.deck_path,
                   "the deck file the server loaded (its id and answers are read from it)")
        ->check(CLI::ExistingFile);
    cli.add_option("--answer-after-ms", out.answer_after_ms,
                   "no answer before this long after a player's question arrives")
        ->check(CLI::Range(0, 600000));
    cli.add_option("--spread-ms", out.spread_ms, "answers spread uniformly over this")
        ->check(CLI::Range(0, 600000));
    cli.add_option("--correct", out.correct, "share of players answering right")
        ->check(CLI::Range(0.0, 1.0));
    cli.add_option("--wrong", out.wrong, "share answering wrong")->check(CLI::Range(0.0, 1.0));
    cli.add_option("--late", out.late, "share answering after the reveal (expects `late`)")
        ->check(CLI::Range(0.0, 1.0));
    cli.add_option("--none", out.none, "share not answering")->check(CLI::Range(0.0, 1.0));
    cli.add_option("--joins-per-second", out.joins_per_second,
                   "connects and joins per second, all processes together (0: no pacing)")
        ->check(CLI::Range(0.0, 1e9));
    cli.add_option("--threads", out.threads, "io threads per bench process")
        ->check(CLI::Range(1, 64));
    cli.add_option("--processes", out.processes,
                   "bench processes (0: as many as the open-file limit needs)")
        ->check(CLI::Range(0, 64));
    cli.add_option("--source", out.sources,
                   "local address to connect from, round robin (e.g. 127.0.0.2); repeatable")
        ->delimiter(',');
    cli.add_option("--server-pid", out.server_pid, "the server's pid, for CPU and RSS");
    cli.add_option("--floor-url", out.floor_url,
                   "ws://... of quizroom-floor: measured first, in the same run, for ratios");
    cli.add_option("--floor-pid", out.floor_pid, "the floor's pid, for CPU per frame");
    cli.add_option("--spawn-server", out.spawn_server,
                   "start this quizroom-server binary on a free loopback port and test it");
    cli.add_option("--server-arg", out.server_args,
                   "argument for the spawned server (repeatable; --server-arg=--quizzes ...)")
        ->allow_extra_args(false);
    cli.add_option("--spawn-floor", out.spawn_floor,
                   "start this quizroom-floor binary on a free loopback port as the floor");
    cli.add_option("--log-dir", out.log_dir, "where spawned servers log");
    cli.add_option("--step-timeout-ms", out.step_timeout_ms,
                   "longest wait for one step of a game before it counts as lost")
        ->check(CLI::Range(100, 3600000));
    cli.add_option("--seed", out.seed, "seed of the answer plan");
    cli.add_flag("--strict", out.strict, "exit 1 on any protocol error or lost frame");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    const double shares = out.correct + out.wrong + out.late + out.none;
    if (shares < 0.999 || shares > 1.001) {
        std::cerr << "quizroom-bench: --correct, --wrong, --late and --none must add up to 1\n";
        return 2;
    }
    if (out.url.empty() && out.spawn_server.empty()) {
        std::cerr << "quizroom-bench: give --url or --spawn-server\n";
        return 2;
    }
    return std::nullopt;
}

} // namespace quizroom::bench
