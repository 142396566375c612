// Interview mode and the host's override of open credit, scripted like
// room_test.cpp: events with plain epoch_ms times, actions compared.

#include "game/interview.hpp"
#include "tests/game/room_script.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace quizroom;
using namespace quizroom::game_tests;

namespace {

const game::deck& bundled() {
    return deck_at(std::string(QUIZROOM_QUIZZES) + "/backend-interview.json");
}

game::room_settings bundled_settings(protocol::create_options o) {
    auto made = game::make_room_settings(bundled(), o, 1);
    REQUIRE(std::holds_alternative<game::room_settings>(made));
    return std::get<game::room_settings>(std::move(made));
}

protocol::create_options interview(int count = 4) {
    protocol::create_options o;
    o.mode = "interview";
    o.count = count;
    return o;
}

protocol::create_options classic_open(int count = 3) {
    protocol::create_options o;
    o.format = "open";
    o.count = count;
    return o;
}

// The bundled deck's first question has five keywords: machine code,
// compilation (or compiler), line-by-line, flexibility, performance.
const std::string two_of_five = "A compiler turns it into machine code first";

actions rate(fixture& fx, conn_id conn, int score, const std::string& candidate = "p1") {
    return fx.command(conn, protocol::rate_msg{candidate, score}, json("rate"));
}

std::string candidate_of(const actions& out) {
    const auto q = only_broadcast<protocol::question_msg>(out);
    REQUIRE(q.candidate.has_value());
    return q.candidate->id;
}

/// Three players in the lobby, the first question open at 10000 (deadline
/// 40000) with Ada (p1) as its candidate.
void start_interview(fixture& fx) {
    fill_lobby(fx);
    fx.now = 10000;
    const auto out = fx.start();
    REQUIRE(candidate_of(out) == "p1");
}

/// From a closed question with its rating closed to the next question.
actions next_question(fixture& fx) {
    fx.next(); // leaderboard
    return fx.next();
}

} // namespace

// ===========================================================================
// The rules, as pure functions
// ===========================================================================

TEST_CASE("interview rules: the median of an even count is the mean of the middle two") {
    CHECK(game::median_rating({}) == 0);
    CHECK(game::median_rating({4}) == 4);
    CHECK(game::median_rating({5, 1, 3}) == 3);
    CHECK(game::median_rating({4, 3}) == 3.5);
    CHECK(game::median_rating({5, 1, 2, 4}) == 3);
    CHECK(game::median_rating({1, 1, 2, 5}) == 1.5);
}

TEST_CASE("interview rules: the candidate after the last one, connected players first") {
    using slot = game::candidate_slot;
    const std::vector<slot> all{{true, true}, {true, true}, {true, true}};
    CHECK(game::next_candidate(all, std::nullopt) == 0u);
    CHECK(game::next_candidate(all, 0u) == 1u);
    CHECK(game::next_candidate(all, 2u) == 0u);
    // Offline and departed players are passed over.
    CHECK(game::next_candidate({{true, true}, {true, false}, {false, true}, {true, true}}, 0u) ==
          3u);
    // Nobody connected: the turn still passes to the next active player.
    CHECK(game::next_candidate({{true, false}, {false, false}, {true, false}}, 0u) == 2u);
    CHECK_FALSE(game::next_candidate({{false, true}}, std::nullopt).has_value());
    CHECK_FALSE(game::next_candidate({}, std::nullopt).has_value());
}

TEST_CASE("interview rules: median x 200, coverage x 1000 unrated, 50 for agreeing with the host") {
    auto o = game::score_interview({{"p2", 4}, {"p3", 1}}, 5, 0.4);
    CHECK(o.median == 4);
    CHECK(o.ratings == 3);
    CHECK(o.candidate_points == 800);
    CHECK(o.candidate_credit == 0.8);
    CHECK(o.rater_points == std::map<std::string, int>{{"p2", 50}, {"p3", 0}});

    o = game::score_interview({{"p2", 3}, {"p3", 4}}, std::nullopt, 0.4);
    CHECK(o.median == 3.5);
    CHECK(o.candidate_points == 700);
    CHECK(o.rater_points == std::map<std::string, int>{{"p2", 0}, {"p3", 0}});

    o = game::score_interview({}, std::nullopt, 0.4);
    CHECK(o.ratings == 0);
    CHECK(o.candidate_points == 400);
    CHECK(o.candidate_credit == 0.4);
}

// ===========================================================================
// Settings
// ===========================================================================

TEST_CASE("interview settings: the deck plays as open questions; decks without keywords and "
          "other formats are refused") {
    const auto s = bundled_settings(interview());
    CHECK(s.interview);
    CHECK(s.rating_s == 20);
    REQUIRE(s.questions.size() == 4);
    CHECK(s.questions[0].kind == "open");

    auto o = interview();
    o.rating_s = 45;
    CHECK(bundled_settings(o).rating_s == 45);

    o.format = "concept";
    auto refused = game::make_room_settings(bundled(), o, 1);
    REQUIRE(std::holds_alternative<protocol::protocol_error>(refused));
    CHECK(std::get<protocol::protocol_error>(refused).code == error::bad_message);

    refused = game::make_room_settings(test_deck("three"), interview(), 1);
    REQUIRE(std::holds_alternative<protocol::protocol_error>(refused));
    CHECK(std::get<protocol::protocol_error>(refused).message.starts_with("options.mode"));
}

// ===========================================================================
// Candidates
// ===========================================================================

TEST_CASE("interview: the candidate rotates over connected players in join order") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 11000;
    fx.next(); // closes the question
    fx.next(); // closes the rating
    CHECK(candidate_of(next_question(fx)) == "p2");

    fx.drop(cy);
    fx.next();
    fx.next();
    // Cy is offline: the turn goes round to Ada.
    CHECK(candidate_of(next_question(fx)) == "p1");
}

TEST_CASE("interview: only the candidate answers; their typed answer closes the question") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 12000;
    check_answer_refused(fx, bob, 0, typed("I know this one"), error::forbidden);
    check_answer_refused(fx, host_conn, 0, typed("so do I"), error::forbidden);

    const auto out = fx.answer(ada, 0, typed(two_of_five));
    CHECK(ack_ms(out, ada) == 2000);
    CHECK(fx.room.phase() == phase::reveal);
    const auto reveal = only_broadcast<protocol::reveal_msg>(out);
    CHECK(reveal.correct.at("keywords").size() == 5);
    CHECK(reveal.covered == std::vector<std::string>{"machine code", "compilation"});
    CHECK(reveal.rating_deadline == 32000);
    CHECK_FALSE(reveal.explanation.empty());
    // Nothing is scored before the ratings.
    CHECK(sent_to<protocol::result_msg>(out, ada).empty());
    CHECK(broadcast<protocol::rated_msg>(out).empty());
}

TEST_CASE("interview: the host picks another candidate; the question goes out again with them") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 11000;
    auto out = fx.command(host_conn, protocol::candidate_msg{"p3"});
    CHECK(describe(out) == std::vector<std::string>{"persist room", "everyone question"});
    const auto again = only_broadcast<protocol::question_msg>(out);
    CHECK(again.candidate->id == "p3");
    CHECK(again.candidate->name == "Cy");
    CHECK(again.deadline == 40000);
    CHECK(persisted_of<game::room_record>(out).at(0).candidate == "p3");

    check_refused(fx, ada, protocol::candidate_msg{"p2"}, error::forbidden);
    check_refused(fx, host_conn, protocol::candidate_msg{"p9"}, error::not_found);
    check_answer_refused(fx, ada, 0, typed(two_of_five), error::forbidden);

    fx.now = 12000;
    out = fx.answer(cy, 0, typed(two_of_five));
    REQUIRE(fx.room.phase() == phase::reveal);
    check_refused(fx, host_conn, protocol::candidate_msg{"p2"}, error::wrong_phase);
    // Ada may rate now: she is not the candidate any more.
    CHECK(describe(rate(fx, ada, 4, "p3")) ==
          std::vector<std::string>{"persist room", "send 11 answer_ack"});
    fx.next();
    // The rotation goes on after Cy.
    CHECK(candidate_of(next_question(fx)) == "p1");
}

TEST_CASE("interview: a candidate who disconnects keeps the turn, is rated and scores on return") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 11000;
    fx.drop(ada);
    CHECK(fx.room.phase() == phase::question);

    // Nothing typed: the question runs to its deadline.
    auto out = fx.tick(40049);
    CHECK(fx.room.phase() == phase::question);
    out = fx.tick(40050);
    const auto reveal = only_broadcast<protocol::reveal_msg>(out);
    CHECK(reveal.covered == std::vector<std::string>{});
    CHECK(reveal.rating_deadline == 60050);

    fx.now = 41000;
    out = rate(fx, bob, 4);
    const auto ack = only_sent<protocol::answer_ack_msg>(out, bob);
    CHECK(ack.q == 0);
    CHECK(ack.ms == 0);
    rate(fx, cy, 5);

    // Rating closes at its deadline: an even count, the mean of the middle two.
    out = fx.tick(60100);
    const auto rated = only_broadcast<protocol::rated_msg>(out);
    CHECK(rated.q == 0);
    CHECK(rated.candidate.id == "p1");
    CHECK(rated.candidate.name == "Ada");
    CHECK(rated.median == 4.5);
    CHECK(rated.ratings == 2);
    CHECK(rated.points == 900);
    CHECK(index_of<protocol::rated_msg>(out) > persist_of_player(out, "p1"));

    fx.now = 61000;
    out = fx.rejoin(21, fx.token[ada]);
    const auto state = only_sent<protocol::state_msg>(out, 21);
    REQUIRE(state.you.has_value());
    CHECK(state.you->score == 900);
    CHECK(state.you->rank == 1);
}

TEST_CASE("interview: a candidate back before the deadline finds the question with their name") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 11000;
    fx.drop(ada);
    fx.now = 12000;
    const auto out = fx.rejoin(21, fx.token[ada]);
    const auto state = only_sent<protocol::state_msg>(out, 21);
    REQUIRE(state.question.has_value());
    CHECK(state.question->candidate->id == "p1");
    fx.now = 15000;
    CHECK(ack_ms(fx.answer(21, 0, typed(two_of_five)), 21) == 5000);
    CHECK(fx.room.phase() == phase::reveal);
}

// ===========================================================================
// Ratings
// ===========================================================================

TEST_CASE("rate: never oneself, once each, only the candidate, only while rating is open") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 11000;
    check_refused(fx, bob, protocol::rate_msg{"p1", 4}, error::wrong_phase);

    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five)); // rating until 32000
    check_refused(fx, ada, protocol::rate_msg{"p1", 5}, error::forbidden);
    check_refused(fx, bob, protocol::rate_msg{"p3", 5}, error::bad_message);
    check_refused(fx, stranger, protocol::rate_msg{"p1", 3}, error::forbidden);

    CHECK(describe(rate(fx, bob, 4)) ==
          std::vector<std::string>{"persist room", "send 12 answer_ack"});
    check_refused(fx, bob, protocol::rate_msg{"p1", 2}, error::duplicate);
    CHECK(describe(rate(fx, host_conn, 5)) ==
          std::vector<std::string>{"persist room", "send 1 answer_ack"});
    check_refused(fx, host_conn, protocol::rate_msg{"p1", 1}, error::duplicate);

    // After the deadline, before the tick that closes the rating.
    fx.now = 32001;
    check_refused(fx, cy, protocol::rate_msg{"p1", 3}, error::late);
    fx.tick(32050);
    check_refused(fx, cy, protocol::rate_msg{"p1", 3}, error::late);
    fx.next();
    REQUIRE(fx.room.phase() == phase::leaderboard);
    check_refused(fx, cy, protocol::rate_msg{"p1", 3}, error::late);
}

TEST_CASE("rated: with no rating at all, the candidate scores keyword coverage x 1000") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five));
    fx.now = 13000;
    const auto out = fx.next(); // the host closes the rating early
    CHECK(fx.room.phase() == phase::reveal);
    const auto rated = only_broadcast<protocol::rated_msg>(out);
    CHECK(rated.median == 0);
    CHECK(rated.ratings == 0);
    CHECK(rated.points == 400);
    const auto ada_result = only_sent<protocol::result_msg>(out, ada);
    CHECK(ada_result.q == 0);
    CHECK(ada_result.points == 400);
    CHECK(ada_result.correct == json(0.4));
    CHECK(ada_result.score == 400);
    CHECK(ada_result.rank == 1);
    CHECK(ada_result.of == 3);
    const auto bob_result = only_sent<protocol::result_msg>(out, bob);
    CHECK(bob_result.points == 0);
    CHECK(bob_result.correct.is_null());
    CHECK(bob_result.rank == 2);
    // The host's next `next` shows the leaderboard.
    CHECK(phase_broadcasts(fx.next()) == std::vector<std::string>{"leaderboard"});
}

TEST_CASE("rated: the median x 200 for the candidate; 50 for raters within 1 of the host") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five));
    rate(fx, host_conn, 4);
    rate(fx, bob, 5);
    rate(fx, cy, 2);
    auto out = fx.next();
    const auto rated = only_broadcast<protocol::rated_msg>(out);
    CHECK(rated.median == 4);
    CHECK(rated.ratings == 3);
    CHECK(rated.points == 800);

    const auto ada_result = only_sent<protocol::result_msg>(out, ada);
    CHECK(ada_result.points == 800);
    CHECK(ada_result.correct == json(0.8));
    CHECK(ada_result.score == 800);
    const auto bob_result = only_sent<protocol::result_msg>(out, bob);
    CHECK(bob_result.points == 50);
    CHECK(bob_result.correct == json(true));
    CHECK(bob_result.score == 50);
    CHECK(bob_result.rank == 2);
    const auto cy_result = only_sent<protocol::result_msg>(out, cy);
    CHECK(cy_result.points == 0);
    CHECK(cy_result.correct == json(false));
    // The order of PROTOCOL.md: stored, then `rated` to everyone, then each result.
    CHECK(persist_of_player(out, "p2") < index_of<protocol::rated_msg>(out));
    CHECK(index_of<protocol::rated_msg>(out) < index_of<protocol::result_msg>(out));

    // The candidate's answer record carries what the ratings gave.
    const auto answers = persisted_of<game::answer_record>(out);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].points == 800);

    out = fx.next();
    const auto board = only_broadcast<protocol::leaderboard_msg>(out);
    REQUIRE(board.top.size() == 3);
    CHECK(board.top[0].id == "p1");
    CHECK(board.top[0].delta == 800);
    CHECK(board.top[1].id == "p2");
    CHECK(board.top[1].delta == 50);
}

TEST_CASE("interview: `end` during rating scores the ratings given so far, then the podium") {
    fixture fx(bundled_settings(interview()));
    start_interview(fx);
    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five));
    rate(fx, bob, 5);
    const auto out = fx.end();
    CHECK(only_broadcast<protocol::rated_msg>(out).points == 1000);
    CHECK(index_of<protocol::rated_msg>(out) < index_of<protocol::podium_msg>(out));
    CHECK(only_broadcast<protocol::podium_msg>(out).top.at(0).score == 1000);
}

// ===========================================================================
// Override of open credit (classic mode)
// ===========================================================================

TEST_CASE("override: up and down, the points and score follow and the result is sent again") {
    fixture fx(bundled_settings(classic_open()));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five)); // 2000 ms of 30000, credit 0.4: 387
    auto out = fx.next();
    REQUIRE(only_sent<protocol::result_msg>(out, ada).points == 387);
    // Host screens see every typed answer, for the override, after the results.
    auto listed = only_broadcast<protocol::open_answers_msg>(out, audience::hosts);
    CHECK(listed.q == 0);
    REQUIRE(listed.answers.size() == 1);
    CHECK(listed.answers[0].player_id == "p1");
    CHECK(listed.answers[0].name == "Ada");
    CHECK(listed.answers[0].text == two_of_five);
    CHECK(listed.answers[0].credit == doctest::Approx(0.4));
    CHECK(listed.answers[0].points == 387);
    CHECK(index_of<protocol::result_msg>(out) < index_of<protocol::open_answers_msg>(out));

    out = fx.command(host_conn, protocol::override_msg{"p1", 0, 1.0});
    CHECK(describe(out) == std::vector<std::string>{"persist answer:p1 player:p1", "send 11 result",
                                                    "hosts open_answers"});
    listed = only_broadcast<protocol::open_answers_msg>(out, audience::hosts);
    CHECK(listed.answers.at(0).credit == 1.0);
    CHECK(listed.answers.at(0).points == 967);
    auto result = only_sent<protocol::result_msg>(out, ada);
    CHECK(result.q == 0);
    CHECK(result.correct == json(true));
    CHECK(result.points == 967); // the same time factor: 1000 x (1 - 2000 / 30000 / 2)
    CHECK(result.streak == 1);
    CHECK(result.score == 967);
    CHECK(result.rank == 1);
    CHECK(persisted_of<game::answer_record>(out).at(0).credit == 1.0);

    // A host screen that attaches now (a reload) gets the list after its state.
    out = fx.command(50, protocol::host_msg{"ABCDEF", "tok-1"});
    CHECK(describe(out) ==
          std::vector<std::string>{"attach 50 host", "send 50 state", "send 50 open_answers"});
    CHECK(std::get<protocol::open_answers_msg>(std::get<game::send_action>(out[2]).message)
              .answers.at(0)
              .points == 967);

    out = fx.command(host_conn, protocol::override_msg{"p1", 0, 0.2});
    result = only_sent<protocol::result_msg>(out, ada);
    CHECK(result.correct == json(0.2));
    CHECK(result.points == 193);
    CHECK(result.streak == 0);
    CHECK(result.score == 193);
    CHECK(persisted_of<game::player_record>(out).at(0).score == 193);

    // Full credit again, then a second full credit: the streak bonus applies.
    fx.command(host_conn, protocol::override_msg{"p1", 0, 1.0});
    CHECK(only_broadcast<protocol::leaderboard_msg>(fx.next()).top.at(0).delta == 967);
    fx.now = 20000;
    fx.next(); // question 1 at 20000
    fx.now = 23000;
    fx.answer(ada, 1, typed("nothing useful"));
    fx.next();
    out = fx.command(host_conn, protocol::override_msg{"p1", 1, 1.0});
    result = only_sent<protocol::result_msg>(out, ada);
    CHECK(result.points == 1050); // 950 for 3000 ms, + 100 for a streak of 2
    CHECK(result.streak == 2);
    CHECK(result.score == 967 + 1050);
}

TEST_CASE("override: refused out of the reveal, for another question, a non-answer or a "
          "choice question") {
    fixture fx(bundled_settings(classic_open()));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 12000;
    fx.answer(ada, 0, typed(two_of_five));
    check_refused(fx, host_conn, protocol::override_msg{"p1", 0, 1.0}, error::wrong_phase);
    fx.next();
    check_refused(fx, ada, protocol::override_msg{"p1", 0, 1.0}, error::forbidden);
    check_refused(fx, host_conn, protocol::override_msg{"p1", 1, 1.0}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::override_msg{"p2", 0, 1.0}, error::bad_message);
    check_refused(fx, host_conn, protocol::override_msg{"p9", 0, 1.0}, error::not_found);
    fx.next();
    check_refused(fx, host_conn, protocol::override_msg{"p1", 0, 1.0}, error::wrong_phase);

    fixture choice(settings_for("three"));
    fill_lobby(choice);
    choice.now = 10000;
    choice.start();
    choice.answer(ada, 0, pick(0));
    choice.next();
    REQUIRE(choice.room.phase() == phase::reveal);
    check_refused(choice, host_conn, protocol::override_msg{"p1", 0, 0.5}, error::bad_message);

    fixture rated(bundled_settings(interview()));
    start_interview(rated);
    rated.answer(ada, 0, typed(two_of_five));
    check_refused(rated, host_conn, protocol::override_msg{"p1", 0, 0.5}, error::wrong_phase);
}
