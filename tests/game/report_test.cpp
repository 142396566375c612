// The host's report and a player's recap, read from a scripted game whose
// answers and times are known; the report's JSON and CSV forms.

#include "game/report.hpp"
#include "tests/game/room_script.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace quizroom;
using namespace quizroom::game_tests;

namespace {

/// Three players, two of the three questions played, then the host's `end`:
///
///   q0 (opens at 10000): "=cmd" picks 0 at +50 ms (right, fast), the
///      comma-and-quote player picks 3 at +2000 (wrong), Cy picks 0 at +4000
///      (right); everyone answered, so it closes.
///   q1 (opens at 20000): "=cmd" picks 1 at +1000 (right), the second player
///      picks 1 at +3000 (right), Cy never answers; it closes at its deadline.
struct played_game {
    fixture fx{settings_for("three")};
    actions podium;
    game::game_report mid_game; ///< taken while q1 is open

    played_game() {
        fx.now = 1000;
        fx.open();
        fx.join(ada, "=cmd");
        fx.join(bob, "Bo, \"B\"");
        fx.join(cy, "Cy");
        fx.now = 10000;
        fx.start();
        fx.now = 10050;
        REQUIRE(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 50);
        fx.now = 12000;
        fx.answer(bob, 0, pick(3));
        fx.now = 14000;
        fx.answer(cy, 0, pick(0));
        REQUIRE(fx.room.phase() == phase::reveal);
        fx.now = 20000;
        fx.next(); // leaderboard
        fx.next(); // question 1
        fx.now = 21000;
        fx.answer(ada, 1, pick(1));
        fx.now = 23000;
        fx.answer(bob, 1, pick(1));
        mid_game = fx.room.report(fx.now);
        fx.tick(40050); // the deadline, plus the grace
        REQUIRE(fx.room.phase() == phase::reveal);
        fx.now = 41000;
        podium = fx.end();
        REQUIRE(fx.room.phase() == phase::podium);
    }
};

} // namespace

TEST_CASE("report: per question accuracy, median time and distribution, from the answers given") {
    played_game g;
    const game::game_report r = g.fx.room.report(50000);
    CHECK(r.code == "ABCDEF");
    CHECK(r.game_id == "h:game:tok-1");
    CHECK(r.quiz.id == "three");
    CHECK(r.phase == phase::podium);
    CHECK(r.generated_at == 50000);
    CHECK(r.total == 3);
    REQUIRE(r.questions.size() == 2); // the third was never played

    const auto& q0 = r.questions[0];
    CHECK(q0.q == 0);
    CHECK(q0.kind == "choice");
    CHECK(q0.prompt == "How many legs does a spider have?");
    CHECK(q0.correct == json{{"choice", 0}});
    CHECK(q0.answered == 3);
    CHECK(q0.correct_count == 2);
    CHECK(q0.accuracy == doctest::Approx(2.0 / 3.0));
    CHECK(q0.median_ms == doctest::Approx(2000)); // of 50, 2000 and 4000
    CHECK(q0.distribution == std::vector<int>{2, 0, 0, 1});

    const auto& q1 = r.questions[1];
    CHECK(q1.answered == 2); // Cy did not answer
    CHECK(q1.correct_count == 2);
    CHECK(q1.accuracy == doctest::Approx(1.0));
    CHECK(q1.median_ms == doctest::Approx(2000)); // the mean of 1000 and 3000
    CHECK(q1.distribution == std::vector<int>{0, 2, 0, 0});
}

TEST_CASE("report: per player score, correct count and each answer's time, fast ones flagged") {
    played_game g;
    const game::game_report r = g.fx.room.report(50000);
    REQUIRE(r.players.size() == 3);
    const auto& first = r.players[0];
    const auto& second = r.players[1];
    const auto& cy_row = r.players[2];
    CHECK(first.id == "p1");
    CHECK(first.name == "=cmd");
    CHECK(first.status == "active");
    CHECK(second.name == "Bo, \"B\"");
    CHECK(cy_row.name == "Cy");

    // Speed scoring: round(1000 x (1 - ms / 20000 / 2)), plus 100 for a streak of 2.
    CHECK(first.score == 999 + 975 + 100);
    CHECK(second.score == 925);
    CHECK(cy_row.score == 900);
    CHECK(first.rank == 1);
    CHECK(second.rank == 2);
    CHECK(cy_row.rank == 3);
    CHECK(first.correct == 2);
    CHECK(second.correct == 1);
    CHECK(cy_row.correct == 1);
    CHECK(first.total_ms == 1050);
    CHECK(second.total_ms == 5000);
    CHECK(cy_row.total_ms == 4000);

    REQUIRE(first.answers.size() == 2);
    CHECK(first.answers[0].q == 0);
    CHECK(first.answers[0].answer == json{{"choice", 0}});
    CHECK(first.answers[0].shown == "8");
    CHECK(first.answers[0].ms == 50);
    CHECK(first.answers[0].points == 999);
    CHECK(first.answers[0].credit == 1.0);
    CHECK(first.answers[0].fast); // under 100 ms: counted, and flagged
    CHECK(first.answers[1].ms == 1000);
    CHECK(first.answers[1].points == 1075);
    CHECK_FALSE(first.answers[1].fast);

    REQUIRE(second.answers.size() == 2);
    CHECK(second.answers[0].answer == json{{"choice", 3}});
    CHECK(second.answers[0].shown == "4");
    CHECK(second.answers[0].credit == 0.0);
    CHECK(second.answers[0].points == 0);
    CHECK(second.answers[0].ms == 2000);
    CHECK_FALSE(second.answers[0].fast);
    CHECK(second.answers[1].shown == "Mercury");

    REQUIRE(cy_row.answers.size() == 1); // nothing for q1
    CHECK(cy_row.answers[0].q == 0);
    CHECK(cy_row.answers[0].ms == 4000);
}

TEST_CASE("report: mid-game it holds the closed questions only") {
    played_game g;
    CHECK(g.mid_game.phase == phase::question);
    REQUIRE(g.mid_game.questions.size() == 1);
    for (const auto& p : g.mid_game.players) {
        for (const auto& a : p.answers) {
            CHECK(a.q == 0);
        }
    }
    CHECK(g.mid_game.players[0].score == 999);
}

TEST_CASE("report: the podium names it and stores it with the host token's hash") {
    played_game g;
    CHECK(only_broadcast<protocol::podium_msg>(g.podium).report == "/api/rooms/ABCDEF/report");
    const auto stored = persisted_of<game::report_record>(g.podium);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].code == "ABCDEF");
    CHECK(stored[0].game_id == "h:game:tok-1");
    CHECK(stored[0].host_token_hash == "h:tok-1");
    CHECK(game::to_json(stored[0].report) == game::to_json(g.fx.room.report(g.fx.now)));
    // In the same batch as the room record that says the podium is shown.
    CHECK(persist_of_room(g.podium) == persist_index(g.podium, [](const game::record& r) {
              return std::holds_alternative<game::report_record>(r);
          }));
}

TEST_CASE("report: a game that expires mid-way stores its report; one that never started, none") {
    fixture fx(settings_for("three"));
    fx.now = 1000;
    fx.open();
    fx.join(ada, "Ada");
    fx.now = 2000;
    fx.start();
    fx.now = 3000;
    fx.answer(ada, 0, pick(0));
    fx.drop(ada);
    fx.drop(host_conn);
    const auto out = fx.tick(3000 + game::idle_expiry_ms);
    REQUIRE(fx.room.phase() == phase::ended);
    const auto stored = persisted_of<game::report_record>(out);
    REQUIRE(stored.size() == 1);
    REQUIRE(stored[0].report.players.size() == 1);
    CHECK(stored[0].report.players[0].answers.at(0).ms == 1000);

    fixture idle(settings_for("three"));
    idle.now = 1000;
    idle.open();
    idle.drop(host_conn);
    CHECK(persisted_of<game::report_record>(idle.tick(1000 + game::idle_expiry_ms)).empty());
    CHECK(idle.room.phase() == phase::ended);
}

TEST_CASE("report: JSON shape and a round trip through the store's form") {
    played_game g;
    const game::game_report r = g.fx.room.report(50000);
    const json j = game::to_json(r);
    CHECK(j.at("questions").at(0).at("accuracy").get<double>() == doctest::Approx(2.0 / 3.0));
    CHECK(j.at("questions").at(1).at("median_ms") == 2000.0);
    CHECK(j.at("players").at(0).at("answers").at(0) ==
          json::parse(R"({"q": 0, "answer": {"choice": 0}, "shown": "8", "ms": 50,
                          "points": 999, "credit": 1.0, "fast": true})"));
    CHECK(j.at("players").at(2).at("team") == nullptr);

    const auto back = game::game_report_from_json(j);
    REQUIRE(back.has_value());
    CHECK(game::to_json(*back) == j);

    const game::report_record rec{"ABCDEF", r.game_id, "h:tok-1", r};
    const auto rec_back = game::report_record_from_json(game::to_json(rec));
    REQUIRE(rec_back.has_value());
    CHECK(rec_back->host_token_hash == "h:tok-1");
    CHECK(game::to_json(rec_back->report) == j);

    CHECK_FALSE(game::game_report_from_json(json{{"code", "ABCDEF"}}).has_value());
    json bad = j;
    bad["players"][0]["answers"][0]["ms"] = "slow";
    CHECK_FALSE(game::game_report_from_json(bad).has_value());
    CHECK_FALSE(game::report_record_from_json(json::array()).has_value());
}

TEST_CASE("report CSV: a header, one row per player and question, names made inert") {
    played_game g;
    const std::string csv = game::to_csv(g.fx.room.report(50000));
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < csv.size();) {
        const auto end = csv.find("\r\n", at);
        REQUIRE(end != std::string::npos);
        lines.push_back(csv.substr(at, end - at));
        at = end + 2;
    }
    REQUIRE(lines.size() == 1 + 3 * 2);
    CHECK(lines[0] == "player_id,name,team,status,rank,score,correct_answers,total_ms,q,prompt,"
                      "answer,credit,points,ms,fast,question_accuracy,question_median_ms");
    CHECK(lines[1] == "p1,\"'=cmd\",,active,1,2074,2,1050,0,How many legs does a spider have?,8,"
                      "1,999,50,true,0.6667,2000");
    CHECK(lines[2] == "p1,\"'=cmd\",,active,1,2074,2,1050,1,Which planet is closest to the Sun?,"
                      "Mercury,1,1075,1000,false,1,2000");
    CHECK(lines[3] == "p2,\"Bo, \"\"B\"\"\",,active,2,925,1,5000,0,How many legs does a spider "
                      "have?,4,0,0,2000,false,0.6667,2000");
    // Cy's unanswered question: its answer cells are empty.
    CHECK(lines[6] == "p3,Cy,,active,3,900,1,4000,1,Which planet is closest to the Sun?,,,,,,1,"
                      "2000");
}

TEST_CASE("report CSV: before any question closes, one row per player") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    const std::string csv = game::to_csv(fx.room.report(fx.now));
    CHECK(csv.substr(csv.find("\r\n") + 2) == "p1,Ada,,active,1,0,0,0,,,,,,,,,\r\n"
                                              "p2,Bob,,active,1,0,0,0,,,,,,,,,\r\n"
                                              "p3,Cy,,active,1,0,0,0,,,,,,,,,\r\n");
}

TEST_CASE("csv_cell: RFC 4180 quoting, and formula-leading cells quoted with a '") {
    CHECK(game::csv_cell("plain text") == "plain text");
    CHECK(game::csv_cell("") == "");
    CHECK(game::csv_cell("a,b") == "\"a,b\"");
    CHECK(game::csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(game::csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(game::csv_cell("=cmd") == "\"'=cmd\"");
    CHECK(game::csv_cell("=SUM(A1)") == "\"'=SUM(A1)\"");
    CHECK(game::csv_cell("+1") == "\"'+1\"");
    CHECK(game::csv_cell("-2") == "\"'-2\"");
    CHECK(game::csv_cell("@x") == "\"'@x\"");
    CHECK(game::csv_cell("\tx") == "\"'\tx\"");
    CHECK(game::csv_cell("\rx") == "\"'\rx\"");
    CHECK(game::csv_cell("=HYPERLINK(\"a,b\")") == "\"'=HYPERLINK(\"\"a,b\"\")\"");
    CHECK(game::csv_cell("a=b") == "a=b"); // only a leading one counts
}

TEST_CASE("median: the middle value, or the mean of the middle two") {
    CHECK_FALSE(game::median({}).has_value());
    CHECK(game::median({7}) == 7.0);
    CHECK(game::median({3, 1, 2}) == 2.0);
    CHECK(game::median({4, 1, 3, 2}) == 2.5);
}

TEST_CASE("recap over HTTP: the player's own items, once the game is over") {
    played_game g;
    // tok-1 is the host's; the players got tok-2, tok-3, tok-4 in order.
    const auto second = g.fx.room.recap("tok-3");
    REQUIRE(std::holds_alternative<protocol::recap_msg>(second));
    CHECK(wire(std::get<protocol::recap_msg>(second)) ==
          wire(only_sent<protocol::recap_msg>(g.podium, bob)));
    const auto cy_recap = std::get<protocol::recap_msg>(g.fx.room.recap("tok-4"));
    REQUIRE(cy_recap.items.size() == 1);
    CHECK(cy_recap.items[0].q == 1);
    CHECK(cy_recap.items[0].your_answer == nullptr);
    CHECK(std::get<protocol::recap_msg>(g.fx.room.recap("tok-2")).items.empty());

    for (const char* token : {"tok-1", "tok-99", ""}) {
        const auto refused = g.fx.room.recap(token);
        REQUIRE(std::holds_alternative<protocol::protocol_error>(refused));
        CHECK(std::get<protocol::protocol_error>(refused).code == error::forbidden);
    }

    fixture early(settings_for("three"));
    fill_lobby(early);
    const auto too_early = early.room.recap("tok-2");
    REQUIRE(std::holds_alternative<protocol::protocol_error>(too_early));
    CHECK(std::get<protocol::protocol_error>(too_early).code == error::wrong_phase);
}

TEST_CASE("host token: checked in constant time against the stored hash") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    CHECK(fx.room.is_host_token("tok-1"));
    CHECK_FALSE(fx.room.is_host_token("tok-2"));
    CHECK_FALSE(fx.room.is_host_token(""));
}

TEST_CASE("erase: ends a live room for everyone (`host_ended`), then erases after the end is "
          "stored") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    const auto out = fx.room.handle(game::erase_event{}, fx.now);
    CHECK(fx.room.phase() == phase::ended);
    CHECK(wire(only_broadcast<protocol::ended_msg>(out)) ==
          json{{"type", "ended"}, {"reason", "host_ended"}});
    std::size_t erase_at = out.size();
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (const auto* e = std::get_if<game::erase_action>(&out[i])) {
            CHECK(e->game_id == "h:game:tok-1");
            erase_at = i;
        }
    }
    REQUIRE(erase_at < out.size());
    CHECK(persist_of_room(out) < erase_at);
    // Nobody's data is written again after the erase.
    for (std::size_t i = erase_at; i < out.size(); ++i) {
        CHECK_FALSE(std::holds_alternative<game::persist_action>(out[i]));
    }
    CHECK(std::count_if(out.begin(), out.end(), [](const game::action& a) {
              const auto* c = std::get_if<game::close_action>(&a);
              return c != nullptr && c->code == game::close_room_ended;
          }) == 4);

    // An ended room is erased again without more ado (a retry).
    const auto again = fx.room.handle(game::erase_event{}, fx.now);
    CHECK(std::count_if(again.begin(), again.end(), [](const game::action& a) {
              return std::holds_alternative<game::erase_action>(a);
          }) == 1);
    CHECK(broadcast<protocol::ended_msg>(again).empty());
}
