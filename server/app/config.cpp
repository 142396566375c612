#include "app/config.hpp"

#include <CLI/CLI.hpp>

#include <thread>

namespace quizroom::app {

std::optional<int> parse_config(int argc, char** argv, config& out) {
    CLI::App cli{"quizroom-server: a real-time multiplayer quiz server"};
    cli.option_defaults()->always_capture_default();
    cli.add_option("--port", out.port, "TCP port for HTTP and WebSocket (0: any free port)");
    cli.add_option("--bind", out.bind,
                   "address to listen on (0.0.0.0: every IPv4 interface, so a classroom "
                   "network can join; :: for IPv6 too; 127.0.0.1: this machine only)");
    cli.add_option(
        "--public-url", out.public_url,
        "the address players use, e.g. https://quiz.example.org (behind a proxy or NAT)");
    cli.add_option("--quizzes", out.quizzes, "folder of deck files (*.json)")
        ->check(CLI::ExistingDirectory);
    cli.add_option("--store", out.store, "where state is kept")->check(CLI::IsMember({"memory"}));
    cli.add_option("--threads", out.threads, "network threads (0: one per core)");
    cli.add_option("--static", out.static_dir, "folder of the browser client's files")
        ->check(CLI::ExistingDirectory);
    cli.add_option("--log-level", out.log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    cli.add_option("--admin-token", out.admin_token,
                   "token that deck uploads (POST /api/quizzes) must send as "
                   "`Authorization: Bearer TOKEN`")
        ->envname("QUIZROOM_ADMIN_TOKEN");
    cli.add_flag("--open-uploads", out.open_uploads,
                 "let anyone upload decks, without the admin token (a trusted network only)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    if (out.threads == 0) {
        out.threads = std::max(1u, std::thread::hardware_concurrency());
    }
    return std::nullopt;
}

} // namespace quizroom::app
