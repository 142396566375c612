// A whole game through Debian's nginx on loopback, in front of the server,
// with the proxy locations that deploy/ ships.

#include "harness.hpp"

#include "tests/support/child_process.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace quizroom::itest {
namespace {

namespace fs = std::filesystem;

/// nginx's own config around deploy/nginx/quizroom-locations.conf: in the
/// foreground, one process, every path under `dir`.
std::string nginx_config(const fs::path& dir, std::uint16_t listen, std::uint16_t upstream) {
    const std::string d = dir.string();
    return "daemon off;\n"
           "master_process off;\n"
           "worker_processes 1;\n"
           "pid " +
           d +
           "/nginx.pid;\n"
           "error_log " +
           d +
           "/error.log info;\n"
           "events { worker_connections 256; }\n"
           "http {\n"
           "  access_log " +
           d +
           "/access.log;\n"
           "  client_body_temp_path " +
           d +
           "/tmp/body;\n"
           "  proxy_temp_path " +
           d +
           "/tmp/proxy;\n"
           "  fastcgi_temp_path " +
           d +
           "/tmp/fastcgi;\n"
           "  uwsgi_temp_path " +
           d +
           "/tmp/uwsgi;\n"
           "  scgi_temp_path " +
           d +
           "/tmp/scgi;\n"
           "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
           "  upstream quizroom { server 127.0.0.1:" +
           std::to_string(upstream) +
           "; keepalive 8; }\n"
           "  server {\n"
           "    listen 127.0.0.1:" +
           std::to_string(listen) +
           ";\n"
           "    include " QUIZROOM_DEPLOY_DIR "/nginx/quizroom-locations.conf;\n"
           "  }\n"
           "}\n";
}

/// nginx in front of `upstream`, until destroyed.
class nginx_process {
public:
    nginx_process(const std::string& name, std::uint16_t upstream) {
        const std::string binary = QUIZROOM_NGINX_BIN;
        REQUIRE_MESSAGE(fs::exists(binary),
                        "nginx is not installed (deploy/install-deps.sh installs it)");
        static int runs = 0;
        dir_ = fs::path(QUIZROOM_TEST_LOG_DIR) / (std::to_string(++runs) + "-" + name + "-nginx");
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "tmp");
        port_ = tk::free_port();
        std::ofstream(dir_ / "nginx.conf") << nginx_config(dir_, port_, upstream);
        child_ = std::make_unique<tk::child_process>(
            std::vector<std::string>{binary, "-p", dir_.string(), "-c",
                                     (dir_ / "nginx.conf").string(), "-e",
                                     (dir_ / "error.log").string()},
            (dir_ / "nginx.out").string());
        wait_ready();
    }

    std::uint16_t port() const { return port_; }
    std::string error_log() const {
        std::ifstream in(dir_ / "error.log");
        return {std::istreambuf_iterator<char>(in), {}};
    }

private:
    void wait_ready() {
        for (int i = 0; i < 200; ++i) {
            REQUIRE_MESSAGE(child_->running(), "nginx ",
                            tk::describe_wait_status(child_->wait_status()), ": ", child_->log(),
                            error_log());
            try {
                if (tk::http_get(port_, "/healthz", std::chrono::seconds(1)).status == 200) {
                    return;
                }
            } catch (const std::exception&) {
                // not listening yet
            }
            std::this_thread::sleep_for(50ms);
        }
        FAIL("nginx did not proxy /healthz within 10 s: ", error_log());
    }

    fs::path dir_;
    std::uint16_t port_ = 0;
    std::unique_ptr<tk::child_process> child_;
};

} // namespace

TEST_CASE("a whole game through nginx in front of the server") {
    auto server = start_server("behind-nginx");
    INFO("server log: ", server->log_path());
    nginx_process nginx("behind-nginx", server->port());
    const auto port = nginx.port();
    INFO("nginx error log: ", nginx.error_log());

    // The HTTP API through the proxy, with the Host header passed on.
    const auto created = tk::http_post(port, "/api/rooms", R"({"quiz": "three"})",
                                       {{"Content-Type", "application/json"}});
    REQUIRE(created.status == 201);
    const auto api_room = pr::json::parse(created.body);
    const auto summary = tk::http_get(port, "/api/rooms/" + api_room["code"].get<std::string>());
    REQUIRE(summary.status == 200);
    CHECK(pr::json::parse(summary.body)["join_url"] ==
          "http://127.0.0.1:" + std::to_string(port) +
              "/?room=" + api_room["code"].get<std::string>());

    // A game over WebSocket through the proxy, from the lobby to `ended`.
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    std::vector<player> players;
    players.push_back(join_player(port, r.code, "Ada"));
    players.push_back(join_player(port, r.code, "Bob"));
    for (std::size_t i = 0; i < players.size(); ++i) {
        host.expect<pr::player_joined_msg>();
    }
    std::vector<int> scores(players.size(), 0);
    for (int q = 0; q < 3; ++q) {
        CAPTURE(q);
        host.send(q == 0 ? pr::client_message{pr::start_msg{}}
                         : pr::client_message{pr::next_msg{}});
        CHECK(host.expect<pr::question_msg>().q == q);
        for (auto& p : players) {
            CHECK(p.client->expect<pr::question_msg>().q == q);
        }
        // Deck three's answers are 0, 1, 2: Ada is right, Bob is wrong.
        players[0].client->send(pr::answer_msg{q, pr::choice_answer{q}});
        players[1].client->send(pr::answer_msg{q, pr::choice_answer{3}});
        for (auto& p : players) {
            CHECK(p.client->expect<pr::answer_ack_msg>().q == q);
        }
        CHECK(host.expect<pr::reveal_msg>().q == q);
        for (std::size_t i = 0; i < players.size(); ++i) {
            const auto result = players[i].client->expect<pr::result_msg>();
            CHECK(result.q == q);
            CHECK(result.correct == (i == 0));
            scores[i] += result.points;
            CHECK(result.score == scores[i]);
        }
        host.send(pr::next_msg{});
        CHECK(host.expect<pr::leaderboard_msg>().q == q);
    }
    CHECK(scores[0] > 0);
    CHECK(scores[1] == 0);
    host.send(pr::next_msg{});
    const auto podium = host.expect<pr::podium_msg>();
    REQUIRE(!podium.top.empty());
    CHECK(podium.top[0].id == players[0].joined.player_id);
    host.send(pr::next_msg{});
    CHECK(host.expect<pr::ended_msg>().reason == "finished");
    for (auto& p : players) {
        CHECK(p.client->expect<pr::ended_msg>().reason == "finished");
    }

    // The server saw the sockets come through nginx as WebSockets.
    const auto metrics = tk::http_get(port, "/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.body.find("quizroom_connections_opened_total 3\n") != std::string::npos);
    CHECK(server->running());
}

} // namespace quizroom::itest
