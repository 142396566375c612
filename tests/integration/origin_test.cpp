// `--allowed-origins`: a browser page of a listed origin (or of the
// --public-url's) may open a WebSocket and play; a page of any other origin
// gets 403 with a JSON error; a client that sends no Origin passes.

#include "harness.hpp"

#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

namespace quizroom::itest {
namespace {

/// A WebSocket handshake sent as a plain request, to read the refusal.
tk::http_response upgrade_from(std::uint16_t port, const std::string& origin) {
    return tk::http_request(port, "GET", "/ws", {},
                            {{"Connection", "Upgrade"},
                             {"Upgrade", "websocket"},
                             {"Sec-WebSocket-Version", "13"},
                             {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                             {"Origin", origin}});
}

void check_refused(const tk::http_response& res) {
    CHECK(res.status == 403);
    CHECK(res.content_type == "application/json");
    const auto body = pr::json::parse(res.body);
    CHECK(body["error"] == "forbidden");
    CHECK(!body["message"].get<std::string>().empty());
}

/// Connects with `origin` and joins `code` as `name`.
std::unique_ptr<tk::ws_client> join_from(std::uint16_t port, const std::string& origin,
                                         const std::string& code, const std::string& name) {
    auto c = std::make_unique<tk::ws_client>(name);
    c->add_handshake_header("Origin", origin);
    c->connect(port, "/ws?room=" + code);
    c->send(pr::join_msg{code, name, std::nullopt});
    CHECK(c->expect<pr::joined_msg>().name == name);
    return c;
}

} // namespace

TEST_CASE("with --allowed-origins only listed origins' pages may open a WebSocket") {
    auto server = start_server("origins", {"--allowed-origins",
                                           "https://quiz.example.org, http://10.0.0.5:8080",
                                           "--public-url", "https://play.example.net/quiz"});
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    // A client that sends no Origin (a bot, a CLI) is not a browser page: it passes.
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");

    // Listed origins, compared as browsers write them, and the public URL's.
    auto listed = join_from(port, "https://Quiz.Example.org", r.code, "Ada");
    auto with_port = join_from(port, "http://10.0.0.5:8080", r.code, "Bob");
    auto own = join_from(port, "https://play.example.net", r.code, "Cy");
    CHECK(host.expect_if<pr::player_joined_msg>(
                  [](const pr::player_joined_msg& m) { return m.players == 3; })
              .player.name == "Cy");

    // Any other origin, another port or scheme of a listed one, or an opaque one: 403.
    for (const char* foreign : {"https://evil.example", "https://quiz.example.org:8443",
                                "http://quiz.example.org", "null"}) {
        CAPTURE(foreign);
        check_refused(upgrade_from(port, foreign));
    }
    tk::ws_client stranger("stranger");
    stranger.add_handshake_header("Origin", "https://evil.example");
    CHECK_THROWS_AS(stranger.connect(port), std::runtime_error);

    // The listed players play on; the refused ones never reached the room.
    host.send(pr::start_msg{});
    CHECK(host.expect<pr::question_msg>().q == 0);
    listed->send(pr::answer_msg{0, pr::choice_answer{0}});
    CHECK(listed->expect<pr::answer_ack_msg>().q == 0);
    CHECK(host_view(port, r)["players"] == 3);
}

TEST_CASE("without --allowed-origins any page may open a WebSocket") {
    auto server = start_server("origins-any");
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto anyone = join_from(port, "https://elsewhere.example", r.code, "Ada");
    CHECK(anyone->is_open());
}

TEST_CASE("an --allowed-origins item that is not an origin stops the start") {
    const auto r =
        run_to_exit("bad-origins", {"--quizzes", QUIZROOM_TEST_DECKS, "--allowed-origins",
                                    "https://quiz.example.org/play"});
    CHECK(r.status != 0);
    CHECK(r.output.find("--allowed-origins") != std::string::npos);
    CHECK(r.output.find("https://quiz.example.org/play") != std::string::npos);
}

} // namespace quizroom::itest
