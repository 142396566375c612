#pragma once

#include "net/limits.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace quizroom::app {

/// Every setting of `quizroom-server`. Each comes from, in this order of
/// precedence: its flag, its environment variable (QUIZROOM_ and the flag's
/// name in capitals, `-` as `_`), the config file (`--config FILE`, TOML or
/// INI, keys named as the flags), then the default below.
struct config {
    unsigned short port = 8080;
    std::string bind = "0.0.0.0";
    std::string public_url;
    std::string quizzes = "quizzes";
    std::string store = "memory"; ///< or redis://[:password@]host[:port][/db]
    unsigned store_flush_ms = 5;
    std::size_t store_queue_limit = 200000;
    unsigned threads = 0; ///< 0: one per core
    std::string static_dir = "client-web";
    std::string log_level = "info";
    std::string log_format = "json"; ///< json, logfmt or text
    std::string admin_token;         ///< uploads need it; never logged
    bool open_uploads = false;
    net::server_limits limits;   ///< the `--max-*`, `*-per-s`, `*-burst` and timeout flags
    std::string trusted_proxies; ///< addresses and CIDR ranges whose X-Forwarded-For is believed

    // Who may connect, and how.
    std::string allowed_origins; ///< comma-separated; empty: every origin
    std::string tls_cert;        ///< PEM certificate chain; with tls_key, TLS on the port
    std::string tls_key;         ///< PEM private key
    std::string name_filter;     ///< word list no player name may contain
};

/// The exit code of an invalid setting: CLI11's for a value that fails its
/// check, also used when a file a setting names cannot be used.
inline constexpr int invalid_setting_exit = 105;

/// Reads the settings from the command line, the environment and the config
/// file. Returns the exit code when the program should stop at once
/// (--help, or an invalid setting, with a message that names it printed).
std::optional<int> parse_config(int argc, char** argv, config& out);

} // namespace quizroom::app
