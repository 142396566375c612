// Each limit of README.md's table, tripped on a real server started with a
// small value of it: what the client sees, and that nothing else changed.

#include "harness.hpp"
#include "raw_connection.hpp"

#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <thread>

namespace quizroom::itest {
namespace {

/// Codes with characters no room code has, so no room can have them.
const std::string unknown_1 = "000001";
const std::string unknown_2 = "000002";
const std::string unknown_3 = "000003";

/// GET /api/rooms/{code} from `source`, with `extra_headers` (lines ending in \r\n).
raw_http_response look_up(std::uint16_t port, const std::string& code,
                          const std::string& source = "127.0.0.1",
                          const std::string& extra_headers = {}) {
    raw_connection c(port, source);
    c.send("GET /api/rooms/" + code + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
           extra_headers + "\r\n");
    return c.read_response();
}

std::string error_code_of(const std::string& body) {
    return pr::json::parse(body).value("error", "");
}

/// A metric's value from /metrics (a line `name value`); -1 when absent.
double metric(std::uint16_t port, const std::string& name) {
    std::istringstream lines(tk::http_get(port, "/metrics").body);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with(name + " ")) {
            return std::stod(line.substr(name.size() + 1));
        }
    }
    return -1;
}

/// A `join` that must be refused with `code`.
void join_refused(tk::ws_client& c, const std::string& room_code, const std::string& name,
                  pr::error code) {
    c.send(pr::join_msg{room_code, name, std::nullopt}, "join-" + name);
    const auto e = c.expect_frame<pr::error_msg>();
    CHECK(e.id == pr::json("join-" + name));
    CHECK(e.message.code == code);
}

/// The client is still served: a ping gets its pong.
void still_served(tk::ws_client& c) {
    c.send(pr::ping_msg{pr::json(7)}, "still");
    CHECK(c.expect_frame<pr::pong_msg>().id == pr::json("still"));
}

/// The room still plays: the host starts it and `p` answers the first question.
void room_plays_on(tk::ws_client& host, tk::ws_client& p) {
    host.send(pr::start_msg{});
    const auto q = p.expect<pr::question_msg>();
    p.send(pr::answer_msg{q.q, pr::choice_answer{0}}, "answer");
    CHECK(p.expect_frame<pr::answer_ack_msg>().id == pr::json("answer"));
}

std::string padded_ping(std::size_t size) {
    const std::string head = R"({"type":"ping","t":")";
    const std::string tail = R"("})";
    return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

TEST_CASE("limit: a frame over --max-frame-bytes gets too_big and close 1009; others go on") {
    auto server = start_server("limit-frame", {"--max-frame-bytes", "512"});
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");
    const auto before = host_view(port, r);

    tk::ws_client edge("edge");
    edge.connect(port);
    edge.send_raw(padded_ping(512));
    CHECK(edge.expect<pr::pong_msg>().t.is_string());

    tk::ws_client big("big");
    big.connect(port);
    big.send_raw(padded_ping(513));
    const auto e = big.expect<pr::error_msg>();
    CHECK(e.code == pr::error::too_big);
    CHECK(e.message.find("512") != std::string::npos);
    CHECK(big.wait_closed() == 1009);

    CHECK(host_view(port, r) == before);
    still_served(*ada.client);
    room_plays_on(host, *ada.client);
}

TEST_CASE("limit: messages past --message-burst get rate_limited, then close 1008") {
    auto server = start_server("limit-messages", {"--messages-per-s", "0.01", "--message-burst",
                                                  "3", "--refusals-before-close", "2"});
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");

    const auto flood = flood_with_pings(port, 10);
    CHECK(flood.close_code == 1008);
    CHECK(flood.pongs == 3);
    CHECK(flood.refusals == 2);
    // The limit is per connection: the player and the host are not touched.
    still_served(*ada.client);
    room_plays_on(host, *ada.client);
}

/// A raw WebSocket that attaches with `attach` (a join, or a host screen's
/// `host`) and, once attached, never reads: pings bring 60 KB pongs, so the
/// server's writes stall when the socket buffers are full and its queue for
/// this connection grows until the cap in `cap_flags` closes it with 1013.
/// The other four caps are set far out of reach, so the one named trips.
void never_reader_is_closed(const std::string& name, std::vector<std::string> cap_flags,
                            bool as_host) {
    std::vector<std::string> args = {"--max-frame-bytes", "65536", "--messages-per-s",      "10000",
                                     "--message-burst",   "10000", "--handshake-timeout-s", "2"};
    for (const auto* flag :
         {"--queue-frames", "--queue-bytes", "--host-queue-frames", "--host-queue-bytes"}) {
        if (std::find(cap_flags.begin(), cap_flags.end(), flag) == cap_flags.end()) {
            args.insert(args.end(),
                        {flag, std::string(flag).ends_with("bytes") ? "1073741824" : "1000000"});
        }
    }
    args.insert(args.end(), cap_flags.begin(), cap_flags.end());
    auto server = start_server(name, args);
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");
    REQUIRE(metric(port, "quizroom_slow_consumers_closed_total") == 0);

    raw_connection slow(port, "127.0.0.1", 4096);
    slow.send(upgrade_request(port));
    REQUIRE(slow.read_response().status == 101);
    slow.send(client_text_frame(
        as_host
            ? R"({"type":"host","code":")" + r.code + R"(","host_token":")" + r.host_token + "\"}"
            : R"({"type":"join","code":")" + r.code + R"(","name":"Slow"})"));
    // Its `state` (after `joined`, and among the server's pings) says it is
    // attached, so the pongs count against its role's cap.
    bool attached = false;
    while (!attached) {
        const auto f = slow.read_frame(10s);
        REQUIRE(f.has_value());
        attached = f->opcode == 0x1 && pr::json::parse(f->payload).at("type") == "state";
    }
    const auto ping = client_text_frame(padded_ping(60000));
    for (int i = 0; i < 400 && slow.send_for(ping, std::chrono::seconds(2)); ++i) {
    }
    for (int i = 0; i < 200 && metric(port, "quizroom_slow_consumers_closed_total") < 1; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    CHECK(metric(port, "quizroom_slow_consumers_closed_total") == 1);
    // Under its pongs, the last frame is the close, 1013 ("try again later").
    std::optional<raw_ws_frame> last;
    while (auto f = slow.read_frame(10s)) {
        last = std::move(f);
        if (last->opcode == 0x8) {
            break;
        }
    }
    REQUIRE(last.has_value());
    CHECK(last->opcode == 0x8);
    CHECK(close_code(*last) == 1013);
    if (!as_host) {
        CHECK_FALSE(host.expect<pr::player_left_msg>().gone);
    }
    room_plays_on(host, *ada.client);
}

} // namespace

TEST_CASE("limit: a player that never reads is closed (1013) past --queue-frames; the room plays "
          "on") {
    never_reader_is_closed("limit-queue", {"--queue-frames", "4"}, false);
}

TEST_CASE("limit: a player that never reads is closed (1013) past --queue-bytes") {
    never_reader_is_closed("limit-queue-bytes", {"--queue-bytes", "262144"}, false);
}

TEST_CASE("limit: a host screen that never reads is closed (1013) past --host-queue-frames; the "
          "room plays on") {
    never_reader_is_closed("limit-host-queue", {"--host-queue-frames", "4"}, true);
}

TEST_CASE("limit: a host screen that never reads is closed (1013) past --host-queue-bytes") {
    never_reader_is_closed("limit-host-queue-bytes", {"--host-queue-bytes", "262144"}, true);
}

TEST_CASE("limit: a WebSocket silent for --idle-timeout-s is closed; one that answers pings is "
          "not") {
    auto server = start_server("limit-idle", {"--idle-timeout-s", "1"});
    const auto port = server->port();
    tk::ws_client live("live"); // answers the server's pings, as browsers do
    live.connect(port);
    raw_connection silent(port);
    silent.send(upgrade_request(port));
    REQUIRE(silent.read_response().status == 101);
    CHECK(silent.closed_within(10s));
    still_served(live);
}

TEST_CASE("limit: a connection that sends no request within --handshake-timeout-s is closed") {
    auto server = start_server("limit-handshake", {"--handshake-timeout-s", "1"});
    const auto port = server->port();
    raw_connection silent(port);
    CHECK(silent.closed_within(10s));
    tk::ws_client prompt("prompt");
    prompt.connect(port);
    still_served(prompt);
}

TEST_CASE("limit: a request that does not arrive whole within --request-timeout-s is closed") {
    auto server =
        start_server("limit-request", {"--request-timeout-s", "1", "--handshake-timeout-s", "60"});
    const auto port = server->port();
    raw_connection half(port);
    half.send("POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
    CHECK(half.closed_within(15s));
    CHECK(tk::http_get(port, "/healthz").status == 200);
}

TEST_CASE("limit: a body over --max-body-bytes or headers over --max-header-bytes get 413") {
    auto server = start_server(
        "limit-http", {"--max-body-bytes", "2048", "--max-header-bytes", "1024", "--open-uploads"});
    const auto port = server->port();
    const auto big_body = tk::http_post(port, "/api/quizzes?format=json", std::string(4096, ' '),
                                        {{"Content-Type", "application/json"}});
    CHECK(big_body.status == 413);
    CHECK(error_code_of(big_body.body) == "too_big");

    raw_connection big_head(port);
    big_head.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + std::string(2000, 'x') +
                  "\r\n\r\n");
    const auto refused = big_head.read_response();
    CHECK(refused.status == 413);
    CHECK(error_code_of(refused.body) == "too_big");

    // Under both limits, the same routes answer as usual.
    const auto created = tk::http_post(
        port, "/api/rooms", R"({"quiz":"three","pad":")" + std::string(1500, 'x') + R"("})",
        {{"Content-Type", "application/json"}});
    CHECK(created.status == 201);
    CHECK(tk::http_get(port, "/healthz").status == 200);
}

TEST_CASE("limit: --max-players-per-room caps every room, and is the default") {
    auto server = start_server("limit-players", {"--max-players-per-room", "2"});
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");
    auto bob = join_player(port, r.code, "Bob");
    tk::ws_client cat("cat");
    cat.connect(port);
    join_refused(cat, r.code, "Cat", pr::error::room_full);

    // A host cannot ask for more than the server allows.
    tk::ws_client host2("host2");
    host2.connect(port);
    pr::create_options more;
    more.max_players = 5;
    const room r2 = create_room(host2, "three", more);
    auto dan = join_player(port, r2.code, "Dan");
    auto eve = join_player(port, r2.code, "Eve");
    join_refused(cat, r2.code, "Fay", pr::error::room_full);

    CHECK(host_view(port, r)["players"] == 2);
    room_plays_on(host, *ada.client);
}

TEST_CASE("limit: past --max-rooms, new rooms get unavailable; the rooms there go on") {
    auto server = start_server("limit-rooms", {"--max-rooms", "2"});
    const auto port = server->port();
    tk::ws_client host_a("host-a");
    host_a.connect(port);
    const room a = create_room(host_a, "three");
    const auto b = tk::http_post(port, "/api/rooms", R"({"quiz":"three"})",
                                 {{"Content-Type", "application/json"}});
    REQUIRE(b.status == 201);

    tk::ws_client host_c("host-c");
    host_c.connect(port);
    host_c.send(pr::create_msg{"three", {}, std::nullopt}, "create-c");
    const auto e = host_c.expect_frame<pr::error_msg>();
    CHECK(e.id == pr::json("create-c"));
    CHECK(e.message.code == pr::error::unavailable);
    const auto over = tk::http_post(port, "/api/rooms", R"({"quiz":"three"})",
                                    {{"Content-Type", "application/json"}});
    CHECK(over.status == 503);
    CHECK(error_code_of(over.body) == "unavailable");

    auto ada = join_player(port, a.code, "Ada");
    room_plays_on(host_a, *ada.client);

    // A room deleted by its host makes room for another.
    const auto code_b = pr::json::parse(b.body)["code"].get<std::string>();
    const auto token_b = pr::json::parse(b.body)["host_token"].get<std::string>();
    REQUIRE(tk::http_request(port, "DELETE", "/api/rooms/" + code_b, {},
                             {{"Authorization", "Bearer " + token_b}})
                .status == 200);
    create_room(host_c, "three");
}

TEST_CASE("limit: past --connections-per-address, the upgrade gets 429; other addresses and open "
          "connections go on") {
    auto server = start_server("limit-connections", {"--connections-per-address", "2"});
    const auto port = server->port();
    auto first = std::make_unique<tk::ws_client>("first");
    first->connect(port);
    tk::ws_client second("second");
    second.connect(port);

    raw_connection third(port);
    third.send(upgrade_request(port));
    const auto refused = third.read_response();
    CHECK(refused.status == 429);
    CHECK(error_code_of(refused.body) == "rate_limited");

    raw_connection elsewhere(port, "127.0.0.2");
    elsewhere.send(upgrade_request(port));
    CHECK(elsewhere.read_response().status == 101);
    still_served(second);

    // A connection that closes gives its place back.
    first->close();
    first.reset();
    int status = 0;
    for (int i = 0; i < 100 && status != 101; ++i) {
        raw_connection again(port);
        again.send(upgrade_request(port));
        status = again.read_response().status;
        if (status != 101) {
            std::this_thread::sleep_for(50ms);
        }
    }
    CHECK(status == 101);
}

TEST_CASE("limit: tries past --address-join-burst from one address get rate_limited; other "
          "addresses do not") {
    auto server = start_server("limit-address-joins",
                               {"--address-join-burst", "4", "--address-joins-per-s", "0.001"});
    const auto port = server->port();
    tk::ws_client host("host"); // `create` is not a try of a code
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");
    auto bob = join_player(port, r.code, "Bob");
    auto cat = join_player(port, r.code, "Cat");
    CHECK(look_up(port, r.code).status == 200); // the fourth try

    tk::ws_client dan("dan");
    dan.connect(port);
    join_refused(dan, r.code, "Dan", pr::error::rate_limited);
    const auto again = look_up(port, r.code);
    CHECK(again.status == 429);
    CHECK(error_code_of(again.body) == "rate_limited");

    const auto elsewhere = look_up(port, r.code, "127.0.0.2");
    REQUIRE(elsewhere.status == 200);
    CHECK(pr::json::parse(elsewhere.body)["players"] == 3);
    room_plays_on(host, *bob.client);

    // A player coming back with its token is not a new try: it gets in.
    tk::ws_client back("ada-back");
    back.connect(port);
    back.send(pr::rejoin_msg{r.code, ada.joined.token}, "rejoin");
    const auto rejoined = back.expect_frame<pr::joined_msg>();
    CHECK(rejoined.id == pr::json("rejoin"));
    CHECK(rejoined.message.player_id == ada.joined.player_id);
}

TEST_CASE("limit: tries of one room past --room-join-burst get rate_limited from any address; "
          "other rooms go on") {
    auto server =
        start_server("limit-room-joins", {"--room-join-burst", "2", "--room-joins-per-s", "0.001"});
    const auto port = server->port();
    tk::ws_client host_a("host-a");
    host_a.connect(port);
    const room a = create_room(host_a, "three");
    tk::ws_client host_b("host-b");
    host_b.connect(port);
    const room b = create_room(host_b, "three");
    auto ada = join_player(port, a.code, "Ada");
    auto bob = join_player(port, a.code, "Bob");

    const auto refused = look_up(port, a.code, "127.0.0.2");
    CHECK(refused.status == 429);
    CHECK(error_code_of(refused.body) == "rate_limited");
    tk::ws_client cat("cat");
    cat.connect(port);
    join_refused(cat, a.code, "Cat", pr::error::rate_limited);

    CHECK(look_up(port, b.code, "127.0.0.2").status == 200);
    auto dan = join_player(port, b.code, "Dan");
    room_plays_on(host_a, *ada.client);
}

TEST_CASE("limit: past --address-miss-burst, every try of a code from that address is refused, "
          "hits too") {
    auto server = start_server("limit-address-misses",
                               {"--address-miss-burst", "2", "--address-misses-per-s", "0.001"});
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");

    tk::ws_client guesser("guesser");
    guesser.connect(port);
    join_refused(guesser, unknown_1, "G1", pr::error::not_found);
    join_refused(guesser, unknown_2, "G2", pr::error::not_found);
    // A right guess now must look like a wrong one.
    join_refused(guesser, r.code, "G3", pr::error::rate_limited);
    CHECK(look_up(port, r.code).status == 429);
    CHECK(look_up(port, unknown_3).status == 429);

    const auto elsewhere = look_up(port, r.code, "127.0.0.2");
    REQUIRE(elsewhere.status == 200);
    CHECK(pr::json::parse(elsewhere.body)["players"] == 1);
    room_plays_on(host, *ada.client);
}

TEST_CASE("limit: past --node-miss-burst, every try of a code is refused from any address; "
          "players in rooms go on") {
    auto server = start_server("limit-node-misses",
                               {"--node-miss-burst", "3", "--node-misses-per-s", "0.001"});
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    auto ada = join_player(port, r.code, "Ada");

    CHECK(look_up(port, unknown_1, "127.0.0.2").status == 404);
    CHECK(look_up(port, unknown_2, "127.0.0.3").status == 404);
    CHECK(look_up(port, unknown_3, "127.0.0.4").status == 404);
    const auto refused = look_up(port, r.code, "127.0.0.5");
    CHECK(refused.status == 429);
    CHECK(error_code_of(refused.body) == "rate_limited");
    tk::ws_client bob("bob");
    bob.connect(port);
    join_refused(bob, r.code, "Bob", pr::error::rate_limited);

    still_served(*ada.client);
    room_plays_on(host, *ada.client);
}

TEST_CASE("limit: X-Forwarded-For names the client only when the peer is in --trusted-proxies") {
    const std::vector<std::string> one_miss = {"--address-miss-burst", "1",
                                               "--address-misses-per-s", "0.001"};
    const auto forwarded = [](const std::string& client) {
        return "X-Forwarded-For: " + client + "\r\n";
    };
    SUBCASE("behind a trusted proxy, each forwarded client has its own limits") {
        auto args = one_miss;
        args.insert(args.end(), {"--trusted-proxies", "127.0.0.1/32"});
        auto server = start_server("limit-proxy-trusted", args);
        const auto port = server->port();
        CHECK(look_up(port, unknown_1, "127.0.0.1", forwarded("203.0.113.1")).status == 404);
        CHECK(look_up(port, unknown_2, "127.0.0.1", forwarded("203.0.113.1")).status == 429);
        CHECK(look_up(port, unknown_2, "127.0.0.1", forwarded("203.0.113.2")).status == 404);
        // A client cannot pass for another by writing the header itself: the
        // proxy appends the address it saw, and that one counts.
        CHECK(look_up(port, unknown_3, "127.0.0.1", forwarded("203.0.113.9, 203.0.113.1")).status ==
              429);
        // From a peer that is not trusted, the header is not believed.
        CHECK(look_up(port, unknown_1, "127.0.0.2", forwarded("203.0.113.3")).status == 404);
        CHECK(look_up(port, unknown_2, "127.0.0.2", forwarded("203.0.113.4")).status == 429);
    }
    SUBCASE("with no trusted proxy, the header changes nothing") {
        auto server = start_server("limit-proxy-untrusted", one_miss);
        const auto port = server->port();
        CHECK(look_up(port, unknown_1, "127.0.0.1", forwarded("203.0.113.1")).status == 404);
        CHECK(look_up(port, unknown_2, "127.0.0.1", forwarded("203.0.113.2")).status == 429);
    }
}

} // namespace quizroom::itest
