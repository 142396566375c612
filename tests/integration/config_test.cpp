// Settings come from flags, QUIZROOM_* environment variables and a config
// file, in that order of precedence; an invalid one stops the start and
// names the setting.

#include "harness.hpp"

#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace quizroom::itest {
namespace {

namespace fs = std::filesystem;

fs::path write_file(const std::string& name, const std::string& text) {
    const fs::path dir = fs::path(QUIZROOM_TEST_LOG_DIR) / "config";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    return dir / name;
}

/// Sets an environment variable for the servers this test starts.
class scoped_env {
public:
    scoped_env(const char* name, const std::string& value) : name_(name) {
        ::setenv(name, value.c_str(), 1);
    }
    ~scoped_env() { ::unsetenv(name_); }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
};

/// The join address the server gives for a new room: it shows which
/// `--public-url` it took.
std::string join_url_of(std::uint16_t port) {
    const auto created = tk::http_post(port, "/api/rooms", R"({"quiz": "three"})",
                                       {{"Content-Type", "application/json"}});
    REQUIRE(created.status == 201);
    const auto code = pr::json::parse(created.body)["code"].get<std::string>();
    const auto room = tk::http_get(port, "/api/rooms/" + code);
    REQUIRE(room.status == 200);
    const auto url = pr::json::parse(room.body)["join_url"].get<std::string>();
    return url.substr(0, url.find("/?room="));
}

} // namespace

TEST_CASE("a flag beats its environment variable, which beats the config file") {
    const auto file = write_file("precedence.toml", "public-url = \"https://file.example\"\n"
                                                    "log-format = \"logfmt\"\n");
    SUBCASE("the file alone") {
        auto server = start_server("config-file", {"--config", file.string()});
        CHECK(join_url_of(server->port()) == "https://file.example");
        // logfmt, from the file: every line starts with its time stamp.
        CHECK(server->log().starts_with("ts="));
    }
    SUBCASE("the environment over the file") {
        scoped_env url("QUIZROOM_PUBLIC_URL", "https://env.example");
        scoped_env format("QUIZROOM_LOG_FORMAT", "json");
        auto server = start_server("config-env", {"--config", file.string()});
        CHECK(join_url_of(server->port()) == "https://env.example");
        const auto log = server->log();
        const auto first = pr::json::parse(log.substr(0, log.find('\n')));
        CHECK(first.contains("ts"));
        CHECK(first.contains("level"));
        CHECK(first.contains("msg"));
    }
    SUBCASE("the flag over both") {
        scoped_env url("QUIZROOM_PUBLIC_URL", "https://env.example");
        auto server = start_server(
            "config-flag", {"--config", file.string(), "--public-url", "https://flag.example"});
        CHECK(join_url_of(server->port()) == "https://flag.example");
    }
}

TEST_CASE("an invalid setting stops the start and names the setting") {
    SUBCASE("a flag") {
        const auto r = run_to_exit("bad-flag", {"--store-flush-ms", "soon"});
        CHECK(r.status != 0);
        CHECK(r.output.find("--store-flush-ms") != std::string::npos);
    }
    SUBCASE("an environment variable") {
        scoped_env bad("QUIZROOM_LOG_FORMAT", "xml");
        const auto r = run_to_exit("bad-env", {});
        CHECK(r.status != 0);
        CHECK(r.output.find("--log-format") != std::string::npos);
        CHECK(r.output.find("QUIZROOM_LOG_FORMAT") != std::string::npos);
    }
    SUBCASE("a config file value") {
        const auto file = write_file("bad.toml", "threads = \"many\"\n");
        const auto r = run_to_exit("bad-file", {"--config", file.string()});
        CHECK(r.status != 0);
        CHECK(r.output.find("threads") != std::string::npos);
    }
    SUBCASE("a config file that is not there") {
        const auto r = run_to_exit("missing-file", {"--config", "/nonexistent/quizroom.toml"});
        CHECK(r.status != 0);
        CHECK(r.output.find("/nonexistent/quizroom.toml") != std::string::npos);
    }
}

/// Every flag --help must list: the general settings, the limits, and who
/// may connect and how; separated by spaces.
constexpr std::string_view every_flag =
    "--config --port --bind --public-url --quizzes --store --store-flush-ms "
    "--store-queue-limit --threads --static --log-level --log-format --admin-token "
    "--open-uploads --trusted-proxies --max-frame-bytes --messages-per-s "
    "--message-burst --refusals-before-close --queue-frames --queue-bytes "
    "--host-queue-frames --host-queue-bytes --idle-timeout-s "
    "--connections-per-address --handshake-timeout-s --request-timeout-s "
    "--max-body-bytes --max-header-bytes --max-rooms --max-players-per-room "
    "--address-joins-per-s --address-join-burst --room-joins-per-s --room-join-burst "
    "--address-misses-per-s --address-miss-burst --node-misses-per-s "
    "--node-miss-burst --allowed-origins --tls-cert --tls-key --name-filter";

TEST_CASE("--help lists every setting with its default and environment variable") {
    const auto r = run_to_exit("help", {"--help"});
    CHECK(r.status == 0);
    std::istringstream flags{std::string(every_flag)};
    for (std::string flag; flags >> flag;) {
        CAPTURE(flag);
        CHECK(r.output.find(flag) != std::string::npos);
    }
    CHECK(r.output.find("QUIZROOM_PORT") != std::string::npos);
    CHECK(r.output.find("8080") != std::string::npos);
}

} // namespace quizroom::itest
