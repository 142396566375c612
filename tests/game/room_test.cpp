// The room state machine, scripted: each test feeds events with plain
// epoch_ms times and compares the actions handle() returns.

#include "tests/game/room_script.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using namespace quizroom;
using namespace quizroom::game_tests;

// ===========================================================================
// Opening, attaching, joining
// ===========================================================================

TEST_CASE("open: the room is persisted before `created`; the creator becomes the host screen") {
    fixture fx(settings_for("three"));
    const auto out = fx.open(host_conn, json("c1"));
    CHECK(describe(out) == std::vector<std::string>{"persist room", "send 1 created",
                                                    "attach 1 host", "send 1 state"});
    const auto rooms = persisted_of<game::room_record>(out);
    REQUIRE(rooms.size() == 1);
    CHECK(rooms[0].code == "ABCDEF");
    CHECK(rooms[0].quiz_id == "three");
    CHECK(rooms[0].phase == phase::lobby);
    CHECK(rooms[0].q == -1);
    CHECK(rooms[0].host_token_hash == "h:tok-1"); // only the hash is stored

    const auto& created = std::get<game::send_action>(out[1]);
    CHECK(created.id == json("c1"));
    CHECK(wire(created.message) ==
          json{{"type", "created"}, {"code", "ABCDEF"}, {"host_token", "tok-1"}});

    const auto state = only_sent<protocol::state_msg>(out, host_conn);
    CHECK(wire(state) == json::parse(R"({"type": "state", "phase": "lobby", "code": "ABCDEF",
        "quiz": {"id": "three", "title": "Three questions"}, "q": null, "total": 3,
        "players": 0, "connected": 0, "locked": false, "paused": false, "roster": []})"));
    CHECK(fx.room.phase() == phase::lobby);
}

TEST_CASE("open from the HTTP API (no connection): created goes to connection 0, nobody is "
          "attached, and the empty room starts its expiry clock") {
    fixture fx(settings_for("three"));
    fx.now = 5000;
    const auto out = fx.open(0, std::nullopt);
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "send 0 created", "timer 605000"});
}

TEST_CASE("join: persisted, then `joined` and `state` to the player, `player_joined` to hosts, "
          "`lobby` to players") {
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    const auto out = fx.join(ada, "  Ada  ", 30);
    CHECK(describe(out) == std::vector<std::string>{"persist player:p1", "send 11 joined",
                                                    "attach 11 player p1", "send 11 state",
                                                    "hosts player_joined", "everyone lobby"});
    const auto players = persisted_of<game::player_record>(out);
    REQUIRE(players.size() == 1);
    CHECK(players[0].name == "Ada");
    CHECK(players[0].token_hash == "h:tok-2");
    CHECK(players[0].status == game::player_status::active);

    const auto& joined = std::get<game::send_action>(out[1]);
    CHECK(joined.id == json("j"));
    CHECK(wire(joined.message) == json::parse(R"({"type": "joined", "player_id": "p1",
        "token": "tok-2", "name": "Ada", "team": null})"));
    const auto state = only_sent<protocol::state_msg>(out, ada);
    REQUIRE(state.you.has_value());
    CHECK(wire(state)["you"] == json::parse(R"({"player_id": "p1", "name": "Ada", "team": null,
        "score": 0, "rank": 1, "answered": false, "answer": null})"));
    CHECK(state.players == 1);
    CHECK(state.connected == 1);
    CHECK_FALSE(state.roster.has_value()); // the roster is for host screens
    CHECK(wire(only_broadcast<protocol::player_joined_msg>(out, audience::hosts)) ==
          json::parse(R"({"type": "player_joined",
              "player": {"id": "p1", "name": "Ada", "team": null}, "players": 1})"));
    CHECK(wire(only_broadcast<protocol::lobby_msg>(out, audience::everyone)) ==
          json{{"type", "lobby"}, {"players", 1}, {"connected", 1}});
    // The host's roster now lists the player.
    CHECK(fx.snapshot()[0]["roster"] ==
          json::parse(R"([{"id": "p1", "name": "Ada", "team": null, "connected": true}])"));
}

TEST_CASE("host: a second screen with the host token attaches and gets the state; a wrong "
          "token is forbidden") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    auto out = fx.command(2, protocol::host_msg{"ABCDEF", "tok-1"}, json("h"));
    CHECK(describe(out) == std::vector<std::string>{"attach 2 host", "send 2 state"});
    const auto& s = std::get<game::send_action>(out[1]);
    CHECK(s.id == json("h"));
    CHECK(std::get<protocol::state_msg>(s.message).roster->size() == 3);

    check_refused(fx, 3, protocol::host_msg{"ABCDEF", "tok-2"}, error::forbidden); // a player's
    check_refused(fx, 3, protocol::host_msg{"ABCDEF", "tok-10"}, error::forbidden);
    check_refused(fx, 3, protocol::host_msg{"ABCDEF", ""}, error::forbidden);
    check_refused(fx, 3, protocol::host_msg{"ABCDEF", "h:tok-1"}, error::forbidden); // the hash
}

TEST_CASE("a host screen that disconnects changes nothing; another screen with the token takes "
          "over") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    CHECK(fx.drop(host_conn).empty());
    CHECK(fx.room.phase() == phase::question);
    fx.now = 12000;
    auto out = fx.command(2, protocol::host_msg{"ABCDEF", "tok-1"});
    CHECK(describe(out) == std::vector<std::string>{"attach 2 host", "send 2 state"});
    const auto state = only_sent<protocol::state_msg>(out, 2);
    CHECK(state.current == phase::question);
    CHECK(state.deadline == 30000);
    // The old screen's connection is nobody's now; the new one runs the game.
    out = fx.command(host_conn, protocol::next_msg{0, phase::question});
    CHECK(describe(out) == std::vector<std::string>{"send 1 error:forbidden"});
    out = fx.command(2, protocol::next_msg{0, phase::question});
    CHECK(fx.room.phase() == phase::reveal);
}

TEST_CASE("names: unique after NFC and case folding; invalid names and full rooms are refused") {
    protocol::create_options o;
    o.max_players = 3;
    fixture fx(settings_for("three", o));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.join(bob, "René");

    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "ada", std::nullopt}, error::name_taken);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "  ADA ", std::nullopt}, error::name_taken);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "Rene\u0301", std::nullopt},
                  error::name_taken);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "RENÉ", std::nullopt}, error::name_taken);

    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "", std::nullopt}, error::name_invalid);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "   ", std::nullopt}, error::name_invalid);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", std::string(25, 'x'), std::nullopt},
                  error::name_invalid);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "Cy\u202e", std::nullopt},
                  error::name_invalid);
    check_refused(fx, cy, protocol::join_msg{"ABCDEF", "Cy\x07", std::nullopt},
                  error::name_invalid);

    fx.join(cy, "Cy");
    CHECK(fx.room.member_count() == 3);
    check_refused(fx, dan, protocol::join_msg{"ABCDEF", "Dan", std::nullopt}, error::room_full);

    // A leaver no longer counts in `players`: there is room again.
    fx.now = 3000;
    fx.leave(bob);
    CHECK(fx.room.member_count() == 2);
    const auto out = fx.join(dan, "Dan");
    CHECK(only_sent<protocol::joined_msg>(out, dan).player_id == "p4");
    CHECK(fx.room.member_count() == 3);
}

TEST_CASE("lock: joins get room_locked while locked, work again once unlocked; a rejoin is not "
          "a new join") {
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.now = 3000;
    auto out = fx.lock(true);
    CHECK(describe(out) == std::vector<std::string>{"persist room", "send 1 state"});
    CHECK(persisted_of<game::room_record>(out).at(0).locked);
    const auto& s = std::get<game::send_action>(out[1]);
    CHECK(s.id == json("l"));
    CHECK(std::get<protocol::state_msg>(s.message).locked);
    CHECK(fx.room.locked());

    check_refused(fx, bob, protocol::join_msg{"ABCDEF", "Bob", std::nullopt}, error::room_locked);

    // Ada leaves and comes back while the room is locked.
    fx.now = 4000;
    fx.leave(ada);
    fx.now = 5000;
    out = fx.rejoin(21, "tok-2");
    CHECK(only_sent<protocol::joined_msg>(out, 21).player_id == "p1");

    fx.now = 6000;
    out = fx.lock(false);
    CHECK_FALSE(std::get<protocol::state_msg>(std::get<game::send_action>(out[1]).message).locked);
    out = fx.join(bob, "Bob");
    CHECK(only_sent<protocol::joined_msg>(out, bob).player_id == "p2");
    CHECK(fx.room.member_count() == 2);
}

TEST_CASE("leave: the socket is closed, `players` drops, the player may rejoin with the token") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    auto out = fx.leave(bob);
    CHECK(describe(out) == std::vector<std::string>{"persist player:p2", "close 12 1000",
                                                    "hosts player_left", "everyone lobby"});
    CHECK(persisted_of<game::player_record>(out).at(0).status == game::player_status::left);
    CHECK(wire(only_broadcast<protocol::player_left_msg>(out, audience::hosts)) ==
          json{{"type", "player_left"}, {"player_id", "p2"}, {"players", 2}, {"gone", true}});
    CHECK(wire(only_broadcast<protocol::lobby_msg>(out)) ==
          json{{"type", "lobby"}, {"players", 2}, {"connected", 2}});
    CHECK(fx.room.member_count() == 2);
    // The closed socket's disconnect is no second departure.
    CHECK(fx.drop(bob).empty());

    fx.now = 6000;
    out = fx.rejoin(22, "tok-3");
    CHECK(describe(out) == std::vector<std::string>{"persist player:p2", "send 22 joined",
                                                    "attach 22 player p2", "send 22 state",
                                                    "hosts player_joined", "everyone lobby"});
    CHECK(persisted_of<game::player_record>(out).at(0).status == game::player_status::active);
    CHECK(wire(only_sent<protocol::joined_msg>(out, 22)) ==
          json::parse(R"({"type": "joined", "player_id": "p2", "token": "tok-3", "name": "Bob",
              "team": null})"));
    CHECK(only_broadcast<protocol::player_joined_msg>(out).players == 3);
    CHECK(fx.room.member_count() == 3);

    // Only players can leave.
    check_refused(fx, host_conn, protocol::leave_msg{}, error::forbidden);
    check_refused(fx, stranger, protocol::leave_msg{}, error::forbidden);
}

// ===========================================================================
// A whole game
// ===========================================================================

TEST_CASE("a whole game of `three`: host and three players from lobby to ended/finished") {
    fixture fx(settings_for("three"));
    fill_lobby(fx, 40, 100, 100);
    std::vector<std::string> phases;
    const auto record = [&phases](const actions& out) {
        const auto found = phase_broadcasts(out);
        phases.insert(phases.end(), found.begin(), found.end());
        return out;
    };

    // ---- question 0 (answer 0), opened at 10000 --------------------------------
    fx.now = 10000;
    auto out = record(fx.start());
    // Deadline 30000, extended by the slowest connected round trip (100) and the grace.
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone question", "timer 30150"});
    CHECK(fx.room.phase() == phase::question);
    const auto question = only_broadcast<protocol::question_msg>(out, audience::everyone);
    CHECK(wire(question) == json::parse(R"({"type": "question", "q": 0, "total": 3,
        "kind": "choice", "prompt": "How many legs does a spider have?",
        "choices": ["8", "6", "10", "4"], "category": "General", "time_limit_ms": 20000,
        "deadline": 30000, "points": 1000})"));
    CHECK(persisted_of<game::room_record>(out).at(0).phase == phase::question);

    CHECK(fx.deliver(ada, 0, 10010, 40).empty());
    CHECK(fx.deliver(bob, 0, 10020, 100).empty());
    // Cy's question frame is never stamped: Cy is timed from the opening.

    fx.now = 12050;
    out = fx.answer(ada, 0, pick(0), 40, json("a1"));
    CHECK(describe(out) ==
          std::vector<std::string>{"persist answer:p1", "send 11 answer_ack", "hosts answers"});
    const auto& ack = std::get<game::send_action>(out[1]);
    CHECK(ack.id == json("a1"));
    CHECK(wire(ack.message) == json{{"type", "answer_ack"}, {"q", 0}, {"ms", 2000}});
    const auto answer_rec = persisted_of<game::answer_record>(out).at(0);
    CHECK(answer_rec.q == 0);
    CHECK(answer_rec.answer == json{{"choice", 0}});
    CHECK(answer_rec.ms == 2000);
    CHECK(answer_rec.points == 950);
    CHECK(answer_rec.credit == 1.0);
    CHECK(wire(only_broadcast<protocol::answers_msg>(out)) ==
          json{{"type", "answers"}, {"q", 0}, {"answered", 1}, {"connected", 3}});

    fx.now = 15120;
    out = fx.answer(bob, 0, pick(1), 100); // wrong
    CHECK(ack_ms(out, bob) == 5000);       // 15120 - 10020 - 100

    fx.now = 20100;
    out = record(fx.answer(cy, 0, pick(0), 100)); // the last connected player: closes early
    CHECK(ack_ms(out, cy) == 10000);              // 20100 - 10000 (the opening) - 100
    CHECK(describe(out) == std::vector<std::string>{
                               "persist answer:p3", "send 13 answer_ack", "hosts answers",
                               "persist player:p1 player:p2 player:p3 room", "everyone reveal",
                               "send 11 result", "send 12 result", "send 13 result", "timer none"});
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(wire(only_broadcast<protocol::reveal_msg>(out)) ==
          json::parse(R"({"type": "reveal", "q": 0, "correct": {"choice": 0},
              "distribution": [2, 1, 0, 0], "answered": 3, "correct_count": 2,
              "explanation": "Spiders are arachnids and have eight legs."})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, ada)) ==
          json::parse(R"({"type": "result", "q": 0, "correct": true, "points": 950, "streak": 1,
              "score": 950, "rank": 1, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, bob)) ==
          json::parse(R"({"type": "result", "q": 0, "correct": false, "points": 0, "streak": 0,
              "score": 0, "rank": 3, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, cy)) ==
          json::parse(R"({"type": "result", "q": 0, "correct": true, "points": 750, "streak": 1,
              "score": 750, "rank": 2, "of": 3})"));
    CHECK(sent_to<protocol::result_msg>(out, host_conn).empty()); // hosts get no result
    const auto scores = persisted_of<game::player_record>(out);
    REQUIRE(scores.size() == 3);
    CHECK(scores[0].score == 950);
    CHECK(scores[0].streak == 1);
    CHECK(scores[0].total_ms == 2000);
    CHECK(scores[1].score == 0);
    CHECK(scores[2].score == 750);

    // ---- leaderboard, then question 1 (answer 1) ------------------------------
    fx.now = 25000;
    out = record(fx.next(0, phase::reveal));
    CHECK(describe(out) == std::vector<std::string>{"persist room", "everyone leaderboard"});
    CHECK(wire(only_broadcast<protocol::leaderboard_msg>(out)) ==
          json::parse(R"({"type": "leaderboard", "q": 0, "top": [
              {"id": "p1", "name": "Ada", "score": 950, "delta": 950, "rank": 1},
              {"id": "p3", "name": "Cy", "score": 750, "delta": 750, "rank": 2},
              {"id": "p2", "name": "Bob", "score": 0, "delta": 0, "rank": 3}]})"));

    fx.now = 26000;
    out = record(fx.next(0, phase::leaderboard));
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone question", "timer 46150"});
    CHECK(only_broadcast<protocol::question_msg>(out).q == 1);
    CHECK(only_broadcast<protocol::question_msg>(out).deadline == 46000);
    fx.deliver(ada, 1, 26000, 40);
    fx.deliver(bob, 1, 26000, 100);
    fx.deliver(cy, 1, 26000, 100);

    fx.now = 26040;
    CHECK(ack_ms(fx.answer(ada, 1, pick(1), 40), ada) == 0); // 1000 + streak bonus 100
    fx.now = 27100;
    CHECK(ack_ms(fx.answer(cy, 1, pick(0), 100), cy) == 1000); // wrong
    fx.now = 36100;
    out = record(fx.answer(bob, 1, pick(1), 100)); // 750, closes
    CHECK(ack_ms(out, bob) == 10000);
    CHECK(wire(only_sent<protocol::result_msg>(out, ada)) ==
          json::parse(R"({"type": "result", "q": 1, "correct": true, "points": 1100, "streak": 2,
              "score": 2050, "rank": 1, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, bob)) ==
          json::parse(R"({"type": "result", "q": 1, "correct": true, "points": 750, "streak": 1,
              "score": 750, "rank": 2, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, cy)) ==
          json::parse(R"({"type": "result", "q": 1, "correct": false, "points": 0, "streak": 0,
              "score": 750, "rank": 2, "of": 3})"));

    fx.now = 40000;
    out = record(fx.next(1, phase::reveal));
    // Bob and Cy tie at 750: same rank; Cy first with less total answer time (11000 < 15000).
    CHECK(wire(only_broadcast<protocol::leaderboard_msg>(out)) ==
          json::parse(R"({"type": "leaderboard", "q": 1, "top": [
              {"id": "p1", "name": "Ada", "score": 2050, "delta": 1100, "rank": 1},
              {"id": "p3", "name": "Cy", "score": 750, "delta": 0, "rank": 2},
              {"id": "p2", "name": "Bob", "score": 750, "delta": 750, "rank": 2}]})"));

    // ---- question 2 (answer 2): closes at its deadline -------------------------
    fx.now = 41000;
    out = record(fx.next(1, phase::leaderboard));
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone question", "timer 61150"});
    fx.deliver(ada, 2, 41000, 40);
    fx.deliver(bob, 2, 41000, 100);
    fx.deliver(cy, 2, 41000, 100);
    fx.now = 41100;
    CHECK(ack_ms(fx.answer(bob, 2, pick(2), 100), bob) == 0); // 1000 + 100
    fx.now = 61100;
    // Read 100 ms after the deadline on a 100 ms round trip: in time, at the limit.
    CHECK(ack_ms(fx.answer(cy, 2, pick(2), 100), cy) == 20000); // 500
    CHECK(fx.tick(61149).empty());
    CHECK(fx.room.phase() == phase::question);
    out = record(fx.tick(61150));
    CHECK(describe(out) == std::vector<std::string>{
                               "persist player:p1 player:p2 player:p3 room", "everyone reveal",
                               "send 11 result", "send 12 result", "send 13 result", "timer none"});
    CHECK(wire(only_broadcast<protocol::reveal_msg>(out)) ==
          json::parse(R"({"type": "reveal", "q": 2, "correct": {"choice": 2},
              "distribution": [0, 0, 2, 0], "answered": 2, "correct_count": 2,
              "explanation": "Six times seven is forty-two."})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, ada)) ==
          json::parse(R"({"type": "result", "q": 2, "correct": false, "points": 0, "streak": 0,
              "score": 2050, "rank": 1, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, bob)) ==
          json::parse(R"({"type": "result", "q": 2, "correct": true, "points": 1100, "streak": 2,
              "score": 1850, "rank": 2, "of": 3})"));
    CHECK(wire(only_sent<protocol::result_msg>(out, cy)) ==
          json::parse(R"({"type": "result", "q": 2, "correct": true, "points": 500, "streak": 1,
              "score": 1250, "rank": 3, "of": 3})"));

    // ---- final standings, podium, end ------------------------------------------
    fx.now = 70000;
    out = record(fx.next(2, phase::reveal));
    CHECK(only_broadcast<protocol::leaderboard_msg>(out).top.size() == 3);
    CHECK(fx.room.phase() == phase::leaderboard);

    fx.now = 71000;
    out = record(fx.next(2, phase::leaderboard));
    CHECK(fx.room.phase() == phase::podium);
    CHECK(persist_of_room(out) < index_of<protocol::podium_msg>(out));
    CHECK(wire(only_broadcast<protocol::podium_msg>(out)) ==
          json::parse(R"({"type": "podium", "top": [
              {"id": "p1", "name": "Ada", "score": 2050, "delta": 0, "rank": 1},
              {"id": "p2", "name": "Bob", "score": 1850, "delta": 1100, "rank": 2},
              {"id": "p3", "name": "Cy", "score": 1250, "delta": 500, "rank": 3}],
              "report": "/api/rooms/ABCDEF/report"})"));

    fx.now = 72000;
    out = record(fx.next(std::nullopt, phase::podium));
    CHECK(describe(out) == std::vector<std::string>{"persist room", "everyone ended",
                                                    "close 11 4002", "close 12 4002",
                                                    "close 13 4002", "close 1 4002", "ended"});
    CHECK(wire(only_broadcast<protocol::ended_msg>(out)) ==
          json{{"type", "ended"}, {"reason", "finished"}});
    CHECK(persisted_of<game::room_record>(out).at(0).phase == phase::ended);
    CHECK(fx.room.phase() == phase::ended);

    CHECK(phases == std::vector<std::string>{"question", "reveal", "leaderboard", "question",
                                             "reveal", "leaderboard", "question", "reveal",
                                             "leaderboard", "podium", "ended"});
}

TEST_CASE("recap: with the podium, each player gets the questions they missed or got wrong") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.answer(ada, 0, pick(0));
    fx.answer(bob, 0, pick(3));
    fx.answer(cy, 0, pick(0));
    fx.now = 20000;
    fx.next(); // leaderboard
    fx.next(); // question 1
    fx.answer(ada, 1, pick(1));
    fx.answer(cy, 1, pick(1));
    fx.now = 60000;
    fx.tick(60000); // Bob never answered question 1
    fx.next();
    fx.next(); // question 2
    fx.answer(ada, 2, pick(2));
    fx.answer(bob, 2, pick(2));
    fx.answer(cy, 2, pick(2));
    fx.next();
    const auto out = fx.next(); // podium
    REQUIRE(fx.room.phase() == phase::podium);
    CHECK(wire(only_sent<protocol::recap_msg>(out, ada)) ==
          json{{"type", "recap"}, {"items", json::array()}});
    CHECK(wire(only_sent<protocol::recap_msg>(out, bob)) == json::parse(R"({"type": "recap",
        "items": [
          {"q": 0, "prompt": "How many legs does a spider have?", "your_answer": {"choice": 3},
           "correct": {"choice": 0}, "explanation": "Spiders are arachnids and have eight legs.",
           "credit": 0.0},
          {"q": 1, "prompt": "Which planet is closest to the Sun?", "your_answer": null,
           "correct": {"choice": 1}, "explanation": "Mercury orbits closest to the Sun.",
           "credit": 0.0}]})"));
    CHECK(sent_to<protocol::recap_msg>(out, host_conn).empty());
    CHECK(index_of<protocol::podium_msg>(out) < index_of<protocol::recap_msg>(out));
}

// ===========================================================================
// Closing a question: deadline, early close, late answers
// ===========================================================================

TEST_CASE("deadline: the question closes on the tick at deadline + extension + grace, not "
          "before") {
    fixture fx(settings_for("three"));
    fill_lobby(fx, 0, 300, 0); // Bob's round trip extends everyone's close
    fx.now = 10000;
    auto out = fx.start();
    const epoch_ms close_at = 30000 + 300 + game::close_grace_ms;
    CHECK(describe(out).back() == "timer " + std::to_string(close_at));

    CHECK(fx.tick(20000).empty());
    CHECK(fx.tick(30000).empty());
    CHECK(fx.tick(close_at - 1).empty());
    CHECK(fx.room.phase() == phase::question);
    out = fx.tick(close_at);
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(only_broadcast<protocol::reveal_msg>(out).answered == 0);
    // Nobody answered: every player is told so.
    for (conn_id c : {ada, bob, cy}) {
        const auto r = only_sent<protocol::result_msg>(out, c);
        CHECK(r.correct == json(false));
        CHECK(r.points == 0);
        CHECK(r.rank == 1); // all tied at 0
    }
    // A second tick changes nothing.
    CHECK(fx.tick(close_at + 1000).empty());
}

TEST_CASE("late: an answer read after the player's deadline, or for a closed question") {
    fixture fx(settings_for("three"));
    fill_lobby(fx, 0, 300, 0);
    fx.now = 10000;
    fx.start();

    fx.now = 30000; // exactly at the deadline, no round trip: in time
    CHECK(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 20000);
    fx.now = 30001;
    check_answer_refused(fx, cy, 0, pick(0), error::late);
    // Bob's window is extended by his own round trip (300 ms), but no further.
    fx.now = 30301;
    check_answer_refused(fx, bob, 0, pick(0), error::late, 300);
    fx.now = 30300;
    CHECK(ack_ms(fx.answer(bob, 0, pick(0), 300), bob) == 20000);
    // Cy, refused, is still unanswered: the question is open until the tick.
    CHECK(fx.room.phase() == phase::question);
    fx.tick(30350);
    REQUIRE(fx.room.phase() == phase::reveal);

    // After the close: late, in reveal and leaderboard, and once the next question is open.
    fx.now = 31000;
    check_answer_refused(fx, cy, 0, pick(0), error::late);
    fx.next();
    check_answer_refused(fx, cy, 0, pick(0), error::late);
    fx.next();
    REQUIRE(fx.room.phase() == phase::question);
    check_answer_refused(fx, cy, 0, pick(0), error::late);
    CHECK(ack_ms(fx.answer(cy, 1, pick(1)), cy) == 0);
}

TEST_CASE("early close: when every connected player has answered, and only then") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    auto out = fx.answer(ada, 0, pick(0));
    CHECK(fx.room.phase() == phase::question);
    out = fx.answer(bob, 0, pick(0));
    CHECK(fx.room.phase() == phase::question);
    CHECK(broadcast<protocol::reveal_msg>(out).empty());
    // Cy disconnects without answering: everyone connected has answered.
    fx.now = 12000;
    out = fx.drop(cy);
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(index_of<protocol::player_left_msg>(out) < index_of<protocol::reveal_msg>(out));
    CHECK(only_broadcast<protocol::reveal_msg>(out).answered == 2);
    CHECK(sent_to<protocol::result_msg>(out, cy).empty()); // not connected
    CHECK(sent_to<protocol::result_msg>(out, ada).size() == 1);
}

TEST_CASE("the last unanswered player kicked or leaving closes the question early") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.answer(ada, 0, pick(0));
    fx.answer(bob, 0, pick(1));
    fx.now = 11000;
    auto out = fx.kick("p3");
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(only_broadcast<protocol::reveal_msg>(out).answered == 2);
    CHECK(only_sent<protocol::result_msg>(out, ada).of == 2);

    fx.next();
    fx.next();
    REQUIRE(fx.room.phase() == phase::question);
    fx.answer(bob, 1, pick(1));
    out = fx.leave(ada);
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, bob).of == 1);
}

TEST_CASE("every player disconnects during a question: it runs to its deadline") {
    fixture fx(settings_for("three"));
    fill_lobby(fx, 200, 0, 0);
    fx.now = 10000;
    fx.start();
    for (conn_id c : {ada, bob, cy}) {
        fx.now += 1000; // apart, so that no throttled broadcast is pending
        const auto out = fx.drop(c);
        CHECK(broadcast<protocol::reveal_msg>(out).empty());
        CHECK(fx.room.phase() == phase::question);
    }
    // With nobody connected, no round trip extends the close.
    CHECK(fx.tick(30049).empty());
    const auto out = fx.tick(30050);
    CHECK(fx.room.phase() == phase::reveal);
    // Nobody answered and nobody had a streak: no player changed.
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone reveal", "timer none"});
}

TEST_CASE("round trip: subtracted from the answer time but never below zero, capped at 500 ms") {
    fixture fx(settings_for("three"));
    fill_lobby(fx, 0, 2000, 0); // Bob's link reports 2 s: counted as 500 ms
    fx.now = 10000;
    auto out = fx.start();
    CHECK(describe(out).back() ==
          "timer " + std::to_string(30000 + game::rtt_cap_ms + game::close_grace_ms));
    fx.deliver(ada, 0, 10000, 0);
    fx.deliver(bob, 0, 10000, 2000);
    fx.deliver(cy, 0, 10000, 300);

    fx.now = 10100;
    CHECK(ack_ms(fx.answer(cy, 0, pick(0), 300), cy) == 0); // 100 - 300: never below zero
    fx.now = 12000;
    CHECK(ack_ms(fx.answer(bob, 0, pick(0), 2000), bob) == 1500); // 2000 - 500 (the cap)
    // Ada's answer is read 600 ms after the deadline with a (capped) 500 ms round trip.
    fx.now = 30600;
    check_answer_refused(fx, ada, 0, pick(0), error::late, 5000);
    fx.now = 30500;
    CHECK(ack_ms(fx.answer(ada, 0, pick(0), 5000), ada) == 20000);
}

TEST_CASE("the `next` of the host closes an open question early") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    fx.answer(ada, 0, pick(0));
    fx.now = 12000;
    const auto out = fx.next(0, phase::question);
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, ada).points == 975); // 1000 x (1 - 1000/40000)
    CHECK(only_sent<protocol::result_msg>(out, bob).correct == json(false));
}

TEST_CASE("a close stores the players it changed and no others; each `result` is what is stored") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    fx.answer(ada, 0, pick(0)); // right: points and a streak
    fx.now = 12000;
    fx.answer(bob, 0, pick(1)); // wrong: no points, but the answer time counts
    fx.now = 13000;
    auto out = fx.next(0, phase::question); // Cy is silent: nothing of hers changes
    CHECK(describe(out).at(0) == "persist player:p1 player:p2 room");
    const auto stored_result = [&out](conn_id conn, const std::string& id) {
        const auto result = only_sent<protocol::result_msg>(out, conn);
        for (const auto& p : persisted_of<game::player_record>(out)) {
            if (p.player_id == id) {
                CHECK(p.score == result.score);
                CHECK(p.streak == result.streak);
                return p;
            }
        }
        FAIL("no record of " << id);
        return game::player_record{};
    };
    CHECK(stored_result(ada, "p1").total_ms == 1000);
    CHECK(stored_result(bob, "p2").total_ms == 2000);

    // Question 1: Ada is silent now, and her streak of 1 ends, so she is stored.
    fx.next(0, phase::reveal);
    fx.now = 20000;
    fx.next(0, phase::leaderboard);
    fx.now = 21000;
    fx.answer(bob, 1, pick(1));
    fx.now = 22000;
    out = fx.next(1, phase::question);
    CHECK(describe(out).at(0) == "persist player:p1 player:p2 room");
    CHECK(stored_result(ada, "p1").streak == 0);
    CHECK(stored_result(bob, "p2").streak == 1);
    CHECK(only_sent<protocol::result_msg>(out, cy).score == 0);
}

// ===========================================================================
// Refused commands
// ===========================================================================

TEST_CASE("duplicate: a second answer to the same question is refused and the first stands") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    CHECK(ack_ms(fx.answer(ada, 0, pick(2)), ada) == 1000);
    fx.now = 12000;
    check_answer_refused(fx, ada, 0, pick(0), error::duplicate);
    check_answer_refused(fx, ada, 0, pick(2), error::duplicate);
    fx.answer(bob, 0, pick(0));
    const auto out = fx.answer(cy, 0, pick(0));
    const auto reveal = only_broadcast<protocol::reveal_msg>(out);
    CHECK(reveal.distribution == std::vector<int>{2, 0, 1, 0});
    CHECK(only_sent<protocol::result_msg>(out, ada).correct == json(false));
}

TEST_CASE("bad_answer: the wrong field for the kind, an index out of range, text too long") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    check_answer_refused(fx, ada, 0, picks({0}), error::bad_answer);
    check_answer_refused(fx, ada, 0, typed("8"), error::bad_answer);
    check_answer_refused(fx, ada, 0, protocol::order_answer{{0, 1, 2, 3}}, error::bad_answer);
    check_answer_refused(fx, ada, 0, protocol::value_answer{8}, error::bad_answer);
    check_answer_refused(fx, ada, 0, pick(4), error::bad_answer);
    check_answer_refused(fx, ada, 0, pick(-1), error::bad_answer);
    // Refused answers do not count: Ada may still answer.
    CHECK(ack_ms(fx.answer(ada, 0, pick(3)), ada) == 1000);
}

TEST_CASE("bad_answer: text answers over 200 characters; multi picks out of range or repeated") {
    auto s = settings_for("mini");
    const auto& qs = test_deck("mini").questions;
    s.questions = {qs[3], qs[2]}; // text, multi
    fixture fx(std::move(s));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    check_answer_refused(fx, ada, 0, typed(std::string(201, 'x')), error::bad_answer);
    check_answer_refused(fx, ada, 0, pick(0), error::bad_answer);
    CHECK(ack_ms(fx.answer(ada, 0, typed(std::string(200, 'x'))), ada) == 0);
    fx.answer(bob, 0, typed("paris"));
    fx.answer(cy, 0, typed("  PARIS "));
    REQUIRE(fx.room.phase() == phase::reveal);
    fx.next();
    fx.next();
    REQUIRE(fx.room.phase() == phase::question);
    check_answer_refused(fx, ada, 1, picks({0, 4}), error::bad_answer);
    check_answer_refused(fx, ada, 1, picks({0, 0}), error::bad_answer);
    check_answer_refused(fx, ada, 1, pick(0), error::bad_answer);
}

TEST_CASE("wrong_phase: answer in the lobby, start twice, pause and resume out of place, next in "
          "the lobby or with a stale view") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    check_answer_refused(fx, ada, 0, pick(0), error::wrong_phase);
    check_refused(fx, host_conn, protocol::pause_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::resume_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::next_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::next_msg{std::nullopt, phase::lobby},
                  error::wrong_phase);

    fx.now = 10000;
    fx.start();
    check_refused(fx, host_conn, protocol::start_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::resume_msg{}, error::wrong_phase); // not paused
    // A view drawn for another question or phase is stale.
    check_refused(fx, host_conn, protocol::next_msg{1, std::nullopt}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::next_msg{std::nullopt, phase::reveal},
                  error::wrong_phase);
    check_refused(fx, host_conn, protocol::next_msg{0, phase::lobby}, error::wrong_phase);

    fx.now = 11000;
    fx.next(0, phase::question);
    REQUIRE(fx.room.phase() == phase::reveal);
    // The same key pressed twice: the second `next` is stale and skips nothing.
    check_refused(fx, host_conn, protocol::next_msg{0, phase::question}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::pause_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::resume_msg{}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::start_msg{}, error::wrong_phase);
    fx.next(0, phase::reveal);
    REQUIRE(fx.room.phase() == phase::leaderboard);
    check_refused(fx, host_conn, protocol::next_msg{0, phase::reveal}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::pause_msg{}, error::wrong_phase);
}

TEST_CASE("forbidden: host commands from a player or an unknown connection") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    for (conn_id c : {ada, stranger}) {
        check_refused(fx, c, protocol::start_msg{}, error::forbidden);
        check_refused(fx, c, protocol::end_msg{}, error::forbidden);
        check_refused(fx, c, protocol::kick_msg{"p2"}, error::forbidden);
        check_refused(fx, c, protocol::kick_msg{"p1"}, error::forbidden);
        check_refused(fx, c, protocol::lock_msg{true}, error::forbidden);
    }
    fx.now = 10000;
    fx.start();
    for (conn_id c : {ada, stranger}) {
        check_refused(fx, c, protocol::next_msg{}, error::forbidden);
        check_refused(fx, c, protocol::next_msg{0, phase::question}, error::forbidden);
        check_refused(fx, c, protocol::pause_msg{}, error::forbidden);
        check_refused(fx, c, protocol::end_msg{}, error::forbidden);
        check_refused(fx, c, protocol::kick_msg{"p2"}, error::forbidden);
        check_refused(fx, c, protocol::lock_msg{true}, error::forbidden);
    }
    fx.now = 11000;
    fx.pause();
    for (conn_id c : {ada, stranger}) {
        check_refused(fx, c, protocol::resume_msg{}, error::forbidden);
    }
}

TEST_CASE("forbidden: answers from a host screen or an unknown connection; bad rejoin tokens") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    check_answer_refused(fx, host_conn, 0, pick(0), error::forbidden);
    check_answer_refused(fx, stranger, 0, pick(0), error::forbidden);
    check_refused(fx, stranger, protocol::rejoin_msg{"ABCDEF", "tok-99"}, error::forbidden);
    check_refused(fx, stranger, protocol::rejoin_msg{"ABCDEF", "tok-1"},
                  error::forbidden); // host's
    check_refused(fx, stranger, protocol::rejoin_msg{"ABCDEF", "h:tok-2"}, error::forbidden);
    check_refused(fx, stranger, protocol::rejoin_msg{"ABCDEF", ""}, error::forbidden);
}

TEST_CASE("kick: `kicked` then close 4001; hosts see the player gone; the token is void") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    auto out = fx.kick("p2");
    CHECK(describe(out) == std::vector<std::string>{"persist player:p2", "send 12 kicked",
                                                    "close 12 4001", "hosts player_left",
                                                    "everyone lobby"});
    CHECK(persisted_of<game::player_record>(out).at(0).status == game::player_status::kicked);
    CHECK(wire(only_broadcast<protocol::player_left_msg>(out)) ==
          json{{"type", "player_left"}, {"player_id", "p2"}, {"players", 2}, {"gone", true}});
    CHECK(wire(only_broadcast<protocol::lobby_msg>(out)) ==
          json{{"type", "lobby"}, {"players", 2}, {"connected", 2}});
    CHECK(fx.room.member_count() == 2);

    // The closed socket's disconnect and its commands are nobody's now.
    CHECK(fx.drop(bob).empty());
    check_refused(fx, 22, protocol::rejoin_msg{"ABCDEF", "tok-3"}, error::forbidden);
    check_refused(fx, host_conn, protocol::kick_msg{"p2"}, error::not_found);
    check_refused(fx, host_conn, protocol::kick_msg{"p9"}, error::not_found);

    // The kicked player is not in the roster, the counts or the standings.
    fx.now = 10000;
    out = fx.start();
    fx.answer(ada, 0, pick(0));
    out = fx.answer(cy, 0, pick(0));
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, ada).of == 2);
    out = fx.next();
    const auto board = only_broadcast<protocol::leaderboard_msg>(out);
    REQUIRE(board.top.size() == 2);
    CHECK(board.top[0].id == "p1");
    CHECK(board.top[1].id == "p3");
}

TEST_CASE("kick during a question, of a player who is offline: no kicked frame, still void") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.drop(bob);
    fx.now = 11000;
    const auto out = fx.kick("p2");
    CHECK(sent_to<protocol::kicked_msg>(out, bob).empty());
    CHECK(only_broadcast<protocol::player_left_msg>(out).players == 2);
    check_refused(fx, 22, protocol::rejoin_msg{"ABCDEF", "tok-3"}, error::forbidden);
}

// ===========================================================================
// Rejoin and late joiners
// ===========================================================================

TEST_CASE("rejoin: the same player, their clock kept, answering within the time left") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.deliver(ada, 0, 10100);
    fx.deliver(bob, 0, 10100);
    fx.deliver(cy, 0, 10100);

    fx.now = 11000;
    auto out = fx.drop(ada);
    CHECK(wire(only_broadcast<protocol::player_left_msg>(out, audience::hosts)) ==
          json{{"type", "player_left"}, {"player_id", "p1"}, {"players", 3}, {"gone", false}});
    CHECK(fx.room.member_count() == 3); // still a member, only not connected

    fx.now = 12000;
    out = fx.rejoin(21, "tok-2");
    CHECK(describe(out).at(0) == "send 21 joined");
    CHECK(std::get<game::send_action>(out[0]).id == json("rj"));
    CHECK(wire(only_sent<protocol::joined_msg>(out, 21)) ==
          json::parse(R"({"type": "joined", "player_id": "p1", "token": "tok-2", "name": "Ada",
              "team": null})"));
    const auto state = only_sent<protocol::state_msg>(out, 21);
    CHECK(state.current == phase::question);
    CHECK(state.deadline == 30000);
    REQUIRE(state.question.has_value());
    CHECK(state.question->q == 0);
    REQUIRE(state.you.has_value());
    CHECK(state.you->player_id == "p1");
    CHECK_FALSE(state.you->answered);
    CHECK(wire(only_broadcast<protocol::player_joined_msg>(out, audience::hosts)) ==
          json::parse(R"({"type": "player_joined",
              "player": {"id": "p1", "name": "Ada", "team": null}, "players": 3})"));

    // Even if the question frame is handed over again, the first stamp stands.
    fx.deliver(21, 0, 12010);
    fx.now = 15100;
    CHECK(ack_ms(fx.answer(21, 0, pick(0)), 21) == 5000); // 15100 - 10100
    // The old connection is nobody's.
    check_answer_refused(fx, ada, 0, pick(0), error::forbidden);

    fx.now = 16100;
    fx.answer(bob, 0, pick(0));
    fx.now = 17100;
    out = fx.answer(cy, 0, pick(1));
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, 21).points == 875); // 1000 x (1 - 5000/40000)

    // After a reload in reveal, the score and rank are in `state.you`.
    fx.now = 18000;
    fx.drop(21);
    fx.now = 19000;
    out = fx.rejoin(31, "tok-2");
    const auto again = only_sent<protocol::state_msg>(out, 31);
    CHECK(again.current == phase::reveal);
    REQUIRE(again.you.has_value());
    CHECK(again.you->player_id == "p1");
    CHECK(again.you->score == 875);
    CHECK(again.you->rank == 1);
    REQUIRE(again.reveal.has_value());
    CHECK(again.reveal->q == 0);
}

TEST_CASE("rejoin from a new connection while the old one is open: the old one is closed") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    auto out = fx.rejoin(22, "tok-3");
    CHECK(describe(out) == std::vector<std::string>{"close 12 1000", "send 22 joined",
                                                    "attach 22 player p2", "send 22 state",
                                                    "hosts player_joined", "everyone lobby"});
    CHECK(only_broadcast<protocol::player_joined_msg>(out).players == 3);
    CHECK(fx.room.member_count() == 3);
    // When the old socket's close arrives, nobody has left.
    CHECK(fx.drop(bob).empty());
    // And the old connection's commands are nobody's.
    check_refused(fx, bob, protocol::leave_msg{}, error::forbidden);
}

TEST_CASE("rejoin during a question: host screens get `answers` with the new connected count") {
    // PROTOCOL.md: `answers` {q, answered, connected} to host screens, "at most 5
    // a second, and always once more after the last change".
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    auto out = fx.drop(bob);
    CHECK(wire(only_broadcast<protocol::answers_msg>(out, audience::hosts)) ==
          json{{"type", "answers"}, {"q", 0}, {"answered", 0}, {"connected", 2}});
    fx.now = 12000;
    out = fx.rejoin(22, "tok-3");
    // Sent now, or scheduled for a tick (at most 200 ms later).
    auto answers = broadcast<protocol::answers_msg>(out, audience::hosts);
    if (answers.empty()) {
        out = fx.tick(12000 + game::answers_interval_ms);
        answers = broadcast<protocol::answers_msg>(out, audience::hosts);
    }
    REQUIRE(answers.size() == 1);
    CHECK(wire(answers[0]) ==
          json{{"type", "answers"}, {"q", 0}, {"answered", 0}, {"connected", 3}});
}

TEST_CASE("a late joiner starts at 0, may answer the open question and is timed from its opening") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.deliver(ada, 0, 10000);
    fx.now = 14000;
    auto out = fx.join(dan, "Dan", 50);
    const auto state = only_sent<protocol::state_msg>(out, dan);
    CHECK(state.current == phase::question);
    CHECK(state.deadline == 30000);
    CHECK(state.you->score == 0);
    CHECK(state.players == 4);
    CHECK(only_broadcast<protocol::answers_msg>(out, audience::hosts).connected == 4);

    fx.now = 16050;
    CHECK(ack_ms(fx.answer(dan, 0, pick(0), 50), dan) == 6000); // 16050 - 10000 - 50
}

TEST_CASE("after a reload mid-question, `state.you` says the player answered, and what") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    fx.answer(ada, 0, pick(2));
    fx.drop(ada);
    fx.now = 12000;
    const auto out = fx.rejoin(21, "tok-2");
    const auto state = only_sent<protocol::state_msg>(out, 21);
    REQUIRE(state.you.has_value());
    CHECK(state.you->answered);
    CHECK(state.you->answer == json{{"choice", 2}});
    CHECK(fx.room.phase() == phase::question);
    // Answering again from the new connection is still a duplicate.
    check_answer_refused(fx, 21, 0, pick(0), error::duplicate);
}

TEST_CASE("players may join in reveal and leaderboard, starting at 0") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.answer(ada, 0, pick(0));
    fx.next();
    REQUIRE(fx.room.phase() == phase::reveal);
    auto out = fx.join(dan, "Dan");
    const auto in_reveal = only_sent<protocol::state_msg>(out, dan);
    CHECK(in_reveal.current == phase::reveal);
    CHECK(in_reveal.reveal.has_value());
    CHECK(in_reveal.you->score == 0);
    CHECK(in_reveal.you->rank == 2); // behind Ada, tied with Bob and Cy
    fx.next();
    REQUIRE(fx.room.phase() == phase::leaderboard);
    out = fx.join(15, "Eve");
    CHECK(only_sent<protocol::state_msg>(out, 15).leaderboard.has_value());
    CHECK(fx.room.member_count() == 5);
}

TEST_CASE("a player offline when the question opened is timed from the opening after rejoining") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 9000;
    fx.drop(cy);
    fx.now = 10000;
    fx.start();
    fx.deliver(ada, 0, 10100);
    fx.deliver(bob, 0, 10100);
    fx.now = 13000;
    fx.rejoin(23, "tok-4");
    fx.now = 14000;
    CHECK(ack_ms(fx.answer(23, 0, pick(0)), 23) == 4000);
}

// ===========================================================================
// Pause and resume
// ===========================================================================

TEST_CASE("pause/resume: answers refused while paused, the deadline moves by the pause, paused "
          "time never counts") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    for (conn_id c : {ada, bob, cy}) {
        fx.deliver(c, 0, 10000);
    }

    fx.now = 15000;
    auto out = fx.pause();
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone paused", "timer none"});
    CHECK(persisted_of<game::room_record>(out).at(0).paused);
    CHECK(wire(only_broadcast<protocol::paused_msg>(out)) ==
          json{{"type", "paused"}, {"remaining_ms", 15000}});
    const json paused_state = fx.snapshot()[0];
    CHECK(paused_state["paused"] == true);
    CHECK(paused_state["remaining_ms"] == 15000);
    CHECK_FALSE(paused_state.contains("deadline"));

    fx.now = 16000;
    check_answer_refused(fx, ada, 0, pick(0), error::wrong_phase);
    check_refused(fx, host_conn, protocol::pause_msg{}, error::wrong_phase);
    // The old deadline passes: nothing closes.
    CHECK(fx.tick(30050).empty());
    CHECK(fx.room.phase() == phase::question);

    fx.now = 25000;
    out = fx.resume();
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone resumed", "timer 40050"});
    CHECK(wire(only_broadcast<protocol::resumed_msg>(out)) ==
          json{{"type", "resumed"}, {"deadline", 40000}});
    const json resumed_state = fx.snapshot()[0];
    CHECK(resumed_state["paused"] == false);
    CHECK(resumed_state["deadline"] == 40000);
    CHECK(resumed_state["question"]["deadline"] == 40000);

    fx.now = 27000;
    CHECK(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 7000); // 17000 - 10000 paused
    fx.now = 40000;
    CHECK(ack_ms(fx.answer(bob, 0, pick(0)), bob) == 20000); // in time at the moved deadline
    fx.now = 40001;
    check_answer_refused(fx, cy, 0, pick(0), error::late);

    CHECK(fx.tick(40049).empty());
    out = fx.tick(40050);
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, ada).points == 825); // 1000 x (1 - 7000/40000)
    CHECK(only_sent<protocol::result_msg>(out, bob).points == 500);
}

TEST_CASE("pause twice in one question: both pauses are left out") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.deliver(ada, 0, 10000);
    fx.now = 11000;
    fx.pause();
    fx.now = 13000;
    CHECK(only_broadcast<protocol::resumed_msg>(fx.resume()).deadline == 32000);
    fx.now = 14000;
    CHECK(only_broadcast<protocol::paused_msg>(fx.pause()).remaining_ms == 18000);
    fx.now = 20000;
    CHECK(only_broadcast<protocol::resumed_msg>(fx.resume()).deadline == 38000);
    fx.now = 21000;
    CHECK(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 3000); // 11000 - 8000 paused
}

TEST_CASE("pause: a player whose question frame goes out during the pause is timed from the "
          "resume") {
    // PROTOCOL.md: "from the moment the `question` frame was first handed to
    // that player's socket ... to the moment the answer frame was read", and
    // "every player's clock stands still (paused time never counts in `ms`)".
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    fx.pause();
    fx.deliver(ada, 0, 12000); // a slow socket: the frame leaves during the pause
    fx.now = 20000;
    fx.resume();
    fx.now = 22000;
    CHECK(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 2000); // 22000 - 20000
}

TEST_CASE("while paused, `next` closes the question and `end` goes to the podium") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.deliver(ada, 0, 10000);
    fx.now = 12000;
    fx.answer(ada, 0, pick(0));
    fx.now = 13000;
    fx.pause();
    fx.now = 20000;
    auto out = fx.next(0, phase::question);
    CHECK(fx.room.phase() == phase::reveal);
    CHECK(only_sent<protocol::result_msg>(out, ada).points == 950);
    CHECK(fx.snapshot()[0]["paused"] == false);

    fx.next();
    fx.next();
    REQUIRE(fx.room.phase() == phase::question);
    fx.pause();
    out = fx.end();
    CHECK(fx.room.phase() == phase::podium);
    CHECK(only_broadcast<protocol::podium_msg>(out).top.at(0).score == 950);
}

// ===========================================================================
// Ending
// ===========================================================================

TEST_CASE("end mid-question: acknowledged answers are scored, the podium follows, then "
          "ended/host_ended") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 12000;
    CHECK(ack_ms(fx.answer(ada, 0, pick(0)), ada) == 2000);
    fx.now = 13000;
    auto out = fx.end();
    CHECK(fx.room.phase() == phase::podium);
    const auto podium = only_broadcast<protocol::podium_msg>(out);
    REQUIRE(podium.top.size() == 3);
    CHECK(podium.top[0].id == "p1");
    CHECK(podium.top[0].score == 950);
    CHECK(podium.top[0].rank == 1);
    CHECK(podium.top[1].rank == 2);
    CHECK(podium.top[2].rank == 2);
    // The score is stored before anyone sees the podium.
    CHECK(persist_of_player(out, "p1") < index_of<protocol::podium_msg>(out));
    CHECK(persist_of_room(out) < index_of<protocol::podium_msg>(out));
    CHECK(phase_broadcasts(out).back() == "podium");

    fx.now = 14000;
    out = fx.next(std::nullopt, phase::podium);
    CHECK(wire(only_broadcast<protocol::ended_msg>(out)) ==
          json{{"type", "ended"}, {"reason", "host_ended"}});
    CHECK(fx.room.phase() == phase::ended);
}

TEST_CASE("end from the lobby or the podium") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    auto out = fx.end();
    CHECK(describe(out) == std::vector<std::string>{"persist room", "everyone podium",
                                                    "send 11 recap", "send 12 recap",
                                                    "send 13 recap"});
    CHECK(fx.room.phase() == phase::podium);
    // `end` again on the podium ends the game at once.
    out = fx.end();
    CHECK(only_broadcast<protocol::ended_msg>(out).reason == "host_ended");
    CHECK(fx.room.phase() == phase::ended);
    CHECK(std::holds_alternative<game::ended_action>(out.back()));
}

TEST_CASE("nobody at all for 10 minutes: ended/expired") {
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.now = 5000;
    fx.drop(ada);
    fx.now = 6000;
    CHECK(describe(fx.drop(host_conn)) ==
          std::vector<std::string>{"timer " + std::to_string(6000 + game::idle_expiry_ms)});

    // Someone comes back: the clock stops; they leave again: it restarts.
    fx.now = 300000;
    CHECK(describe(fx.command(2, protocol::host_msg{"ABCDEF", "tok-1"})) ==
          std::vector<std::string>{"attach 2 host", "send 2 state", "timer none"});
    fx.now = 400000;
    CHECK(describe(fx.drop(2)) == std::vector<std::string>{"timer 1000000"});

    CHECK(fx.tick(999999).empty());
    CHECK(fx.room.phase() == phase::lobby);
    const auto out = fx.tick(1000000);
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone ended", "ended", "timer none"});
    CHECK(only_broadcast<protocol::ended_msg>(out).reason == "expired");
    CHECK(fx.room.phase() == phase::ended);
}

TEST_CASE("a connected player alone keeps the room alive") {
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.now = 3000;
    CHECK(fx.drop(host_conn).empty());
    CHECK(fx.tick(3000 + game::idle_expiry_ms + 1).empty());
    CHECK(fx.room.phase() == phase::lobby);
}

// ===========================================================================
// Auto-advance
// ===========================================================================

TEST_CASE("auto_advance: reveal -> leaderboard -> next question -> ... -> ended on ticks") {
    protocol::create_options o;
    o.auto_advance = true;
    o.reveal_s = 3;
    o.leaderboard_s = 4;
    o.podium_s = 6;
    o.count = 2;
    fixture fx(settings_for("three", o));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    auto out = fx.answer(ada, 0, pick(0));
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(describe(out).back() == "timer 14000");

    CHECK(fx.tick(13999).empty());
    out = fx.tick(14000);
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone leaderboard", "timer 18000"});
    CHECK(fx.tick(17999).empty());
    out = fx.tick(18000);
    CHECK(describe(out) ==
          std::vector<std::string>{"persist room", "everyone question", "timer 38050"});
    CHECK(only_broadcast<protocol::question_msg>(out).q == 1);

    // The last question runs to its deadline, then the final standings and the podium.
    out = fx.tick(38050);
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(describe(out).back() == "timer 41050");
    out = fx.tick(41050);
    CHECK(fx.room.phase() == phase::leaderboard);
    CHECK(describe(out).back() == "timer 45050");
    out = fx.tick(45050);
    CHECK(fx.room.phase() == phase::podium);
    CHECK(describe(out).back() == "timer 51050");
    CHECK(fx.tick(51049).empty());
    out = fx.tick(51050);
    CHECK(only_broadcast<protocol::ended_msg>(out).reason == "finished");
    CHECK(fx.room.phase() == phase::ended);
}

TEST_CASE("without auto_advance the room waits for the host after the reveal") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.tick(30050);
    REQUIRE(fx.room.phase() == phase::reveal);
    CHECK(fx.tick(30050 + 5000).empty());
    CHECK(fx.tick(30050 + 60000).empty());
    CHECK(fx.room.phase() == phase::reveal);
}

// ===========================================================================
// Streaks, partial credit and polls
// ===========================================================================

namespace {

/// Plays every question of the room with Ada alone, answering `choices[i]`
/// at the opening (ms 0), and returns her results.
std::vector<protocol::result_msg> play_alone(fixture& fx,
                                             const std::vector<protocol::answer_value>& answers) {
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.now = 10000;
    fx.start();
    std::vector<protocol::result_msg> results;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto out = fx.answer(ada, static_cast<int>(i), answers[i]);
        REQUIRE(fx.room.phase() == phase::reveal);
        results.push_back(only_sent<protocol::result_msg>(out, ada));
        fx.next();
        fx.next();
    }
    return results;
}

} // namespace

TEST_CASE("streak: +100 per consecutive correct answer after the first, capped at 500, reset by "
          "a wrong answer") {
    auto s = settings_for("three");
    const auto three = s.questions;
    s.questions.clear();
    for (int i = 0; i < 3; ++i) {
        s.questions.insert(s.questions.end(), three.begin(), three.end());
    }
    s.scoring = game::scoring_mode::accuracy;
    fixture fx(std::move(s));
    // Answers 0,1,2 repeat; the eighth answer (q 7, right answer 1) is wrong.
    const auto results = play_alone(
        fx, {pick(0), pick(1), pick(2), pick(0), pick(1), pick(2), pick(0), pick(0), pick(2)});
    std::vector<int> points;
    std::vector<int> streaks;
    for (const auto& r : results) {
        points.push_back(r.points);
        streaks.push_back(r.streak);
    }
    CHECK(points == std::vector<int>{1000, 1100, 1200, 1300, 1400, 1500, 1500, 0, 1000});
    CHECK(streaks == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 0, 1});
    CHECK(results.back().score == 10000);
}

TEST_CASE("streak_bonus off: points only") {
    protocol::create_options o;
    o.streak_bonus = false;
    o.scoring = "accuracy";
    fixture fx(settings_for("three", o));
    const auto results = play_alone(fx, {pick(0), pick(1), pick(2)});
    CHECK(results[2].points == 1000);
    CHECK(results[2].streak == 3);
    CHECK(results[2].score == 3000);
}

TEST_CASE("partial credit: points times the fraction, `correct` is the fraction, the streak "
          "resets") {
    auto s = settings_for("mini");
    const auto& qs = test_deck("mini").questions;
    s.questions = {qs[0], qs[2], qs[0], qs[2]}; // choice (1), multi ([0, 2])
    fixture fx(std::move(s));
    const auto results = play_alone(fx, {pick(1), picks({0}), pick(1), picks({0, 2})});
    CHECK(wire(results[1]) == json::parse(R"({"type": "result", "q": 1, "correct": 0.5,
        "points": 500, "streak": 0, "score": 1500, "rank": 1, "of": 1})"));
    CHECK(results[2].points == 1000); // streak 1 again: no bonus
    CHECK(results[2].streak == 1);
    CHECK(results[3].correct == json(true));
    CHECK(results[3].points == 1100);
    CHECK(results[3].streak == 2);
}

TEST_CASE("poll: no points, `correct` null everywhere, streaks left alone") {
    auto s = settings_for("mini");
    const auto& qs = test_deck("mini").questions;
    s.questions = {qs[0], qs[4], qs[0]}; // choice (1), poll, choice (1)
    s.scoring = game::scoring_mode::accuracy;
    fixture fx(std::move(s));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.answer(ada, 0, pick(1));
    fx.answer(bob, 0, pick(1));
    fx.answer(cy, 0, pick(0));
    fx.next();
    fx.next();
    REQUIRE(fx.room.phase() == phase::question);

    fx.answer(ada, 1, pick(2));
    fx.answer(cy, 1, pick(2));
    auto out = fx.next(1, phase::question); // Bob does not answer the poll
    const auto reveal = only_broadcast<protocol::reveal_msg>(out);
    CHECK(reveal.correct.is_null());
    CHECK(reveal.distribution == std::vector<int>{0, 0, 2});
    CHECK(reveal.answered == 2);
    CHECK(reveal.correct_count == 0);
    for (conn_id c : {ada, bob, cy}) {
        const auto r = only_sent<protocol::result_msg>(out, c);
        CHECK(r.correct.is_null());
        CHECK(r.points == 0);
    }
    CHECK(only_sent<protocol::result_msg>(out, ada).streak == 1);
    CHECK(only_sent<protocol::result_msg>(out, bob).streak == 1);
    CHECK(only_sent<protocol::result_msg>(out, cy).streak == 0);
    fx.next();
    fx.next();
    fx.answer(ada, 2, pick(1));
    fx.answer(bob, 2, pick(1));
    out = fx.answer(cy, 2, pick(1));
    CHECK(only_sent<protocol::result_msg>(out, ada).points == 1100);
    CHECK(only_sent<protocol::result_msg>(out, ada).streak == 2);
    CHECK(only_sent<protocol::result_msg>(out, bob).points == 1100);
    CHECK(only_sent<protocol::result_msg>(out, cy).points == 1000);
}

TEST_CASE("text question: the frame never carries the accepted answers; the reveal lists them") {
    auto s = settings_for("mini");
    s.questions = {test_deck("mini").questions[3]};
    fixture fx(std::move(s));
    fill_lobby(fx);
    fx.now = 10000;
    auto out = fx.start();
    const json question = wire(only_broadcast<protocol::question_msg>(out));
    CHECK_FALSE(question.contains("accepted"));
    CHECK_FALSE(question.contains("answer"));
    CHECK_FALSE(question.contains("explanation"));
    CHECK_FALSE(question.contains("choices"));
    CHECK(question.dump().find("Paris") == std::string::npos);

    fx.answer(ada, 0, typed("city of  PARIS"));
    fx.answer(bob, 0, typed("Lyon"));
    out = fx.answer(cy, 0, typed("paris"));
    CHECK(wire(only_broadcast<protocol::reveal_msg>(out)) ==
          json::parse(R"({"type": "reveal", "q": 0, "correct": {"text": ["Paris", "City of Paris"]},
              "answered": 3, "correct_count": 2,
              "explanation": "Paris has been the capital of France for most of its history."})"));
    CHECK(only_sent<protocol::result_msg>(out, ada).correct == json(true));
    CHECK(only_sent<protocol::result_msg>(out, bob).correct == json(false));
}

TEST_CASE("teams: chosen or balanced; team score is the rounded average of its members") {
    protocol::create_options o;
    o.teams = std::vector<std::string>{"Red", "Blue", "Green"};
    o.scoring = "accuracy";
    fixture fx(settings_for("three", o));
    fx.open();
    fx.now = 2000;
    auto out = fx.command(ada, protocol::join_msg{"ABCDEF", "Ada", "Red"});
    CHECK(only_sent<protocol::joined_msg>(out, ada).team == "Red");
    CHECK(only_broadcast<protocol::player_joined_msg>(out).player.team == "Red");
    fx.command(bob, protocol::join_msg{"ABCDEF", "Bob", "Red"});
    fx.command(dan, protocol::join_msg{"ABCDEF", "Dan", "Red"});
    out = fx.command(cy, protocol::join_msg{"ABCDEF", "Cy", std::nullopt});
    CHECK(only_sent<protocol::joined_msg>(out, cy).team == "Blue"); // the smallest team
    check_refused(fx, 15, protocol::join_msg{"ABCDEF", "Eve", "Purple"}, error::bad_message);

    fx.now = 10000;
    fx.start();
    fx.answer(ada, 0, pick(0));
    fx.answer(bob, 0, pick(1));
    fx.answer(dan, 0, pick(0));
    fx.answer(cy, 0, pick(0));
    out = fx.next();
    // Red: (1000 + 0 + 1000) / 3 = 666.7 -> 667. Green has nobody: not listed.
    CHECK(wire(only_broadcast<protocol::leaderboard_msg>(out))["teams"] ==
          json::parse(R"([{"name": "Blue", "score": 1000, "rank": 1},
                          {"name": "Red", "score": 667, "rank": 2}])"));
}

TEST_CASE("poll answers are acknowledged and stored without credit") {
    auto s = settings_for("mini");
    s.questions = {test_deck("mini").questions[4]};
    fixture fx(std::move(s));
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada");
    fx.join(bob, "Bob");
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    const auto out = fx.answer(ada, 0, pick(0));
    CHECK(ack_ms(out, ada) == 1000);
    const auto rec = persisted_of<game::answer_record>(out);
    REQUIRE(rec.size() == 1);
    CHECK_FALSE(rec[0].credit.has_value());
    CHECK(rec[0].points == 0);
    check_answer_refused(fx, bob, 0, pick(3), error::bad_answer);
}

// ===========================================================================
// Throttled broadcasts
// ===========================================================================

TEST_CASE("lobby: at most one per 250 ms, and one more after the last change") {
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    auto out = fx.join(ada, "Ada");
    CHECK(only_broadcast<protocol::lobby_msg>(out, audience::everyone).players == 1);

    fx.now = 2100;
    out = fx.join(bob, "Bob");
    CHECK(broadcast<protocol::lobby_msg>(out).empty());
    CHECK(describe(out).back() == "timer 2250");
    fx.now = 2200;
    out = fx.join(cy, "Cy");
    CHECK(broadcast<protocol::lobby_msg>(out).empty());
    CHECK(describe(out).back() != "timer 2250"); // already asked for

    CHECK(fx.tick(2249).empty());
    out = fx.tick(2250);
    CHECK(describe(out) == std::vector<std::string>{"everyone lobby", "timer none"});
    CHECK(wire(only_broadcast<protocol::lobby_msg>(out)) ==
          json{{"type", "lobby"}, {"players", 3}, {"connected", 3}});

    // A change 50 ms after that lobby waits until 250 ms have passed.
    fx.now = 2300;
    out = fx.drop(cy);
    CHECK(broadcast<protocol::lobby_msg>(out).empty());
    CHECK(describe(out).back() == "timer 2500");
    out = fx.tick(2500);
    CHECK(wire(only_broadcast<protocol::lobby_msg>(out)) ==
          json{{"type", "lobby"}, {"players", 3}, {"connected", 2}});
    CHECK(fx.tick(2800).empty()); // nothing changed since

    // A change long after the last lobby goes out at once.
    fx.now = 9000;
    out = fx.rejoin(23, "tok-4");
    CHECK(only_broadcast<protocol::lobby_msg>(out).connected == 3);
}

TEST_CASE("host screens receive `lobby` too: everything players receive except `result`") {
    // PROTOCOL.md, "Details that clients rely on": "Host screens receive
    // everything players receive except `result`, plus `player_joined`,
    // `player_left` and `answers`."
    fixture fx(settings_for("three"));
    fx.open();
    fx.now = 2000;
    const auto out = fx.join(ada, "Ada");
    REQUIRE(broadcast<protocol::lobby_msg>(out).size() == 1);
    CHECK(broadcast<protocol::lobby_msg>(out, audience::everyone).size() == 1);
}

TEST_CASE("answers: to host screens, at most one per 200 ms, the final count before the reveal") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    fx.now = 11000;
    auto out = fx.answer(ada, 0, pick(0));
    CHECK(wire(only_broadcast<protocol::answers_msg>(out, audience::hosts)) ==
          json{{"type", "answers"}, {"q", 0}, {"answered", 1}, {"connected", 3}});

    fx.now = 11100;
    out = fx.answer(bob, 0, pick(0));
    CHECK(broadcast<protocol::answers_msg>(out).empty());
    CHECK(describe(out).back() == "timer 11200");
    CHECK(fx.tick(11199).empty());
    out = fx.tick(11200);
    CHECK(describe(out) == std::vector<std::string>{"hosts answers", "timer 30050"});
    CHECK(only_broadcast<protocol::answers_msg>(out).answered == 2);

    // The last answer comes 100 ms later: the count still precedes the reveal.
    fx.now = 11300;
    out = fx.answer(cy, 0, pick(0));
    const auto answers = broadcast<protocol::answers_msg>(out, audience::hosts);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].answered == 3);
    CHECK(index_of<protocol::answer_ack_msg>(out) < index_of<protocol::answers_msg>(out));
    CHECK(index_of<protocol::answers_msg>(out) < index_of<protocol::reveal_msg>(out));

    // A new question starts a new count at once.
    fx.next();
    out = fx.next();
    REQUIRE(fx.room.phase() == phase::question);
    out = fx.answer(ada, 1, pick(1));
    CHECK(wire(only_broadcast<protocol::answers_msg>(out)) ==
          json{{"type", "answers"}, {"q", 1}, {"answered", 1}, {"connected", 3}});
}

// ===========================================================================
// Ordering: a persist is a barrier before what it guards
// ===========================================================================

TEST_CASE("ordering: every persist precedes the frames that report its change") {
    fixture fx(settings_for("three"));
    auto out = fx.open();
    CHECK(persist_of_room(out) < index_of<protocol::created_msg>(out));

    fx.now = 2000;
    out = fx.join(ada, "Ada");
    CHECK(persist_of_player(out, "p1") < index_of<protocol::joined_msg>(out));
    CHECK(persist_of_player(out, "p1") < index_of<protocol::player_joined_msg>(out));
    fx.now = 3000;
    fx.join(bob, "Bob");

    fx.now = 10000;
    out = fx.start();
    CHECK(persist_of_room(out) < index_of<protocol::question_msg>(out));

    fx.now = 11000;
    out = fx.answer(ada, 0, pick(0));
    CHECK(persist_of_answer(out, "p1") < index_of<protocol::answer_ack_msg>(out));
    CHECK(persist_of_answer(out, "p1") < index_of<protocol::answers_msg>(out));

    fx.now = 12000;
    out = fx.answer(bob, 0, pick(1));
    const std::size_t reveal = index_of<protocol::reveal_msg>(out);
    REQUIRE(reveal < out.size());
    CHECK(persist_of_answer(out, "p2") < index_of<protocol::answer_ack_msg>(out));
    CHECK(index_of<protocol::answer_ack_msg>(out) < reveal);
    CHECK(persist_of_player(out, "p1") < reveal);
    CHECK(persist_of_player(out, "p2") < reveal);
    CHECK(persist_of_room(out) < reveal);
    // Results come after the reveal.
    CHECK(reveal < index_of<protocol::result_msg>(out));
    const auto stored = persisted_of<game::player_record>(out);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].score == 975);
    CHECK(stored[1].score == 0);
    CHECK(persisted_of<game::room_record>(out).back().phase == phase::reveal);

    fx.now = 13000;
    out = fx.next();
    CHECK(persist_of_room(out) < index_of<protocol::leaderboard_msg>(out));
    fx.now = 14000;
    out = fx.next();
    CHECK(persist_of_room(out) < index_of<protocol::question_msg>(out));
    fx.now = 15000;
    out = fx.pause();
    CHECK(persist_of_room(out) < index_of<protocol::paused_msg>(out));
    out = fx.resume();
    CHECK(persist_of_room(out) < index_of<protocol::resumed_msg>(out));
    out = fx.kick("p2");
    CHECK(persist_of_player(out, "p2") < index_of<protocol::kicked_msg>(out));
    CHECK(persist_of_player(out, "p2") < index_of<protocol::player_left_msg>(out));
    out = fx.end();
    CHECK(persist_of_room(out) < index_of<protocol::podium_msg>(out));
    out = fx.next();
    CHECK(persist_of_room(out) < index_of<protocol::ended_msg>(out));
}

// ===========================================================================
// Commands that do not belong to this server version or this room
// ===========================================================================

TEST_CASE("interview-mode and open-question commands are refused without effect") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 10000;
    fx.start();
    check_refused(fx, ada, protocol::rate_msg{"p2", 5}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::candidate_msg{"p2"}, error::wrong_phase);
    check_refused(fx, host_conn, protocol::override_msg{"p2", 0, 1.0}, error::wrong_phase);
}

TEST_CASE("a connection that already belongs to the room cannot join or host again") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    check_refused(fx, ada, protocol::join_msg{"ABCDEF", "Ada2", std::nullopt}, error::bad_message);
    check_refused(fx, host_conn, protocol::join_msg{"ABCDEF", "Hostess", std::nullopt},
                  error::bad_message);
    check_refused(fx, ada, protocol::host_msg{"ABCDEF", "tok-1"}, error::bad_message);
    check_refused(fx, bob, protocol::rejoin_msg{"ABCDEF", "tok-2"}, error::bad_message);
    check_refused(fx, host_conn, protocol::rejoin_msg{"ABCDEF", "tok-2"}, error::bad_message);
}

TEST_CASE("no joins once the podium is shown") {
    fixture fx(settings_for("three"));
    fill_lobby(fx);
    fx.now = 5000;
    fx.end();
    REQUIRE(fx.room.phase() == phase::podium);
    check_refused(fx, dan, protocol::join_msg{"ABCDEF", "Dan", std::nullopt}, error::wrong_phase);
}
