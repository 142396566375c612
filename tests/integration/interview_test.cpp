// A mock interview over real sockets (PROTOCOL.md, "Interview mode"): one
// candidate per question, round-robin or picked by the host; the reveal
// shows the keywords the typed answer covered; peers and the host rate; the
// candidate scores the median x 200 and raters near the host's rating earn 50.

#include "harness.hpp"

#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

namespace quizroom::itest {
namespace {

/// Each keyword's first spelling, as `reveal.correct.keywords` lists them.
pr::json first_spellings(const pr::json& keywords) {
    pr::json out = pr::json::array();
    for (const auto& k : keywords) {
        out.push_back(k.is_array() ? k.at(0) : k);
    }
    return out;
}

/// The bank question `prompt` is asked from.
const pr::json& bank_question(const pr::json& bank, const std::string& prompt) {
    for (const auto& q : bank.at("questions")) {
        if (q.at("prompt") == prompt) {
            return q;
        }
    }
    FAIL("no question of the bank has the prompt " << prompt);
    throw std::logic_error("unreachable");
}

/// The error `id` was answered with; checks its code.
void expect_error(tk::ws_client& c, const std::string& id, pr::error code) {
    const auto e = c.expect_frame<pr::error_msg>();
    INFO(c.name(), " ", id, ": ", e.text);
    CHECK(e.id == pr::json(id));
    CHECK(e.message.code == code);
}

/// `rate` from `c`, acknowledged as PROTOCOL.md says: answer_ack {q, ms: 0}.
void rate(tk::ws_client& c, const std::string& candidate, int score, int q) {
    const std::string id = "rate-" + c.name() + "-" + std::to_string(q);
    c.send(pr::rate_msg{candidate, score}, id);
    const auto ack = c.expect_frame<pr::answer_ack_msg>();
    INFO(c.name(), " rates ", score, ": ", ack.text);
    CHECK(ack.id == pr::json(id));
    CHECK(ack.message.q == q);
    CHECK(ack.message.ms == 0);
}

struct expected_result {
    pr::json correct;
    int points = 0;
    int score = 0;
    int rank = 0;
};

void check_result(tk::ws_client& c, int q, const expected_result& want) {
    const auto r = c.expect<pr::result_msg>();
    INFO(c.name(), " q ", q, ": correct ", r.correct.dump(), ", points ", r.points, ", score ",
         r.score, ", rank ", r.rank);
    CHECK(r.q == q);
    if (want.correct.is_number()) {
        REQUIRE(r.correct.is_number());
        CHECK(r.correct.get<double>() == doctest::Approx(want.correct.get<double>()));
    } else {
        CHECK(r.correct == want.correct);
    }
    CHECK(r.points == want.points);
    CHECK(r.score == want.score);
    CHECK(r.rank == want.rank);
    CHECK(r.of == 4);
    // Streaks are left as they are in interview mode.
    CHECK(r.streak == 0);
}

} // namespace

TEST_CASE("an interview round: candidates, the keyword reveal, peer ratings and their scores") {
    auto server = start_server("interview", {"--open-uploads"});
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    // The bundled bank has keywords for every question, as interview mode needs.
    std::ifstream in(std::string(QUIZROOM_TEST_DECKS) + "/../../../quizzes/backend-interview.json");
    REQUIRE(in.good());
    const std::string bank_text{std::istreambuf_iterator<char>(in), {}};
    const auto bank = pr::json::parse(bank_text);
    REQUIRE(tk::http_post(port, "/api/quizzes?id=bank", bank_text,
                          {{"Content-Type", "application/json"}})
                .status == 201);

    tk::ws_client host("host");
    host.connect(port);
    pr::create_options options;
    options.mode = "interview";
    options.count = 2;
    options.shuffle = false;
    options.auto_advance = false;
    // Long enough that no deadline closes anything while the test drives it.
    options.time_limit_s = 600;
    options.rating_s = 600;
    const room r = create_room(host, "bank", options);

    std::vector<player> players;
    for (const char* name : {"Ada", "Bob", "Cy", "Dee"}) {
        players.push_back(join_player(port, r.code, name));
    }
    auto& ada = *players[0].client;
    auto& bob = *players[1].client;
    auto& cy = *players[2].client;
    auto& dee = *players[3].client;
    std::map<std::string, std::string> id_of;
    for (const auto& p : players) {
        id_of[p.joined.name] = p.joined.player_id;
    }
    // Every connection: the host screen first, then the players in join order.
    const std::vector<tk::ws_client*> everyone = {&host, &ada, &bob, &cy, &dee};

    // The same question, with the same one candidate, to everyone.
    const auto expect_question = [&](int q, const std::string& candidate) {
        std::optional<pr::question_msg> first;
        for (auto* c : everyone) {
            const auto m = c->expect<pr::question_msg>();
            INFO(c->name(), " q ", q);
            CHECK(m.q == q);
            CHECK(m.total == 2);
            CHECK(m.kind == "open");
            REQUIRE(m.candidate.has_value());
            CHECK(m.candidate->id == id_of.at(candidate));
            CHECK(m.candidate->name == candidate);
            if (first) {
                CHECK(m.prompt == first->prompt);
                CHECK(m.deadline == first->deadline);
            } else {
                first = m;
            }
        }
        return *first;
    };
    const auto expect_reveal = [&](int q, const pr::json& keywords,
                                   const std::vector<std::string>& covered,
                                   std::int64_t opened_after) {
        const std::int64_t rating_ms = 600 * 1000;
        for (auto* c : everyone) {
            const auto m = c->expect<pr::reveal_msg>();
            INFO(c->name(), " q ", q);
            CHECK(m.q == q);
            REQUIRE(m.correct.contains("keywords"));
            CHECK(m.correct.at("keywords") == keywords);
            CHECK(m.covered == std::optional(covered));
            REQUIRE(m.rating_deadline.has_value());
            // The server's clock is this machine's; a second of slack for rounding.
            CHECK(*m.rating_deadline >= opened_after + rating_ms - 1000);
            CHECK(*m.rating_deadline <= now_epoch_ms() + rating_ms + 1000);
        }
    };
    const auto expect_rated = [&](int q, const std::string& candidate, double median, int ratings,
                                  int points) {
        for (auto* c : everyone) {
            const auto m = c->expect<pr::rated_msg>();
            INFO(c->name(), " q ", q);
            CHECK(m.q == q);
            CHECK(m.candidate.id == id_of.at(candidate));
            CHECK(m.candidate.name == candidate);
            CHECK(m.median == doctest::Approx(median));
            CHECK(m.ratings == ratings);
            CHECK(m.points == points);
        }
    };
    // What each player earned, from their `result` messages.
    std::map<std::string, int> earned;
    const auto expect_results = [&](int q, const std::map<std::string, expected_result>& want) {
        for (std::size_t i = 0; i < players.size(); ++i) {
            const auto& name = players[i].joined.name;
            check_result(*players[i].client, q, want.at(name));
            earned[name] += want.at(name).points;
        }
    };
    const auto expect_standings = [&](const std::vector<pr::standing>& top,
                                      const std::map<std::string, int>& delta) {
        REQUIRE(top.size() == 4);
        for (const auto& s : top) {
            INFO(s.name, ": score ", s.score, ", delta ", s.delta, ", rank ", s.rank);
            CHECK(s.id == id_of.at(s.name));
            CHECK(s.score == earned.at(s.name));
            CHECK(s.delta == delta.at(s.name));
        }
    };

    // ---- question 0: Ada, first in join order, types her answer ----
    host.send(pr::start_msg{});
    const auto q0 = expect_question(0, "Ada");
    const auto& bank_q0 = bank_question(bank, q0.prompt);
    const auto keywords0 = first_spellings(bank_q0.at("keywords"));

    // Rating opens only when the question closes; only the candidate answers.
    bob.send(pr::rate_msg{id_of.at("Ada"), 4}, "rate-early");
    expect_error(bob, "rate-early", pr::error::wrong_phase);
    bob.send(pr::answer_msg{0, pr::text_answer{"machine code"}}, "answer-not-candidate");
    expect_error(bob, "answer-not-candidate", pr::error::forbidden);
    // `candidate` outside the room's players is not_found.
    host.send(pr::candidate_msg{"nobody"}, "candidate-unknown");
    expect_error(host, "candidate-unknown", pr::error::not_found);

    // The typed answer covers two of the keywords (the first question of the
    // bank: compiled and interpreted languages).
    REQUIRE(bank_q0.at("id") == "q001");
    const std::vector<std::string> covered0 = {"machine code", "performance"};
    const auto before_close = now_epoch_ms();
    ada.send(pr::answer_msg{0, pr::text_answer{"The source is turned into machine code ahead of "
                                               "time, which is good for performance."}},
             "answer-ada");
    const auto ack = ada.expect_frame<pr::answer_ack_msg>();
    CHECK(ack.id == pr::json("answer-ada"));
    CHECK(ack.message.q == 0);
    // The candidate's typed answer closes the question.
    expect_reveal(0, keywords0, covered0, before_close);

    // The candidate does not rate themself; nobody rates twice; the rating
    // names the candidate.
    ada.send(pr::rate_msg{id_of.at("Ada"), 5}, "rate-self");
    expect_error(ada, "rate-self", pr::error::forbidden);
    rate(host, id_of.at("Ada"), 4, 0);
    rate(bob, id_of.at("Ada"), 4, 0);
    bob.send(pr::rate_msg{id_of.at("Ada"), 5}, "rate-again");
    expect_error(bob, "rate-again", pr::error::duplicate);
    host.send(pr::rate_msg{id_of.at("Ada"), 5}, "host-rate-again");
    expect_error(host, "host-rate-again", pr::error::duplicate);
    rate(cy, id_of.at("Ada"), 3, 0);
    dee.send(pr::rate_msg{id_of.at("Bob"), 1}, "rate-not-candidate");
    expect_error(dee, "rate-not-candidate", pr::error::bad_message);
    rate(dee, id_of.at("Ada"), 1, 0);

    // The host closes the rating. Ratings 1, 3, 4, 4: median (3 + 4) / 2.
    host.send(pr::next_msg{0, pr::phase::reveal});
    expect_rated(0, "Ada", 3.5, 4, 700);
    // Bob (4) and Cy (3) are within 1 of the host's 4; Dee (1) is not.
    expect_results(0, {{"Ada", {pr::json(0.7), 700, 700, 1}},
                       {"Bob", {pr::json(true), 50, 50, 2}},
                       {"Cy", {pr::json(true), 50, 50, 2}},
                       {"Dee", {pr::json(false), 0, 0, 4}}});
    // After the close, in the reveal and later: late.
    bob.send(pr::rate_msg{id_of.at("Ada"), 5}, "rate-late");
    expect_error(bob, "rate-late", pr::error::late);

    host.send(pr::next_msg{});
    for (auto* c : everyone) {
        const auto board = c->expect<pr::leaderboard_msg>();
        INFO(c->name());
        CHECK(board.q == 0);
        expect_standings(board.top, {{"Ada", 700}, {"Bob", 50}, {"Cy", 50}, {"Dee", 0}});
    }
    host.send(pr::rate_msg{id_of.at("Ada"), 5}, "rate-later");
    expect_error(host, "rate-later", pr::error::late);

    // ---- question 1: Bob's turn; the host hands it to Dee, who answers aloud ----
    host.send(pr::next_msg{});
    const auto q1 = expect_question(1, "Bob");
    host.send(pr::candidate_msg{id_of.at("Dee")}, "candidate-dee");
    const auto q1_again = expect_question(1, "Dee");
    // The same question again: the clock stands.
    CHECK(q1_again.prompt == q1.prompt);
    CHECK(q1_again.deadline == q1.deadline);
    bob.send(pr::answer_msg{1, pr::text_answer{"anything"}}, "answer-no-longer-candidate");
    expect_error(bob, "answer-no-longer-candidate", pr::error::forbidden);
    // Players cannot pick the candidate.
    cy.send(pr::candidate_msg{id_of.at("Cy")}, "candidate-by-player");
    expect_error(cy, "candidate-by-player", pr::error::forbidden);

    const auto keywords1 = first_spellings(bank_question(bank, q1.prompt).at("keywords"));
    const auto before_close1 = now_epoch_ms();
    host.send(pr::next_msg{1, pr::phase::question});
    // Nothing typed: nothing covered.
    expect_reveal(1, keywords1, {}, before_close1);

    // Host 2, Ada 3 (within 1), Bob 5 (not); Cy does not rate.
    rate(host, id_of.at("Dee"), 2, 1);
    rate(ada, id_of.at("Dee"), 3, 1);
    rate(bob, id_of.at("Dee"), 5, 1);
    host.send(pr::next_msg{});
    expect_rated(1, "Dee", 3.0, 3, 600);
    expect_results(1, {{"Ada", {pr::json(true), 50, 750, 1}},
                       {"Bob", {pr::json(false), 0, 50, 3}},
                       {"Cy", {pr::json(nullptr), 0, 50, 3}},
                       {"Dee", {pr::json(0.6), 600, 600, 2}}});
    cy.send(pr::rate_msg{id_of.at("Dee"), 4}, "rate-late-1");
    expect_error(cy, "rate-late-1", pr::error::late);

    // ---- the final standings and the podium: the sum of what each earned ----
    CHECK(earned ==
          std::map<std::string, int>{{"Ada", 750}, {"Bob", 50}, {"Cy", 50}, {"Dee", 600}});
    host.send(pr::next_msg{});
    for (auto* c : everyone) {
        const auto board = c->expect<pr::leaderboard_msg>();
        INFO(c->name());
        CHECK(board.q == 1);
        expect_standings(board.top, {{"Ada", 50}, {"Bob", 0}, {"Cy", 0}, {"Dee", 600}});
        CHECK(board.top[0].name == "Ada");
        CHECK(board.top[1].name == "Dee");
    }
    host.send(pr::next_msg{});
    for (auto* c : everyone) {
        const auto podium = c->expect<pr::podium_msg>();
        INFO(c->name());
        REQUIRE(podium.top.size() == 3);
        CHECK(podium.top[0].name == "Ada");
        CHECK(podium.top[0].score == 750);
        CHECK(podium.top[0].rank == 1);
        CHECK(podium.top[1].name == "Dee");
        CHECK(podium.top[1].score == 600);
        CHECK(podium.top[1].rank == 2);
        // Bob and Cy tie at 50 with no answer time counted: by name.
        CHECK(podium.top[2].name == "Bob");
        CHECK(podium.top[2].score == 50);
        CHECK(podium.top[2].rank == 3);
    }
    host.send(pr::next_msg{});
    for (auto* c : everyone) {
        CHECK(c->expect<pr::ended_msg>().reason == "finished");
    }
}

} // namespace quizroom::itest
