#include "app/config.hpp"

#include "net/allowed_origins.hpp"
#include "net/client_address.hpp"
#include "store/redis_url.hpp"

#include <CLI/CLI.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

namespace quizroom::app {

static_assert(invalid_setting_exit == static_cast<int>(CLI::ExitCodes::ValidationError));

namespace {

/// QUIZROOM_STORE_FLUSH_MS for `--store-flush-ms`.
std::string env_name(const std::string& long_name) {
    std::string out = "QUIZROOM_";
    for (const char c : long_name) {
        out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string check_address(const std::string& v) {
    unsigned char buf[sizeof(in6_addr)];
    if (inet_pton(AF_INET, v.c_str(), buf) == 1 || inet_pton(AF_INET6, v.c_str(), buf) == 1) {
        return {};
    }
    return "--bind: `" + v + "` is not an IPv4 or IPv6 address";
}

std::string check_public_url(const std::string& v) {
    if (v.empty() || v.starts_with("http://") || v.starts_with("https://")) {
        return {};
    }
    return "--public-url: must start with http:// or https://";
}

/// Who may connect, and how: the origins allowed to open a WebSocket, TLS on
/// the port, and the names players may not take. The files are read at
/// start (main), so a bad one stops the start.
void add_admission_options(CLI::App& cli, config& out) {
    cli.add_option("--allowed-origins", out.allowed_origins,
                   "comma-separated origins whose web pages may open a WebSocket, e.g. "
                   "https://quiz.example.org (the --public-url origin is always allowed); "
                   "clients that send no Origin pass; empty: no check")
        ->check(net::origin_list_problem, "ORIGINS");
    cli.add_option("--tls-cert", out.tls_cert,
                   "PEM certificate chain: with --tls-key the port serves HTTPS and WSS "
                   "(plain HTTP goes on working on the same port)")
        ->check(CLI::ExistingFile);
    cli.add_option("--tls-key", out.tls_key, "PEM private key of --tls-cert (unencrypted)")
        ->check(CLI::ExistingFile);
    cli.add_option("--name-filter", out.name_filter,
                   "file of words and phrases no player name may contain, one a line "
                   "(# comments), matched as whole words whatever their case")
        ->check(CLI::ExistingFile);
}

std::string check_store(const std::string& v) {
    if (v == "memory") {
        return {};
    }
    std::string why;
    return store::parse_redis_url(v, why) ? std::string{} : "--store: " + why;
}

std::string check_trusted_proxies(const std::string& v) {
    std::string why;
    return net::trusted_proxies::parse(v, why) ? std::string{} : "--trusted-proxies: " + why;
}

/// The limits of README.md's table, each with its flag.
void add_limit_options(CLI::App& cli, net::server_limits& l, std::string& trusted_proxies) {
    const auto bytes = [](std::size_t low, std::size_t high) {
        return CLI::Range(low, high);
    };
    const auto rate = CLI::Range(0.001, 1e6);
    const auto burst = CLI::Range(1.0, 1e9);
    const auto seconds = CLI::Range(1u, 86400u);
    cli.add_option("--max-frame-bytes", l.max_frame_bytes,
                   "WebSocket: largest message a client may send (over it: `too_big`, close 1009)")
        ->check(bytes(128, 1024 * 1024));
    cli.add_option("--messages-per-s", l.messages.per_s,
                   "WebSocket: messages a second per connection (more: `rate_limited`)")
        ->check(rate);
    cli.add_option("--message-burst", l.messages.burst,
                   "WebSocket: messages a connection may send at once, above the rate")
        ->check(burst);
    cli.add_option("--refusals-before-close", l.refusals_before_close,
                   "WebSocket: `rate_limited` refusals before close 1008, counted until the client "
                   "has saved up its whole burst again")
        ->check(CLI::Range(0, 1000000));
    cli.add_option("--queue-frames", l.queue_frames,
                   "WebSocket: frames queued for a player that reads too slowly before close 1013")
        ->check(bytes(1, 1u << 24));
    cli.add_option("--queue-bytes", l.queue_bytes, "WebSocket: bytes queued, likewise")
        ->check(bytes(1024, std::size_t{1} << 32));
    cli.add_option("--host-queue-frames", l.host_queue_frames,
                   "WebSocket: frames queued for a host screen before close 1013")
        ->check(bytes(1, 1u << 24));
    cli.add_option("--host-queue-bytes", l.host_queue_bytes,
                   "WebSocket: bytes queued for a host screen, likewise")
        ->check(bytes(1024, std::size_t{1} << 32));
    cli.add_option("--idle-timeout-s", l.idle_timeout_s,
                   "WebSocket: a connection that sends nothing (not even pongs) this long is "
                   "closed")
        ->check(seconds);
    cli.add_option("--connections-per-address", l.connections_per_address,
                   "WebSocket connections open at once per client address (more: HTTP 429)")
        ->check(bytes(1, 10000000));
    cli.add_option("--handshake-timeout-s", l.handshake_timeout_s,
                   "a new connection must send its request (the WebSocket upgrade) within this")
        ->check(seconds);
    cli.add_option("--request-timeout-s", l.request_timeout_s,
                   "HTTP: time for a whole request, and between requests on one connection")
        ->check(seconds);
    cli.add_option("--max-body-bytes", l.max_body_bytes, "HTTP: largest request body (more: 413)")
        ->check(bytes(1024, std::size_t{1} << 30));
    cli.add_option("--max-header-bytes", l.max_header_bytes,
                   "HTTP: largest request line and headers (more: 413)")
        ->check(bytes(1024, 1024 * 1024));
    cli.add_option("--max-rooms", l.max_rooms,
                   "rooms that have not ended, on this server (more: `unavailable`)")
        ->check(bytes(1, 100000000));
    cli.add_option("--max-players-per-room", l.max_players_per_room,
                   "players per room, and the default of `options.max_players` (more: "
                   "`room_full`)")
        ->check(CLI::Range(1, 100000));
    cli.add_option("--address-joins-per-s", l.address_joins.per_s,
                   "`join`s and /api/rooms/{code} requests a second per client address (more: "
                   "`rate_limited`, 429)")
        ->check(rate);
    cli.add_option("--address-join-burst", l.address_joins.burst,
                   "as many at once per client address, above the rate")
        ->check(burst);
    cli.add_option("--room-joins-per-s", l.room_joins.per_s,
                   "the same, a second per room (more: `rate_limited`)")
        ->check(rate);
    cli.add_option("--room-join-burst", l.room_joins.burst, "as many at once per room")
        ->check(burst);
    cli.add_option("--address-misses-per-s", l.address_misses.per_s,
                   "tries of codes no room has, a second per client address (past the burst, "
                   "every try of a code from that address is `rate_limited`)")
        ->check(rate);
    cli.add_option("--address-miss-burst", l.address_misses.burst,
                   "as many at once per client address (typos of a school behind one NAT)")
        ->check(burst);
    cli.add_option("--node-misses-per-s", l.node_misses.per_s,
                   "tries of codes no room has, a second on this server from everyone (past "
                   "the burst, every try of a code is `rate_limited`)")
        ->check(rate);
    cli.add_option("--node-miss-burst", l.node_misses.burst, "as many at once on this server")
        ->check(burst);
    cli.add_option("--trusted-proxies", trusted_proxies,
                   "proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1/32,10.0.0.0/8 "
                   "(by default none: the client is the socket's peer)")
        ->check(check_trusted_proxies, "CIDR list");
}

} // namespace

std::optional<int> parse_config(int argc, char** argv, config& out) {
    CLI::App cli{"quizroom-server: a real-time multiplayer quiz server.\n\n"
                 "Every setting may also come from the environment variable shown (Env:) or "
                 "from the --config file (key = value, keys named as the flags); a flag beats "
                 "its environment variable, which beats the file."};
    cli.option_defaults()->always_capture_default();
    // A later value of a setting replaces an earlier one: the environment's
    // go in before the command line's (below), so the command line wins.
    cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    // A misspelt key in the file must not pass silently.
    cli.allow_config_extras(CLI::config_extras_mode::error);
    cli.set_config("--config", "",
                   "TOML or INI file of settings, e.g. `port = 9000` and "
                   "`store = \"redis://127.0.0.1:6379\"`");
    cli.add_option("--port", out.port, "TCP port for HTTP and WebSocket (0: any free port)");
    cli.add_option("--bind", out.bind,
                   "address to listen on (0.0.0.0: every IPv4 interface, so a classroom "
                   "network can join; :: for IPv6 too; 127.0.0.1: this machine only)")
        ->check(check_address, "ADDRESS");
    cli.add_option("--public-url", out.public_url,
                   "the address players use, e.g. https://quiz.example.org (behind a proxy or NAT)")
        ->check(check_public_url, "URL");
    cli.add_option("--quizzes", out.quizzes, "folder of deck files (*.json)")
        ->check(CLI::ExistingDirectory);
    cli.add_option("--store", out.store,
                   "where state is kept: `memory` (this process only) or "
                   "redis://[:password@]host[:port][/db] (QUIZROOM_REDIS_URL works too)")
        ->check(check_store, "memory or redis://...");
    cli.add_option("--store-flush-ms", out.store_flush_ms,
                   "Redis: the longest a write waits to be sent with others (group commit)")
        ->check(CLI::Range(0, 1000));
    cli.add_option("--store-queue-limit", out.store_queue_limit,
                   "Redis: writes kept while Redis is unreachable before new rooms and joins "
                   "are refused")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
    cli.add_option("--threads", out.threads, "network threads (0: one per core)")
        ->check(CLI::Range(0, 1024));
    cli.add_option("--static", out.static_dir, "folder of the browser client's files")
        ->check(CLI::ExistingDirectory);
    cli.add_option("--log-level", out.log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    cli.add_option("--log-format", out.log_format,
                   "json (one object a line), logfmt (key=value), or text (for people)")
        ->check(CLI::IsMember({"json", "logfmt", "text"}));
    cli.add_option("--admin-token", out.admin_token,
                   "token that deck uploads (POST /api/quizzes) must send as "
                   "`Authorization: Bearer TOKEN`; prefer the environment variable");
    cli.add_flag("--open-uploads", out.open_uploads,
                 "let anyone upload decks, without the admin token (a trusted network only)");
    add_limit_options(cli, out.limits, out.trusted_proxies);
    add_admission_options(cli, out);

    // The environment's settings go in as flags before the command line's.
    // (CLI11 2.1 reads the config file before the environment, which would
    // let the file win; as flags they win over the file, as documented.)
    std::vector<std::string> from_env;
    std::vector<std::string> env_used;
    for (CLI::Option* opt : cli.get_options()) {
        const auto& names = opt->get_lnames();
        if (names.empty() || names.front() == "help") {
            continue;
        }
        std::vector<std::string> candidates{env_name(names.front())};
        if (names.front() == "store") {
            candidates.push_back("QUIZROOM_REDIS_URL");
        }
        opt->envname(candidates.front());
        for (const auto& name : candidates) {
            if (const char* value = std::getenv(name.c_str()); value != nullptr) {
                from_env.push_back("--" + names.front() + "=" + value);
                env_used.push_back(name);
                break;
            }
        }
    }
    std::vector<const char*> args{argv[0]};
    for (const auto& a : from_env) {
        args.push_back(a.c_str());
    }
    for (int i = 1; i < argc; ++i) {
        args.push_back(argv[i]);
    }
    try {
        cli.parse(static_cast<int>(args.size()), args.data());
        if (out.tls_cert.empty() != out.tls_key.empty()) {
            throw CLI::ValidationError(out.tls_cert.empty() ? "--tls-cert" : "--tls-key",
                                       "TLS needs both --tls-cert and --tls-key");
        }
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        if (code != 0 && !env_used.empty()) {
            std::cerr << "(settings taken from the environment:";
            for (const auto& name : env_used) {
                std::cerr << ' ' << name;
            }
            std::cerr << ")\n";
        }
        return code;
    }
    if (out.threads == 0) {
        out.threads = std::max(1u, std::thread::hardware_concurrency());
    }
    return std::nullopt;
}

} // namespace quizroom::app
