#pragma once

#include <optional>
#include <string>

namespace quizroom::app {

/// Everything `quizroom-server` is told on its command line.
struct config {
    unsigned short port = 8080;
    std::string bind = "0.0.0.0";
    std::string public_url;
    std::string quizzes = "quizzes";
    std::string store = "memory";
    unsigned threads = 0; ///< 0: one per core
    std::string static_dir = "client-web";
    std::string log_level = "info";
    std::string admin_token; ///< uploads need it; never logged
    bool open_uploads = false;
};

/// Parses the command line. Returns the exit code when the program should
/// stop at once (--help, or a bad flag, with the message printed).
std::optional<int> parse_config(int argc, char** argv, config& out);

} // namespace quizroom::app
