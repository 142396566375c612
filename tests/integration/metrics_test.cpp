// GET /metrics: Prometheus text whose figures follow a game as it is played.

#include "harness.hpp"

#include "tests/support/http_get.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace quizroom::itest {
namespace {

/// `name{labels}` -> value, from the text format; fails on a malformed line.
std::map<std::string, double> scrape(std::uint16_t port) {
    const auto res = tk::http_get(port, "/metrics");
    REQUIRE(res.status == 200);
    CHECK(res.content_type.starts_with("text/plain; version=0.0.4"));
    std::map<std::string, double> out;
    std::istringstream lines(res.body);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
            continue;
        }
        const auto space = line.rfind(' ');
        INFO("metrics line: ", line);
        REQUIRE(space != std::string::npos);
        std::size_t used = 0;
        const double value = std::stod(line.substr(space + 1), &used);
        CHECK(used == line.size() - space - 1);
        out[line.substr(0, space)] = value;
    }
    return out;
}

double at(const std::map<std::string, double>& m, const std::string& key) {
    const auto it = m.find(key);
    INFO("metric ", key);
    REQUIRE(it != m.end());
    return it->second;
}

/// Scrapes until `key` reads `want` (a connection's close reaches the server
/// a moment after the client's); the last value read.
double settle(std::uint16_t port, const std::string& key, double want) {
    double got = -1;
    for (int i = 0; i < 100; ++i) {
        got = at(scrape(port), key);
        if (got == want) {
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    return got;
}

std::string rooms(const char* phase) {
    return std::string("quizroom_rooms{phase=\"") + phase + "\"}";
}
std::string received(const char* type) {
    return std::string("quizroom_messages_received_total{type=\"") + type + "\"}";
}
std::string sent(const char* type) {
    return std::string("quizroom_messages_sent_total{type=\"") + type + "\"}";
}

} // namespace

TEST_CASE("/metrics follows a game: connections, messages, answers and rooms by phase") {
    auto server = start_server("metrics");
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    const auto idle = scrape(port);
    CHECK(at(idle, "quizroom_connections") == 0);
    CHECK(at(idle, rooms("lobby")) == 0);
    CHECK(at(idle, received("answer")) == 0);
    CHECK(at(idle, "quizroom_answer_ack_seconds_count") == 0);
    CHECK(at(idle, "process_resident_memory_bytes") > 0);
    CHECK(at(idle, "process_cpu_seconds_total") >= 0);
    CHECK(at(idle, "quizroom_store_up") == 1);

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    std::vector<player> players;
    players.push_back(join_player(port, r.code, "Ada"));
    players.push_back(join_player(port, r.code, "Bob"));
    for (int i = 0; i < 2; ++i) {
        host.expect<pr::player_joined_msg>();
    }

    const auto lobby = scrape(port);
    CHECK(at(lobby, "quizroom_connections") == 3);
    CHECK(at(lobby, "quizroom_connections_opened_total") == 3);
    CHECK(at(lobby, rooms("lobby")) == 1);
    CHECK(at(lobby, rooms("question")) == 0);
    CHECK(at(lobby, "quizroom_players") == 2);
    CHECK(at(lobby, received("create")) == 1);
    CHECK(at(lobby, received("join")) == 2);
    CHECK(at(lobby, sent("created")) == 1);
    CHECK(at(lobby, sent("joined")) == 2);
    CHECK(at(lobby, "quizroom_message_bytes_received_total{type=\"join\"}") > 0);
    CHECK(at(lobby, "quizroom_store_batch_records_count") >= 3); // a room, then two players

    host.send(pr::start_msg{});
    host.expect<pr::question_msg>();
    for (auto& p : players) {
        p.client->expect<pr::question_msg>();
    }
    const auto question = scrape(port);
    CHECK(at(question, rooms("lobby")) == 0);
    CHECK(at(question, rooms("question")) == 1);
    // The question went to the host screen and both players.
    CHECK(at(question, sent("question")) == 3);
    CHECK(at(question, "quizroom_fanout_seconds_count") >
          at(lobby, "quizroom_fanout_seconds_count"));

    players[0].client->send(pr::answer_msg{0, pr::choice_answer{0}});
    CHECK(players[0].client->expect<pr::answer_ack_msg>().q == 0);
    // A second answer to the same question is refused, and counted by code.
    players[0].client->send(pr::answer_msg{0, pr::choice_answer{1}});
    CHECK(players[0].client->expect<pr::error_msg>().code == pr::error::duplicate);
    players[1].client->send(pr::answer_msg{0, pr::choice_answer{3}});
    CHECK(players[1].client->expect<pr::answer_ack_msg>().q == 0);
    host.expect<pr::reveal_msg>();

    const auto answered = scrape(port);
    CHECK(at(answered, received("answer")) == 3);
    CHECK(at(answered, sent("answer_ack")) == 2);
    CHECK(at(answered, "quizroom_answer_ack_seconds_count") == 2);
    CHECK(at(answered, "quizroom_errors_total{code=\"duplicate\"}") == 1);
    CHECK(at(answered, rooms("question")) == 0);
    CHECK(at(answered, rooms("reveal")) == 1);
    CHECK(at(answered, sent("result")) == 2);
    CHECK(at(answered, "quizroom_store_batch_records_count") >
          at(question, "quizroom_store_batch_records_count"));

    // The host ends the game: podium, then ended.
    host.send(pr::end_msg{});
    host.expect<pr::podium_msg>();
    host.send(pr::next_msg{});
    host.expect<pr::ended_msg>();
    const auto ended = scrape(port);
    CHECK(at(ended, rooms("reveal")) == 0);
    CHECK(at(ended, rooms("ended")) == 1);
    CHECK(at(ended, "quizroom_players") == 0);
    CHECK(at(ended, sent("ended")) == 3);

    for (auto& p : players) {
        p.client->close();
    }
    host.close();
    CHECK(settle(port, "quizroom_connections", 0) == 0);
    CHECK(at(scrape(port), "quizroom_connections_opened_total") == 3);
}

TEST_CASE("/metrics counts frames refused before parsing and HTTP errors") {
    auto server = start_server("metrics-errors");
    const auto port = server->port();
    tk::ws_client c("garbage");
    c.connect(port);
    c.send_raw("{not json");
    CHECK(c.expect<pr::error_msg>().code == pr::error::bad_json);
    CHECK(tk::http_get(port, "/api/quizzes/no-such-deck").status == 404);
    const auto m = scrape(port);
    CHECK(at(m, received("other")) == 1);
    CHECK(at(m, "quizroom_errors_total{code=\"bad_json\"}") == 1);
    CHECK(at(m, "quizroom_errors_total{code=\"not_found\"}") == 1);
    CHECK(at(m, sent("error")) == 1);
}

TEST_CASE("the Grafana dashboard in deploy/ asks only for metrics the server exports") {
    std::ifstream in(QUIZROOM_DEPLOY_DIR "/grafana/quizroom-dashboard.json");
    REQUIRE(in);
    const auto dashboard = pr::json::parse(in);
    std::set<std::string> wanted;
    // Metric names in the PromQL: a `quizroom_` or `process_` word, without
    // a histogram's suffix.
    const auto names_in = [](const std::string& expr) {
        std::vector<std::string> out;
        for (std::size_t at = 0; at < expr.size();) {
            const auto q = expr.find("quizroom_", at);
            const auto p = expr.find("process_", at);
            const auto start = std::min(q, p);
            if (start == std::string::npos) {
                break;
            }
            auto end = start;
            while (end < expr.size() &&
                   (std::islower(static_cast<unsigned char>(expr[end])) || expr[end] == '_')) {
                ++end;
            }
            std::string family = expr.substr(start, end - start);
            for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
                if (family.ends_with(suffix)) {
                    family.resize(family.size() - suffix.size());
                }
            }
            out.push_back(family);
            at = end;
        }
        return out;
    };
    for (const auto& panel : dashboard["panels"]) {
        for (const auto& target : panel["targets"]) {
            for (auto& family : names_in(target["expr"].get<std::string>())) {
                wanted.insert(std::move(family));
            }
        }
    }
    REQUIRE(wanted.size() > 10);
    auto server = start_server("metrics-dashboard");
    const auto text = tk::http_get(server->port(), "/metrics").body;
    // Figures of the Redis backend only; the memory store has no round trips to count.
    const std::set<std::string> redis_only = {"quizroom_store_outage_queue_records"};
    for (const auto& family : wanted) {
        CAPTURE(family);
        if (!redis_only.contains(family)) {
            CHECK(text.find("# TYPE " + family + " ") != std::string::npos);
        }
    }
}

} // namespace quizroom::itest
