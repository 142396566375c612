#include "harness.hpp"

#include "tests/support/child_process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace quizroom::itest {

std::string server_binary() {
    const char* path = std::getenv("QUIZROOM_TEST_SERVER_BIN");
    return path != nullptr && *path != '\0' ? path : QUIZROOM_SERVER_BIN;
}

std::unique_ptr<tk::server_process> start_server(const std::string& name,
                                                 std::vector<std::string> extra_args) {
    const std::string binary = server_binary();
    REQUIRE_MESSAGE(!binary.empty(), "no quizroom-server target was configured");
    tk::server_options options;
    options.binary = binary;
    options.args = {"--quizzes", QUIZROOM_TEST_DECKS, "--threads", "2"};
    if (std::find(extra_args.begin(), extra_args.end(), "--store") == extra_args.end()) {
        options.args.insert(options.args.end(), {"--store", "memory"});
    }
    options.args.insert(options.args.end(), extra_args.begin(), extra_args.end());
    // Numbered, so that each run of a test case (and of each subcase) keeps its own.
    static int runs = 0;
    options.log_path =
        std::string(QUIZROOM_TEST_LOG_DIR) + "/" + std::to_string(++runs) + "-" + name + ".log";
    return std::make_unique<tk::server_process>(std::move(options));
}

finished run_to_exit(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), server_binary());
    const std::string log = std::string(QUIZROOM_TEST_LOG_DIR) + "/config-" + name + ".log";
    tk::child_process child(std::move(args), log);
    for (int i = 0; i < 200 && child.running(); ++i) {
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE_MESSAGE(!child.running(), "quizroom-server kept running: ", child.log());
    return {child.wait_status(), child.log()};
}

room create_room(tk::ws_client& host, const std::string& deck, pr::create_options options) {
    host.send(pr::create_msg{deck, std::move(options), std::nullopt}, "create-1");
    auto created = host.expect_frame<pr::created_msg>();
    CHECK(created.id == pr::json("create-1"));
    CHECK(created.message.code.size() == 6);
    CHECK(created.message.host_token.size() >= 22); // 128 bits, base64url at the shortest
    auto state = host.expect_frame<pr::state_msg>();
    CHECK(state.seq > created.seq);
    CHECK(state.message.current == pr::phase::lobby);
    CHECK(state.message.code == created.message.code);
    CHECK(state.message.quiz.id == deck);
    return {created.message.code, created.message.host_token};
}

player join_player(std::uint16_t port, const std::string& code, const std::string& name) {
    player p;
    p.client = std::make_unique<tk::ws_client>(name);
    p.client->connect(port, "/ws?room=" + code);
    p.client->send(pr::join_msg{code, name, std::nullopt}, "join-" + name);
    auto joined = p.client->expect_frame<pr::joined_msg>();
    CHECK(joined.id == pr::json("join-" + name));
    CHECK(joined.message.name == name);
    CHECK(!joined.message.player_id.empty());
    CHECK(joined.message.token.size() >= 22);
    auto state = p.client->expect_frame<pr::state_msg>();
    CHECK(state.seq > joined.seq);
    CHECK(state.message.code == code);
    REQUIRE(state.message.you.has_value());
    CHECK(state.message.you->player_id == joined.message.player_id);
    CHECK(state.message.you->score == 0);
    p.joined = std::move(joined.message);
    p.state = std::move(state.message);
    return p;
}

pr::json host_view(std::uint16_t port, const room& r) {
    tk::ws_client screen("host-view");
    screen.connect(port, "/ws?room=" + r.code);
    screen.send(pr::host_msg{r.code, r.host_token}, "view");
    auto state = screen.expect_frame<pr::state_msg>();
    CHECK(state.id == pr::json("view"));
    CHECK(state.message.roster.has_value());
    CHECK(!state.message.you.has_value());
    return as_json(state.message);
}

double exact_speed_points(int question_points, std::int64_t ms, std::int64_t time_limit_ms,
                          double credit) {
    return question_points *
           (1.0 - static_cast<double>(ms) / static_cast<double>(time_limit_ms) / 2.0) * credit;
}

bool speed_points_match(int points, int question_points, std::int64_t ms,
                        std::int64_t time_limit_ms, double credit, int bonus) {
    const double exact = exact_speed_points(question_points, ms, time_limit_ms, credit);
    const double one_ms = question_points * credit / static_cast<double>(time_limit_ms) / 2.0;
    return std::abs(static_cast<double>(points - bonus) - exact) <= 0.5 + one_ms + 1e-9;
}

int streak_bonus(int streak) {
    return std::min(500, 100 * std::max(0, streak - 1));
}

int rank_of(int score, const std::vector<int>& all_scores) {
    return 1 + static_cast<int>(std::count_if(all_scores.begin(), all_scores.end(),
                                              [&](int s) { return s > score; }));
}

std::int64_t now_epoch_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

flood_outcome flood_with_pings(std::uint16_t port, int pings) {
    tk::ws_client flood("flood");
    flood.connect(port);
    for (int i = 0; i < pings; ++i) {
        try {
            flood.send(pr::ping_msg{pr::json(i)});
        } catch (const std::exception&) {
            break; // the server has closed the socket: what the caller checks
        }
    }
    flood_outcome out;
    out.close_code = flood.wait_closed();
    for (const auto& f : flood.drain()) {
        REQUIRE(f.frame.has_value());
        if (std::holds_alternative<pr::pong_msg>(f.frame->message)) {
            ++out.pongs;
        } else if (const auto* e = std::get_if<pr::error_msg>(&f.frame->message)) {
            CHECK(e->code == pr::error::rate_limited);
            ++out.refusals;
        }
    }
    return out;
}

} // namespace quizroom::itest
