// The same tests against both backends: what a room writes is what a restart
// reads, writes are absolute (a repeat changes nothing), and leagues add up.

#include "tests/store/backends.hpp"
#include "tests/store/records.hpp"

#include <doctest/doctest.h>

using namespace quizroom;
using namespace quizroom::store_tests;
using protocol::phase;

TEST_CASE_TEMPLATE("a room, its players and answers read back as written", B, memory_backend,
                   redis_backend) {
    B b;
    REQUIRE(commit_and_wait(b.store(), {room_rec("KQ4RT7", phase::question, 1),
                                        player_rec("KQ4RT7", "p1", 1400),
                                        player_rec("KQ4RT7", "p2", 0)}) == true);
    REQUIRE(commit_and_wait(b.store(), {answer_rec("KQ4RT7", 0, "p1", 800),
                                        answer_rec("KQ4RT7", 1, "p1", 600)}) == true);

    const auto stored = b.read("KQ4RT7");
    REQUIRE(stored.has_value());
    CHECK(stored->room.phase == phase::question);
    CHECK(stored->room.q == 1);
    CHECK(stored->room.seed == 42);
    CHECK(stored->room.game_id == "game-KQ4RT7");
    CHECK(stored->room.deadline == 1'700'000'020'500);
    CHECK(stored->room.host_token_hash == "h:host-KQ4RT7");
    CHECK(stored->room.options == nlohmann::json{{"count", 3}});
    REQUIRE(stored->players.size() == 2);
    int total = 0;
    for (const auto& p : stored->players) {
        total += p.score;
        CHECK(p.streak == 1);
        CHECK(p.total_ms == 1200);
    }
    CHECK(total == 1400);
    REQUIRE(stored->answers.size() == 2);
    for (const auto& a : stored->answers) {
        CHECK(a.player_id == "p1");
        CHECK(a.answer == nlohmann::json{{"choice", 1}});
        CHECK(a.points == (a.q == 0 ? 800 : 600));
        CHECK(a.streak_after == 1);
    }
    CHECK(b.has_session("h:KQ4RT7-p1"));
}

TEST_CASE_TEMPLATE("the last write of a key wins, and a repeated batch counts once", B,
                   memory_backend, redis_backend) {
    B b;
    const std::vector<game::record> batch{room_rec("M2N3P4", phase::reveal, 0),
                                          player_rec("M2N3P4", "p1", 500),
                                          answer_rec("M2N3P4", 0, "p1", 500)};
    REQUIRE(commit_and_wait(b.store(), batch) == true);
    REQUIRE(commit_and_wait(b.store(), batch) == true);
    REQUIRE(commit_and_wait(b.store(), {player_rec("M2N3P4", "p1", 1300)}) == true);

    const auto stored = b.read("M2N3P4");
    REQUIRE(stored.has_value());
    REQUIRE(stored->players.size() == 1);
    CHECK(stored->players[0].score == 1300);
    CHECK(stored->answers.size() == 1);
}

TEST_CASE_TEMPLATE("a kicked player's session is void", B, memory_backend, redis_backend) {
    B b;
    REQUIRE(commit_and_wait(b.store(), {room_rec("W8X9Y2", phase::lobby, -1),
                                        player_rec("W8X9Y2", "p1", 0)}) == true);
    CHECK(b.has_session("h:W8X9Y2-p1"));
    REQUIRE(commit_and_wait(b.store(),
                            {player_rec("W8X9Y2", "p1", 0, game::player_status::kicked)}) == true);
    CHECK_FALSE(b.has_session("h:W8X9Y2-p1"));
    const auto stored = b.read("W8X9Y2");
    REQUIRE(stored.has_value());
    REQUIRE(stored->players.size() == 1);
    CHECK(stored->players[0].status == game::player_status::kicked);
}

TEST_CASE_TEMPLATE("a league adds up finished games, each counted once", B, memory_backend,
                   redis_backend) {
    B b;
    REQUIRE(commit_and_wait(b.store(), {league_rec("week", "g1", 3000, 1000)}) == true);
    REQUIRE(commit_and_wait(b.store(), {league_rec("week", "g2", 500, 4000)}) == true);
    // The same game stored again (a resent batch) does not count twice.
    REQUIRE(commit_and_wait(b.store(), {league_rec("week", "g2", 500, 4000)}) == true);

    const auto table = league_of(b.store(), "week");
    REQUIRE(table.has_value());
    REQUIRE(table->players.size() == 2);
    CHECK(table->players[0].name == "Bob");
    CHECK(table->players[0].total == 5000);
    CHECK(table->players[0].games == 2);
    CHECK(table->players[0].rank == 1);
    CHECK(table->players[1].name == "Ada");
    CHECK(table->players[1].total == 3500);
    CHECK(table->players[1].rank == 2);
    REQUIRE(table->teams.size() == 2);
    CHECK(table->teams[0].name == "blue");
    CHECK(table->teams[0].total == 5000);

    const auto none = league_of(b.store(), "nobody-played");
    REQUIRE(none.has_value());
    CHECK(none->players.empty());
    CHECK(none->teams.empty());
}

TEST_CASE_TEMPLATE("tied league totals share a rank", B, memory_backend, redis_backend) {
    B b;
    REQUIRE(commit_and_wait(b.store(), {league_rec("tie", "g1", 700, 700)}) == true);
    const auto table = league_of(b.store(), "tie");
    REQUIRE(table.has_value());
    REQUIRE(table->players.size() == 2);
    CHECK(table->players[0].rank == 1);
    CHECK(table->players[1].rank == 1);
    CHECK(table->players[0].name == "Ada");
}

TEST_CASE_TEMPLATE("a game's report reads back by its room code; the code's latest game wins", B,
                   memory_backend, redis_backend) {
    B b;
    const auto none = report_of(b.store(), "RPT234");
    REQUIRE(none.has_value());
    CHECK(none->readable);
    CHECK_FALSE(none->report.has_value());

    const auto written = report_rec("RPT234", "game-1");
    REQUIRE(commit_and_wait(b.store(), {room_rec("RPT234", phase::podium, 0), written}) == true);
    auto found = report_of(b.store(), "RPT234");
    REQUIRE(found.has_value());
    REQUIRE(found->report.has_value());
    CHECK(found->report->code == "RPT234");
    CHECK(found->report->game_id == "game-1");
    CHECK(found->report->host_token_hash == "h:host-RPT234");
    CHECK(game::to_json(found->report->report) == game::to_json(written.report));

    // The code is reused by a later game: its report is the one found.
    REQUIRE(commit_and_wait(b.store(), {report_rec("RPT234", "game-2")}) == true);
    found = report_of(b.store(), "RPT234");
    REQUIRE(found.has_value());
    REQUIRE(found->report.has_value());
    CHECK(found->report->game_id == "game-2");
}

TEST_CASE_TEMPLATE("erasing a room deletes its records, sessions and report at once", B,
                   memory_backend, redis_backend) {
    B b;
    REQUIRE(commit_and_wait(
                b.store(), {room_rec("DEL234", phase::question, 1), player_rec("DEL234", "p1", 900),
                            player_rec("DEL234", "p2", 0), answer_rec("DEL234", 0, "p1", 900),
                            answer_rec("DEL234", 1, "p2", 0)}) == true);
    REQUIRE(commit_and_wait(b.store(), {report_rec("DEL234", "game-DEL234")}) == true);
    REQUIRE(commit_and_wait(b.store(), {room_rec("KEEP23", phase::question, 0),
                                        player_rec("KEEP23", "p1", 100),
                                        report_rec("KEEP23", "game-KEEP23")}) == true);
    REQUIRE(b.read("DEL234").has_value());

    CHECK(erase_and_wait(b.store(), "DEL234", "game-DEL234") == true);
    CHECK_FALSE(b.read("DEL234").has_value());
    CHECK_FALSE(b.has_session("h:DEL234-p1"));
    CHECK_FALSE(b.has_session("h:DEL234-p2"));
    const auto gone = report_of(b.store(), "DEL234");
    REQUIRE(gone.has_value());
    CHECK_FALSE(gone->report.has_value());

    // Another room keeps everything.
    const auto kept = b.read("KEEP23");
    REQUIRE(kept.has_value());
    CHECK(kept->players.size() == 1);
    CHECK(b.has_session("h:KEEP23-p1"));
    CHECK(report_of(b.store(), "KEEP23")->report.has_value());

    // Erasing what is not there is no failure.
    CHECK(erase_and_wait(b.store(), "DEL234", "game-DEL234") == true);
}

TEST_CASE_TEMPLATE("erasing a room leaves the report of another game under the same code", B,
                   memory_backend, redis_backend) {
    B b;
    REQUIRE(commit_and_wait(b.store(), {report_rec("OLD234", "game-old")}) == true);
    REQUIRE(commit_and_wait(b.store(), {room_rec("OLD234", phase::lobby, -1)}) == true);
    CHECK(erase_and_wait(b.store(), "OLD234", "game-new") == true);
    const auto found = report_of(b.store(), "OLD234");
    REQUIRE(found.has_value());
    REQUIRE(found->report.has_value());
    CHECK(found->report->game_id == "game-old");
}
