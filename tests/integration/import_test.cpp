// Import then play: decks uploaded through POST /api/quizzes, refused whole
// when anything is wrong, listed, never exposing answers, and played over
// WebSocket like the bundled ones.

#include "harness.hpp"

#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

namespace quizroom::itest {
namespace {

const std::string admin_token = "test-admin-token-2f9c";

/// A Kahoot-style spreadsheet as a teacher would save it: quoting, a
/// multiple-answer question, CRLF line ends.
const std::string quiz_csv =
    "Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)\r\n"
    "\"Which port does HTTPS use, by default?\",80,443,8080,22,20,2\r\n"
    "Which of these are HTTP methods?,GET,FETCH,POST,SEND,20,\"1,3\"\r\n"
    "\"Is \"\"REST\"\" a protocol?\",Yes,No,,,10,2\r\n";

tk::http_response upload(std::uint16_t port, const std::string& target, const std::string& body,
                         const std::string& content_type, const std::string& token = admin_token) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", content_type}};
    if (!token.empty()) {
        headers.emplace_back("Authorization", "Bearer " + token);
    }
    return tk::http_post(port, target, body, headers);
}

pr::json quizzes(std::uint16_t port) {
    const auto res = tk::http_get(port, "/api/quizzes");
    REQUIRE(res.status == 200);
    return pr::json::parse(res.body);
}

const pr::json* listed(const pr::json& list, const std::string& id) {
    for (const auto& d : list) {
        if (d["id"] == id) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("import then play: a CSV uploaded with the admin token plays a full game") {
    auto server = start_server("import_play", {"--admin-token", admin_token});
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    const auto res = upload(port, "/api/quizzes?title=HTTP%20basics&id=http-basics", quiz_csv,
                            "text/csv; charset=utf-8");
    INFO("upload: ", res.body);
    REQUIRE(res.status == 201);
    CHECK(pr::json::parse(res.body) == pr::json{{"id", "http-basics"}});

    // Listed like the bundled decks.
    const auto list = quizzes(port);
    const pr::json* entry = listed(list, "http-basics");
    REQUIRE(entry != nullptr);
    CHECK((*entry)["title"] == "HTTP basics");
    CHECK((*entry)["questions"] == 3);
    CHECK((*entry)["categories"] == pr::json::array({"General"}));
    CHECK((*entry)["formats"] == pr::json::array());

    // Its questions without their answers.
    const auto detail = tk::http_get(port, "/api/quizzes/http-basics");
    REQUIRE(detail.status == 200);
    const auto deck = pr::json::parse(detail.body);
    REQUIRE(deck["questions"].size() == 3);
    for (const auto& q : deck["questions"]) {
        for (const char* key :
             {"answer", "accepted", "tolerance", "explanation", "summary", "concept", "keywords"}) {
            CHECK_MESSAGE(!q.contains(key), "GET /api/quizzes/{id} shows `", key, "`");
        }
    }
    CHECK(deck["questions"][2]["prompt"] == "Is \"REST\" a protocol?");

    // A room of it, two players, every question to the end.
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "http-basics");
    std::vector<player> players;
    players.push_back(join_player(port, r.code, "Ada"));
    players.push_back(join_player(port, r.code, "Bob"));

    struct step {
        std::string kind;
        std::string prompt;
        std::vector<std::string> choices;
        pr::json correct;
        pr::answer_value right;
        pr::answer_value wrong;
    };
    const std::vector<step> steps = {
        {"choice",
         "Which port does HTTPS use, by default?",
         {"80", "443", "8080", "22"},
         {{"choice", 1}},
         pr::choice_answer{1},
         pr::choice_answer{0}},
        {"multi",
         "Which of these are HTTP methods?",
         {"GET", "FETCH", "POST", "SEND"},
         {{"choices", {0, 2}}},
         pr::choices_answer{{0, 2}},
         pr::choices_answer{{1}}},
        {"choice",
         "Is \"REST\" a protocol?",
         {"Yes", "No"},
         {{"choice", 1}},
         pr::choice_answer{1},
         pr::choice_answer{0}},
    };
    int ada_score = 0;
    for (int qi = 0; qi < static_cast<int>(steps.size()); ++qi) {
        const auto& s = steps[static_cast<std::size_t>(qi)];
        CAPTURE(qi);
        host.send(qi == 0 ? pr::client_message{pr::start_msg{}}
                          : pr::client_message{pr::next_msg{}});
        const auto hq = host.expect<pr::question_msg>();
        CHECK(hq.q == qi);
        CHECK(hq.total == 3);
        CHECK(hq.kind == s.kind);
        CHECK(hq.prompt == s.prompt);
        CHECK(hq.choices == std::optional{s.choices});
        for (auto& p : players) {
            CHECK(as_json(p.client->expect<pr::question_msg>()) == as_json(hq));
        }
        players[0].client->send(pr::answer_msg{qi, s.right});
        std::this_thread::sleep_for(20ms);
        players[1].client->send(pr::answer_msg{qi, s.wrong});
        for (auto& p : players) {
            CHECK(p.client->expect<pr::answer_ack_msg>().q == qi);
        }
        const auto reveal = host.expect<pr::reveal_msg>();
        CHECK(reveal.correct == s.correct);
        CHECK(reveal.answered == 2);
        CHECK(reveal.correct_count == 1);
        for (auto& p : players) {
            CHECK(p.client->expect<pr::reveal_msg>().correct == s.correct);
        }
        const auto ada = players[0].client->expect<pr::result_msg>();
        CHECK(ada.correct == pr::json(true));
        CHECK(ada.points > 0);
        ada_score += ada.points;
        CHECK(ada.score == ada_score);
        CHECK(ada.rank == 1);
        const auto bob = players[1].client->expect<pr::result_msg>();
        CHECK(bob.points == 0);
        CHECK(bob.score == 0);
        CHECK(bob.rank == 2);

        host.send(pr::next_msg{});
        const auto lb = host.expect<pr::leaderboard_msg>();
        REQUIRE(lb.top.size() == 2);
        CHECK(lb.top[0].name == "Ada");
        CHECK(lb.top[0].score == ada_score);
        for (auto& p : players) {
            CHECK(p.client->expect<pr::leaderboard_msg>().top.size() == 2);
        }
    }
    host.send(pr::next_msg{});
    const auto podium = host.expect<pr::podium_msg>();
    REQUIRE(!podium.top.empty());
    CHECK(podium.top[0].name == "Ada");
    for (auto& p : players) {
        p.client->expect<pr::podium_msg>();
    }
    // Bob missed every question: all three in his recap.
    CHECK(players[1].client->expect<pr::recap_msg>().items.size() == 3);
    host.send(pr::next_msg{});
    CHECK(host.expect<pr::ended_msg>().reason == "finished");
    for (auto& p : players) {
        CHECK(p.client->expect<pr::ended_msg>().reason == "finished");
        CHECK(p.client->undecodable().empty());
    }
    CHECK(server->running());
}

TEST_CASE("uploads are refused whole: the token, the body, a taken id; nothing partial is kept") {
    auto server = start_server("import_refused", {"--admin-token", admin_token});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    const auto before = quizzes(port).size();

    SUBCASE("without the admin token, or with a wrong one") {
        for (const std::string& token :
             std::vector<std::string>{"", "not-the-token", admin_token + "x"}) {
            const auto res = upload(port, "/api/quizzes", quiz_csv, "text/csv", token);
            CHECK(res.status == 403);
            CHECK(pr::json::parse(res.body)["error"] == "forbidden");
        }
    }
    SUBCASE("a file with problems: each with its line, and the deck is not added") {
        const std::string broken = "Question,Answer 1,Answer 2,Time limit (sec),Correct answer(s)\n"
                                   "Fine?,yes,no,20,1\n"
                                   "\"Two\nlines\",a,b,20,\n"
                                   "Bad time,a,b,soon,1\n";
        const auto res = upload(port, "/api/quizzes?title=Broken", broken, "text/csv");
        REQUIRE(res.status == 400);
        const auto body = pr::json::parse(res.body);
        CHECK(body["error"] == "bad_message");
        CHECK(body["problems"] == pr::json::parse(R"([
                {"line": 3, "message": "no correct answer: put the number of the right answer (1-2) in `Correct answer(s)`"},
                {"line": 5, "message": "time limit `soon` is not a whole number of seconds from 1 to 3600"}])"));
        CHECK(body["message"] ==
              "the deck was not added: line 3: no correct answer: put the number "
              "of the right answer (1-2) in `Correct answer(s)` (and 1 more "
              "problem)");
        CHECK(quizzes(port).size() == before);
        CHECK(tk::http_get(port, "/api/quizzes/broken").status == 404);
    }
    SUBCASE("a JSON deck's problems have no line") {
        const auto res = upload(port, "/api/quizzes",
                                R"({"id": "dup", "title": "Dup", "questions": [
                                    {"id": "a", "kind": "truefalse", "prompt": "A", "answer": true},
                                    {"id": "a", "kind": "truefalse", "prompt": "B", "answer": false}]})",
                                "application/json");
        REQUIRE(res.status == 400);
        CHECK(
            pr::json::parse(res.body)["problems"] ==
            pr::json::parse(
                R"([{"line": null, "message": "question a: field id: is used by an earlier question too"}])"));
    }
    SUBCASE("a deck id that is taken: 409, and the first deck stays") {
        CHECK(upload(port, "/api/quizzes?id=twice", quiz_csv, "text/csv").status == 201);
        const auto again = upload(port, "/api/quizzes?id=twice", quiz_csv, "text/csv");
        CHECK(again.status == 409);
        CHECK(pr::json::parse(again.body)["error"] == "duplicate");
        // A bundled deck's id is taken too.
        const auto bundled = upload(port, "/api/quizzes?id=mini", quiz_csv, "text/csv");
        CHECK(bundled.status == 409);
        CHECK(quizzes(port).size() == before + 1);
    }
    SUBCASE("the format comes from ?format= or the Content-Type") {
        const std::string gift = "::Q1::Is UDP reliable?{F}\n\n::Q2::Port of SSH?{=22}\n";
        CHECK(upload(port, "/api/quizzes?id=g1", gift, "text/plain").status == 400);
        CHECK(upload(port, "/api/quizzes?id=g1&format=gift", gift, "text/plain").status == 201);
        CHECK(upload(port, "/api/quizzes?id=g2", gift, "text/x-gift").status == 201);
        const std::string md = "# Notes\n\n1. **A?**\n**Explanation**: A is first.\n\n"
                               "2. **B?**\n**Explanation**: B is second.\n";
        CHECK(upload(port, "/api/quizzes", md, "text/markdown").status == 201);
        CHECK(listed(quizzes(port), "notes") != nullptr);
        CHECK(upload(port, "/api/quizzes?format=xlsx", gift, "text/plain").status == 400);
    }
    SUBCASE("a body over 1 MiB is too big") {
        const auto res =
            upload(port, "/api/quizzes", std::string(1024 * 1024 + 1, 'x'), "text/csv");
        CHECK(res.status == 413);
        CHECK(pr::json::parse(res.body)["error"] == "too_big");
    }
}

TEST_CASE("with no admin token, uploads are off unless the server was started with open uploads") {
    SUBCASE("off, and the message says how to turn them on") {
        auto server = start_server("import_off");
        const auto res = upload(server->port(), "/api/quizzes", quiz_csv, "text/csv", "");
        CHECK(res.status == 403);
        const auto message = pr::json::parse(res.body)["message"].get<std::string>();
        CHECK(message.find("--admin-token") != std::string::npos);
        CHECK(message.find("--open-uploads") != std::string::npos);
    }
    SUBCASE("--open-uploads: anyone") {
        auto server = start_server("import_open", {"--open-uploads"});
        CHECK(upload(server->port(), "/api/quizzes?id=open", quiz_csv, "text/csv", "").status ==
              201);
    }
    SUBCASE("the token from QUIZROOM_ADMIN_TOKEN") {
        ::setenv("QUIZROOM_ADMIN_TOKEN", "from-the-environment", 1);
        auto server = start_server("import_env");
        ::unsetenv("QUIZROOM_ADMIN_TOKEN");
        CHECK(upload(server->port(), "/api/quizzes?id=env", quiz_csv, "text/csv", "").status ==
              403);
        CHECK(upload(server->port(), "/api/quizzes?id=env", quiz_csv, "text/csv",
                     "from-the-environment")
                  .status == 201);
    }
}

TEST_CASE("the bank, uploaded as JSON, plays in its concept, best_answer and open formats") {
    auto server = start_server("import_formats", {"--open-uploads"});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    std::ifstream in(std::string(QUIZROOM_TEST_DECKS) + "/../../../quizzes/backend-interview.json");
    REQUIRE(in.good());
    const std::string bank_text{std::istreambuf_iterator<char>(in), {}};
    const auto bank = pr::json::parse(bank_text);
    REQUIRE(upload(port, "/api/quizzes?id=bank", bank_text, "application/json", "").status == 201);
    const auto list = quizzes(port);
    const pr::json* entry = listed(list, "bank");
    REQUIRE(entry != nullptr);
    CHECK((*entry)["formats"] == pr::json::array({"best_answer", "concept", "open"}));

    SUBCASE("concept: the explanation with the concept masked; name the concept") {
        tk::ws_client host("host");
        host.connect(port);
        pr::create_options o;
        o.format = "concept";
        o.categories = std::vector<std::string>{"Data Structures and Algorithms"};
        o.count = 1;
        const room r = create_room(host, "bank", o);
        auto ada = join_player(port, r.code, "Ada");
        host.send(pr::start_msg{});
        const auto q = ada.client->expect<pr::question_msg>();
        // The first question of the category: q006, the trie.
        const auto& trie = bank["questions"][5];
        REQUIRE(trie["id"] == "q006");
        CHECK(q.total == 1);
        CHECK(q.category == "Data Structures and Algorithms");
        CHECK(q.prompt.starts_with("A _____ stores strings as a tree"));
        CHECK(q.prompt.find("trie") == std::string::npos);
        REQUIRE(q.choices.has_value());
        REQUIRE(q.choices->size() == 4);
        const auto right =
            std::find(q.choices->begin(), q.choices->end(), trie["concept"].get<std::string>());
        REQUIRE(right != q.choices->end());
        const int pick = static_cast<int>(right - q.choices->begin());
        ada.client->send(pr::answer_msg{0, pr::choice_answer{pick}});
        CHECK(ada.client->expect<pr::result_msg>().correct == pr::json(true));
        // The reveal explains with the concept named.
        CHECK(host.expect<pr::reveal_msg>().explanation == trie["explanation"]);
    }
    SUBCASE("best_answer: the summary among four of the category") {
        tk::ws_client host("host");
        host.connect(port);
        pr::create_options o;
        o.format = "best_answer";
        o.count = 1;
        const room r = create_room(host, "bank", o);
        auto ada = join_player(port, r.code, "Ada");
        host.send(pr::start_msg{});
        const auto q = ada.client->expect<pr::question_msg>();
        CHECK(q.prompt == bank["questions"][0]["prompt"]);
        CHECK(q.choices ==
              std::optional{bank["questions"][0]["choices"].get<std::vector<std::string>>()});
    }
    SUBCASE("open: type an answer, scored by the question's keywords") {
        tk::ws_client host("host");
        host.connect(port);
        pr::create_options o;
        o.format = "open";
        o.count = 1;
        const room r = create_room(host, "bank", o);
        auto ada = join_player(port, r.code, "Ada");
        auto bob = join_player(port, r.code, "Bob");
        host.send(pr::start_msg{});
        const auto q = ada.client->expect<pr::question_msg>();
        const auto& first = bank["questions"][0];
        CHECK(q.kind == "open");
        CHECK(q.prompt == first["prompt"]);
        CHECK_FALSE(q.choices.has_value());
        bob.client->expect<pr::question_msg>();
        // The model explanation names every key term; "no idea" names none.
        ada.client->send(
            pr::answer_msg{0, pr::text_answer{first["explanation"].get<std::string>()}});
        bob.client->send(pr::answer_msg{0, pr::text_answer{"no idea"}});
        const auto ada_result = ada.client->expect<pr::result_msg>();
        CHECK((ada_result.correct == pr::json(true) || ada_result.correct == pr::json(1.0)));
        CHECK(ada_result.points > 0);
        const auto bob_result = bob.client->expect<pr::result_msg>();
        CHECK(bob_result.points == 0);
        const auto reveal = host.expect<pr::reveal_msg>();
        REQUIRE(reveal.correct.contains("keywords"));
        CHECK(reveal.correct["keywords"].size() == first["keywords"].size());
        CHECK(reveal.explanation == first["explanation"]);
    }
    SUBCASE("a format the deck does not offer is refused, naming it") {
        tk::ws_client host("host");
        host.connect(port);
        pr::create_options o;
        o.format = "concept";
        host.send(pr::create_msg{"mini", o, std::nullopt}, "c");
        const auto e = host.expect<pr::error_msg>();
        CHECK(e.code == pr::error::bad_message);
        CHECK(e.message.starts_with("options.format: deck `mini` offers no format `concept`"));
    }
}

} // namespace quizroom::itest
