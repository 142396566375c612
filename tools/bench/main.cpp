// quizroom-bench: plays quizzes against quizroom-server with many WebSocket
// clients (and first, in the same run, the same broadcast against the floor)
// and prints one JSON object. See BENCHMARKS.md.

#include "bench/broadcast_run.hpp"
#include "bench/concat.hpp"
#include "bench/deck_info.hpp"
#include "bench/game_run.hpp"
#include "bench/options.hpp"
#include "bench/proc_sample.hpp"
#include "bench/report.hpp"
#include "bench/workers.hpp"
#include "tests/support/server_process.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

namespace {

using namespace quizroom;
using namespace quizroom::bench;

// Leave room for the listening socket, pipes and files.
constexpr std::uint64_t spare_files = 200;

std::unique_ptr<testkit::server_process>
spawn(const std::string& binary, std::vector<std::string> args, const std::string& log_path) {
    testkit::server_options so;
    so.binary = binary;
    so.args = std::move(args);
    so.log_path = log_path;
    return std::make_unique<testkit::server_process>(std::move(so));
}

std::string ws_url(std::uint16_t port) {
    return concat("ws://127.0.0.1:", std::to_string(port), "/ws");
}

int process_count(const options& o, std::uint64_t open_files) {
    if (o.processes > 0) {
        return o.processes;
    }
    const auto sockets =
        static_cast<std::uint64_t>(o.rooms) * (static_cast<std::uint64_t>(o.players) + 1);
    const std::uint64_t per_process =
        open_files > spare_files * 2 ? open_files - spare_files : 1000;
    return static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(o.rooms),
                                                    (sockets + per_process - 1) / per_process));
}

int run(options& opts) {
    const std::uint64_t open_files = raise_open_file_limit();
    std::signal(SIGPIPE, SIG_IGN);
    const deck_info deck = load_deck_info(opts.deck_path, opts.questions);

    std::unique_ptr<testkit::server_process> server;
    std::unique_ptr<testkit::server_process> floor;
    if (!opts.spawn_server.empty()) {
        server = spawn(opts.spawn_server, opts.server_args,
                       (std::filesystem::path(opts.log_dir) / "quizroom-server.log").string());
        opts.url = ws_url(server->port());
        opts.server_pid = server->pid();
    }
    if (!opts.spawn_floor.empty()) {
        floor = spawn(opts.spawn_floor, {},
                      (std::filesystem::path(opts.log_dir) / "quizroom-floor.log").string());
        opts.floor_url = ws_url(floor->port());
        opts.floor_pid = floor->pid();
    }

    run_facts facts{opts};
    facts.url = opts.url;
    facts.server_pid = opts.server_pid;
    if (!opts.floor_url.empty()) {
        // The floor gets one room's worth of players: the fan-out it is compared with.
        facts.floor_players = opts.players;
        facts.floor =
            run_broadcast(opts, deck, parse_ws_url(opts.floor_url), opts.players, opts.floor_pid);
    }

    const ws_target target = parse_ws_url(opts.url);
    facts.processes = opts.mode == run_mode::game ? process_count(opts, open_files) : 1;
    if (opts.server_pid) {
        facts.server_before = sample_process(*opts.server_pid);
    }
    const std::int64_t cpu_before = self_cpu_ns();
    const std::int64_t start = now_ns();
    raw_results run =
        opts.mode == run_mode::game
            ? run_in_processes(
                  facts.processes,
                  [&](int k) { return run_game(opts, deck, target, k, facts.processes); })
            : run_broadcast(opts, deck, target, opts.players * opts.rooms, opts.server_pid);
    facts.wall_ns = now_ns() - start;
    if (opts.server_pid) {
        facts.server_after = sample_process(*opts.server_pid);
    }
    // In one process the run's own CPU is already counted; with children, add the parent's.
    facts.parent_cpu_ns = facts.processes > 1 ? self_cpu_ns() - cpu_before : 0;

    std::cout << make_report(facts, run).dump(2) << std::endl;
    const bool clean = is_clean(run) && (!facts.floor || facts.floor->errors.empty());
    if (server && !server->running()) {
        std::cerr << "quizroom-bench: the server exited: "
                  << testkit::describe_wait_status(server->wait_status()) << "\n";
        return 1;
    }
    return opts.strict && !clean ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    options opts;
    if (auto exit_code = parse_options(argc, argv, opts)) {
        return *exit_code;
    }
    try {
        return run(opts);
    } catch (const std::exception& e) {
        std::cerr << "quizroom-bench: " << e.what() << "\n";
        return 2;
    }
}
