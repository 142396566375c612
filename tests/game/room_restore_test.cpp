// A room rebuilt from its stored records, as after `kill -9` of the server:
// every persist action is folded into a stored_room the way a store keeps
// records (the last write of each key wins), the room is dropped and
// restored from that alone, and the test goes on through events and actions.

#include "game/room.hpp"
#include "protocol/codec.hpp"
#include "tests/game/fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

using namespace quizroom;
using namespace quizroom::game_tests;
using game::conn_id;
using nlohmann::json;
using protocol::epoch_ms;
using protocol::error;
using protocol::phase;

namespace {

using actions = std::vector<game::action>;

const game::deck& three() {
    return test_deck("three");
}

const game::deck& bundled() {
    return deck_at(std::string(QUIZROOM_QUIZZES) + "/backend-interview.json");
}

game::room_settings settings_for(const game::deck& d, protocol::create_options o = {},
                                 std::uint64_t seed = 1) {
    auto made = game::make_room_settings(d, o, seed);
    REQUIRE(std::holds_alternative<game::room_settings>(made));
    return std::get<game::room_settings>(std::move(made));
}

protocol::answer_value pick(int i) {
    return protocol::choice_answer{i};
}

/// What a store keeps of one room: the last write of each key wins. League
/// records are kept apart, in order, to count them.
struct fake_store {
    game::stored_room stored;
    std::vector<game::league_record> leagues;
    /// Each persist action's records, as the store received them together.
    std::vector<std::vector<game::record>> batches;

    void keep(const actions& out) {
        for (const auto& a : out) {
            if (const auto* p = std::get_if<game::persist_action>(&a)) {
                batches.push_back(p->records);
                for (const auto& r : p->records) {
                    std::visit([this](const auto& x) { put(x); }, r);
                }
            }
        }
    }

    void put(const game::room_record& r) { stored.room = r; }
    void put(const game::player_record& r) {
        const auto it = std::find_if(stored.players.begin(), stored.players.end(),
                                     [&](const auto& p) { return p.player_id == r.player_id; });
        if (it != stored.players.end()) {
            *it = r;
        } else {
            stored.players.push_back(r);
        }
    }
    void put(const game::answer_record& r) {
        const auto it =
            std::find_if(stored.answers.begin(), stored.answers.end(),
                         [&](const auto& a) { return a.q == r.q && a.player_id == r.player_id; });
        if (it != stored.answers.end()) {
            *it = r;
        } else {
            stored.answers.push_back(r);
        }
    }
    void put(const game::league_record& r) { leagues.push_back(r); }
    void put(const game::report_record&) {} // kept apart from the room (report_test.cpp)
    void put(const game::deck_record&) { FAIL("a room stored a deck"); }
};

/// One room behind a fake store, and a clock the test drives by hand. The
/// room can be killed and restored from what the store holds. Not movable:
/// the room keeps a reference to the secrets.
struct server {
    fake_secrets secrets;
    const game::deck& deck;
    std::optional<game::room> room;
    fake_store store;
    epoch_ms now = 1000;
    std::map<conn_id, std::string> token; ///< from `joined`, by the joining connection

    explicit server(const game::deck& d, protocol::create_options o = {}, std::uint64_t seed = 1)
        : deck(d) {
        room.emplace("ABCDEF", settings_for(d, std::move(o), seed), secrets);
    }
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    actions handle(const game::event& e) {
        auto out = room->handle(e, now);
        store.keep(out);
        return out;
    }
    actions open() { return handle(game::open_event{host_conn, json("c")}); }
    actions command(conn_id conn, protocol::client_message m, std::int64_t rtt = 0) {
        return handle(game::command_event{conn, std::move(m), json("r"), now, rtt});
    }
    actions join(conn_id conn, const std::string& name,
                 std::optional<std::string> team = std::nullopt) {
        auto out = command(conn, protocol::join_msg{"ABCDEF", name, std::move(team)});
        for (const auto& a : out) {
            if (const auto* s = std::get_if<game::send_action>(&a); s && s->conn == conn) {
                if (const auto* j = std::get_if<protocol::joined_msg>(&s->message)) {
                    token[conn] = j->token;
                }
            }
        }
        return out;
    }
    actions rejoin(conn_id conn, const std::string& tok) {
        return command(conn, protocol::rejoin_msg{"ABCDEF", tok});
    }
    actions host(conn_id conn, const std::string& tok = "tok-1") {
        return command(conn, protocol::host_msg{"ABCDEF", tok});
    }
    actions answer(conn_id conn, int q, protocol::answer_value v) {
        return command(conn, protocol::answer_msg{q, std::move(v)});
    }
    actions start(conn_id h = host_conn) { return command(h, protocol::start_msg{}); }
    actions next(conn_id h = host_conn) { return command(h, protocol::next_msg{}); }
    actions tick(epoch_ms at) {
        now = at;
        return handle(game::tick_event{});
    }

    /// The server dies; `downtime` later the room is rebuilt from the store
    /// alone. Connections of before are gone; the secrets (a CSPRNG in
    /// production) go on issuing fresh tokens.
    void restart(std::int64_t downtime) {
        room.reset();
        now += downtime;
        auto settings = game::restore_room_settings(deck, store.stored.room);
        REQUIRE(std::holds_alternative<game::room_settings>(settings));
        auto restored =
            game::room::restore("ABCDEF", std::get<game::room_settings>(std::move(settings)),
                                secrets, store.stored, now, downtime);
        if (const auto* why = std::get_if<std::string>(&restored)) {
            FAIL("restore failed: " << *why);
        }
        room.emplace(std::get<game::room>(std::move(restored)));
    }
};

/// open at 1000; Ada (11) at 2000, Bob (12) at 3000, Cy (13) at 4000: p1..p3, tok-2..tok-4.
void fill_lobby(server& s) {
    s.now = 1000;
    s.open();
    s.now = 2000;
    s.join(ada, "Ada");
    s.now = 3000;
    s.join(bob, "Bob");
    s.now = 4000;
    s.join(cy, "Cy");
    REQUIRE(s.token[cy] == "tok-4");
}

/// Every M sent to `conn`, in order (a `result` may come in a results_action).
template <class M> std::vector<M> sent_to(const actions& out, conn_id conn) {
    std::vector<M> found;
    for (const auto& a : out) {
        if (const auto* s = std::get_if<game::send_action>(&a); s && s->conn == conn) {
            if (const auto* m = std::get_if<M>(&s->message)) {
                found.push_back(*m);
            }
        }
        if constexpr (std::is_same_v<M, protocol::result_msg>) {
            if (const auto* rs = std::get_if<game::results_action>(&a)) {
                for (const auto& r : rs->results) {
                    if (r.conn == conn) {
                        found.push_back(r.message);
                    }
                }
            }
        }
    }
    return found;
}

template <class M> M only_sent(const actions& out, conn_id conn) {
    const auto found = sent_to<M>(out, conn);
    REQUIRE(found.size() == 1);
    return found.front();
}

template <class M> std::vector<M> broadcast(const actions& out) {
    std::vector<M> found;
    for (const auto& a : out) {
        if (const auto* b = std::get_if<game::broadcast_action>(&a)) {
            if (const auto* m = std::get_if<M>(&b->message)) {
                found.push_back(*m);
            }
        }
    }
    return found;
}

template <class M> M only_broadcast(const actions& out) {
    const auto found = broadcast<M>(out);
    REQUIRE(found.size() == 1);
    return found.front();
}

error error_sent(const actions& out, conn_id conn) {
    return only_sent<protocol::error_msg>(out, conn).code;
}

/// The timer the actions ask for: none asked (outer nullopt), or the time
/// (inner nullopt: no tick wanted).
std::optional<std::optional<epoch_ms>> timer_of(const actions& out) {
    std::optional<std::optional<epoch_ms>> found;
    for (const auto& a : out) {
        if (const auto* t = std::get_if<game::timer_action>(&a)) {
            found = t->at;
        }
    }
    return found;
}

} // namespace

// ===========================================================================
// Players and the host come back
// ===========================================================================

TEST_CASE("after a restart, a rejoin finds score, streak and `answered`; an acknowledged answer "
          "counts at the reveal") {
    server s(three());
    fill_lobby(s);
    s.now = 10000;
    s.start();
    s.now = 12000;
    s.answer(ada, 0, pick(0)); // 950
    s.now = 14000;
    s.answer(bob, 0, pick(0)); // 900
    s.now = 15000;
    s.answer(cy, 0, pick(1)); // wrong; everyone answered: reveal
    REQUIRE(s.room->phase() == phase::reveal);
    s.next();
    s.now = 20000;
    s.next(); // question 1 opens at 20000, deadline 40000
    s.now = 22000;
    const auto ack = s.answer(ada, 1, pick(1)); // 950 + streak bonus 100
    REQUIRE(only_sent<protocol::answer_ack_msg>(ack, ada).ms == 2000);

    s.now = 23000;
    s.restart(60000); // back at 83000; the question now closes at 100000

    auto out = s.rejoin(21, "tok-2");
    CHECK(timer_of(out).has_value());
    CHECK(only_sent<protocol::joined_msg>(out, 21).player_id == "p1");
    const auto state = only_sent<protocol::state_msg>(out, 21);
    CHECK(state.current == phase::question);
    CHECK(state.q == 1);
    CHECK(state.deadline == 100000);
    CHECK(state.players == 3);
    REQUIRE(state.you.has_value());
    CHECK(state.you->score == 950);
    CHECK(state.you->rank == 1);
    CHECK(state.you->answered);
    CHECK(state.you->answer == json{{"choice", 1}});
    CHECK(error_sent(s.answer(21, 1, pick(1)), 21) == error::duplicate);

    s.now = 84000;
    out = s.rejoin(22, "tok-3");
    const auto bob_state = only_sent<protocol::state_msg>(out, 22);
    REQUIRE(bob_state.you.has_value());
    CHECK(bob_state.you->score == 900);
    CHECK_FALSE(bob_state.you->answered);

    // Bob is timed from the opening moved by the downtime: 85000 - 80000.
    s.now = 85000;
    out = s.answer(22, 1, pick(1));
    CHECK(only_sent<protocol::answer_ack_msg>(out, 22).ms == 5000);
    // Cy is not back, so everyone connected has answered.
    const auto reveal = only_broadcast<protocol::reveal_msg>(out);
    CHECK(reveal.answered == 2);
    CHECK(reveal.correct_count == 2);
    const auto ada_result = only_sent<protocol::result_msg>(out, 21);
    CHECK(ada_result.points == 1050);
    CHECK(ada_result.streak == 2);
    CHECK(ada_result.score == 2000);
    CHECK(ada_result.rank == 1);
    CHECK(ada_result.of == 3);
    const auto bob_result = only_sent<protocol::result_msg>(out, 22);
    CHECK(bob_result.points == 975); // 875 + the streak bonus Bob had earned before the restart
    CHECK(bob_result.streak == 2);
    CHECK(bob_result.score == 1875);
}

TEST_CASE("a lobby restores: the host token attaches, a fresh token works, a kicked one stays "
          "void, names stay taken and ids are not reused") {
    server s(three());
    s.open();
    s.join(ada, "Ada");
    s.join(bob, "Bob");
    s.command(host_conn, protocol::kick_msg{"p2"});
    s.now = 5000;
    s.join(cy, "Cy"); // tok-4, issued just before the crash

    s.restart(7000);
    auto out = s.host(2);
    CHECK(timer_of(out).has_value());
    const auto state = only_sent<protocol::state_msg>(out, 2);
    CHECK(state.current == phase::lobby);
    CHECK_FALSE(state.q.has_value());
    CHECK(state.players == 2);
    CHECK(state.connected == 0);
    REQUIRE(state.roster.has_value());
    REQUIRE(state.roster->size() == 2);
    CHECK(state.roster->at(0).name == "Ada");
    CHECK_FALSE(state.roster->at(0).connected);
    CHECK(state.roster->at(1).name == "Cy");
    CHECK(error_sent(s.host(3, "tok-2"), 3) == error::forbidden);

    CHECK(error_sent(s.rejoin(22, "tok-3"), 22) == error::forbidden);
    out = s.rejoin(23, "tok-4");
    CHECK(only_sent<protocol::joined_msg>(out, 23).player_id == "p3");
    CHECK(error_sent(s.join(24, "BOB"), 24) == error::name_taken);
    out = s.join(dan, "Dan");
    CHECK(only_sent<protocol::joined_msg>(out, dan).player_id == "p4");

    out = s.start(2);
    CHECK(only_broadcast<protocol::question_msg>(out).q == 0);
}

TEST_CASE("a locked room restores locked") {
    server s(three());
    fill_lobby(s);
    s.command(host_conn, protocol::lock_msg{true});
    s.restart(1000);
    CHECK(error_sent(s.join(dan, "Dan"), dan) == error::room_locked);
    CHECK(only_sent<protocol::joined_msg>(s.rejoin(21, "tok-2"), 21).player_id == "p1");
}

TEST_CASE("a close stores only the players it changed, and a restart after it brings back "
          "every score and streak as they were") {
    // Two servers play the same two questions: Ada right then silent, Bob
    // wrong then right, Cy silent throughout. One restarts before the third.
    const auto play_two = [](server& s) {
        fill_lobby(s);
        s.now = 10000;
        s.start();
        s.now = 11000;
        s.answer(ada, 0, pick(0));
        s.now = 12000;
        s.answer(bob, 0, pick(1));
        s.now = 13000;
        s.next(); // closes question 0
        s.next();
        s.now = 20000;
        s.next(); // question 1
        s.now = 21000;
        s.answer(bob, 1, pick(1));
        s.now = 22000;
        s.next(); // closes question 1
        s.now = 23000;
        s.next(); // leaderboard
    };
    // Question 2, everyone right; each player's `result`, as encoded.
    const auto play_third = [](server& s, conn_id host, std::array<conn_id, 3> players) {
        s.now = 30000;
        s.next(host);
        actions out;
        for (std::size_t i = 0; i < players.size(); ++i) {
            s.now = 31000 + static_cast<epoch_ms>(i) * 1000;
            out = s.answer(players[i], 2, pick(2));
        }
        REQUIRE(s.room->phase() == phase::reveal);
        std::vector<std::string> results;
        for (conn_id c : players) {
            results.push_back(protocol::encode(only_sent<protocol::result_msg>(out, c)));
        }
        return results;
    };

    server kept(three());
    play_two(kept);
    // Cy, unchanged by either close, was stored at her join only.
    for (const auto& batch : kept.store.batches) {
        if (batch.size() > 1) { // the closes
            for (const auto& r : batch) {
                const auto* p = std::get_if<game::player_record>(&r);
                CHECK((p == nullptr || p->player_id != "p3"));
            }
        }
    }
    const auto expected = play_third(kept, host_conn, {ada, bob, cy});

    server restarted(three());
    play_two(restarted);
    restarted.restart(0);
    restarted.host(2);
    restarted.rejoin(21, "tok-2");
    restarted.rejoin(22, "tok-3");
    restarted.rejoin(23, "tok-4");
    CHECK(play_third(restarted, 2, {21, 22, 23}) == expected);
}

// ===========================================================================
// Timing
// ===========================================================================

TEST_CASE("the open question closes at its old deadline plus the downtime; a second restart "
          "adds its own downtime") {
    server s(three());
    fill_lobby(s);
    s.now = 10000;
    s.start(); // deadline 30000
    s.now = 15000;
    s.restart(60000); // at 75000, with 15 s left: the deadline is 90000

    // The first event arms the timer, whatever it is.
    auto out = s.tick(75000);
    CHECK(timer_of(out) == std::optional<std::optional<epoch_ms>>(90000 + game::close_grace_ms));
    CHECK(broadcast<protocol::reveal_msg>(out).empty());

    s.now = 80000;
    s.restart(30000); // at 110000: 10 s were left, so the deadline is 120000
    s.tick(110000);
    s.now = 111000;
    out = s.rejoin(21, "tok-2");
    CHECK(only_sent<protocol::state_msg>(out, 21).deadline == 120000);
    s.rejoin(23, "tok-4");

    // Answering time lost to neither outage: 119000 - (10000 + 90000).
    s.now = 119000;
    CHECK(only_sent<protocol::answer_ack_msg>(s.answer(23, 0, pick(0)), 23).ms == 19000);
    CHECK(broadcast<protocol::reveal_msg>(s.tick(120000 + game::close_grace_ms - 1)).empty());
    out = s.tick(120000 + game::close_grace_ms);
    CHECK(only_broadcast<protocol::reveal_msg>(out).answered == 1);
    CHECK(only_sent<protocol::result_msg>(out, 23).points == 525); // 1000 x (1 - 19000/40000)
}

TEST_CASE("a paused room restores paused, with the time it had left") {
    server s(three());
    fill_lobby(s);
    s.now = 10000;
    s.start(); // deadline 30000
    s.now = 18000;
    s.command(host_conn, protocol::pause_msg{}); // 12 s left
    s.restart(80000);                            // at 98000

    auto out = s.host(2);
    CHECK(timer_of(out).has_value());
    const auto state = only_sent<protocol::state_msg>(out, 2);
    CHECK(state.current == phase::question);
    CHECK(state.paused);
    CHECK(state.remaining_ms == 12000);
    CHECK_FALSE(state.deadline.has_value());

    s.rejoin(21, "tok-2");
    CHECK(error_sent(s.answer(21, 0, pick(0)), 21) == error::wrong_phase);
    // Nothing closes a paused question, however long it waits.
    CHECK(broadcast<protocol::reveal_msg>(s.tick(200000)).empty());

    s.now = 201000;
    out = s.command(2, protocol::resume_msg{});
    CHECK(only_broadcast<protocol::resumed_msg>(out).deadline == 213000);
    // 8 s before the pause, 2 s after it; the pause and the outage do not count.
    s.now = 203000;
    CHECK(only_sent<protocol::answer_ack_msg>(s.answer(21, 0, pick(0)), 21).ms == 10000);
}

TEST_CASE("the idle clock starts at the restore: nobody back for 10 minutes ends the room") {
    server s(three());
    fill_lobby(s);
    s.restart(5000);
    const epoch_ms back = s.now;

    auto out = s.tick(back + 1000);
    CHECK(timer_of(out) == std::optional<std::optional<epoch_ms>>(back + game::idle_expiry_ms));
    CHECK(broadcast<protocol::ended_msg>(s.tick(back + game::idle_expiry_ms - 1)).empty());
    out = s.tick(back + game::idle_expiry_ms);
    CHECK(only_broadcast<protocol::ended_msg>(out).reason == "expired");
}

// ===========================================================================
// Between questions
// ===========================================================================

TEST_CASE("a room restored in the reveal goes on: the reveal, the leaderboard with its deltas, "
          "the next question") {
    server s(three());
    fill_lobby(s);
    s.now = 10000;
    s.start();
    s.now = 12000;
    s.answer(ada, 0, pick(0)); // 950
    s.answer(bob, 0, pick(2));
    s.now = 16000;
    s.next(); // closes without Cy
    REQUIRE(s.room->phase() == phase::reveal);
    s.restart(30000); // at 46000

    auto out = s.host(2);
    const auto state = only_sent<protocol::state_msg>(out, 2);
    CHECK(state.current == phase::reveal);
    REQUIRE(state.reveal.has_value());
    CHECK(state.reveal->q == 0);
    CHECK(state.reveal->answered == 2);
    CHECK(state.reveal->correct_count == 1);
    CHECK(state.reveal->distribution == std::vector<int>{1, 0, 1, 0});

    out = s.rejoin(21, "tok-2");
    CHECK(only_sent<protocol::state_msg>(out, 21).you->score == 950);

    out = s.next(2);
    const auto board = only_broadcast<protocol::leaderboard_msg>(out);
    REQUIRE(board.top.size() == 3);
    CHECK(board.top[0].name == "Ada");
    CHECK(board.top[0].score == 950);
    CHECK(board.top[0].delta == 950);
    CHECK(board.top[1].delta == 0);

    s.now = 50000;
    out = s.next(2);
    const auto question = only_broadcast<protocol::question_msg>(out);
    CHECK(question.q == 1);
    CHECK(question.deadline == 70000);
}

TEST_CASE("auto-advance: a room restored in the reveal or the leaderboard moves on at its old "
          "time plus the downtime") {
    protocol::create_options o;
    o.auto_advance = true;
    server s(three(), o);
    fill_lobby(s);
    s.now = 10000;
    s.start();
    s.now = 12000;
    s.next(); // reveal until 17000
    s.now = 13000;
    s.restart(3000); // at 16000: the leaderboard shows at 20000

    auto out = s.tick(16000);
    CHECK(timer_of(out) == std::optional<std::optional<epoch_ms>>(20000));
    CHECK(broadcast<protocol::leaderboard_msg>(s.tick(19999)).empty());
    CHECK(broadcast<protocol::leaderboard_msg>(s.tick(20000)).size() == 1); // until 25000
    s.now = 21000;
    s.restart(10000); // at 31000: the next question opens at 35000

    out = s.tick(31000);
    CHECK(timer_of(out) == std::optional<std::optional<epoch_ms>>(35000));
    CHECK(broadcast<protocol::question_msg>(s.tick(34999)).empty());
    out = s.tick(35000);
    CHECK(only_broadcast<protocol::question_msg>(out).q == 1);
}

// ===========================================================================
// Settings
// ===========================================================================

TEST_CASE("settings rebuilt from a stored room: the same questions in the same order") {
    protocol::create_options o;
    o.shuffle = true;
    o.count = 10;
    o.time_limit_s = 15;
    o.categories = bundled().categories();
    o.categories->resize(4);
    server s(bundled(), o, 42);
    s.open();
    const auto stored = s.store.stored.room;

    const auto original = settings_for(bundled(), o, 42);
    const auto rebuilt = game::restore_room_settings(bundled(), stored);
    REQUIRE(std::holds_alternative<game::room_settings>(rebuilt));
    const auto& again = std::get<game::room_settings>(rebuilt);
    const auto ids = [](const game::room_settings& x) {
        std::vector<std::string> out;
        for (const auto& q : x.questions) {
            out.push_back(q.id + "/" + std::to_string(q.time_limit_s));
        }
        return out;
    };
    CHECK(ids(again).size() == 10);
    CHECK(ids(again) == ids(original));
    CHECK(again.options == original.options);
    // The seed is what fixes the order.
    CHECK(ids(settings_for(bundled(), o, 43)) != ids(original));

    // And the room plays them: the open question is the same after a restart.
    s.join(ada, "Ada");
    const auto question = only_broadcast<protocol::question_msg>(s.start());
    s.restart(1000);
    const auto state = only_sent<protocol::state_msg>(s.host(2), 2);
    REQUIRE(state.question.has_value());
    CHECK(state.question->prompt == question.prompt);
    CHECK(state.question->choices == question.choices);
}

TEST_CASE("settings are not rebuilt from another deck, nor a room restored with other settings or "
          "records that do not fit") {
    server s(three());
    fill_lobby(s);
    s.now = 10000;
    s.start();
    s.answer(ada, 0, pick(0));
    const game::stored_room stored = s.store.stored;

    const auto other_deck = game::restore_room_settings(bundled(), stored.room);
    REQUIRE(std::holds_alternative<protocol::protocol_error>(other_deck));

    const auto refused = [&](game::room_settings settings, const game::stored_room& records) {
        fake_secrets secrets;
        const auto r =
            game::room::restore("ABCDEF", std::move(settings), secrets, records, 20000, 1000);
        return std::holds_alternative<std::string>(r);
    };
    CHECK_FALSE(refused(settings_for(three()), stored));
    CHECK(refused(settings_for(three(), {}, 2), stored)); // another seed

    auto stray = stored;
    stray.answers.front().player_id = "p9";
    CHECK(refused(settings_for(three()), stray));

    auto beyond = stored;
    beyond.room.q = 3;
    CHECK(refused(settings_for(three()), beyond));

    auto garbled = stored;
    garbled.answers.front().answer = json{{"choice", "first"}};
    CHECK(refused(settings_for(three()), garbled));
}

TEST_CASE("league: any id the protocol accepts (1-64 bytes) names the league as sent") {
    // The protocol parser refuses an empty or longer id; the game takes the
    // rest as they are (the store and the URL escape what needs escaping).
    for (const std::string& id : std::vector<std::string>{"class-7a_B", "Week 3 club", "klasse-7ä",
                                                          "a/b", std::string(64, '9')}) {
        CAPTURE(id);
        protocol::create_options o;
        o.league = id;
        CHECK(settings_for(three(), o).league == id);
    }
}

// ===========================================================================
// Leagues
// ===========================================================================

namespace {

/// League `class-7a`, teams Red and Blue, one question.
protocol::create_options league_options() {
    protocol::create_options o;
    o.league = "class-7a";
    o.teams = std::vector<std::string>{"Red", "Blue"};
    o.count = 1;
    return o;
}

/// The first question of a game with league_options(): Ada (Red) 950, BOB
/// (Blue) 900, Cy (Red) wrong, Dan (Blue) kicked before the start. Ends in
/// its reveal.
void play_league_game(server& s) {
    s.now = 1000;
    s.open();
    s.join(ada, "Ada", "Red");
    s.join(bob, "BOB", "Blue");
    s.join(cy, "Cy", "Red");
    s.join(dan, "Dan", "Blue");
    s.command(host_conn, protocol::kick_msg{"p4"});
    s.now = 10000;
    s.start();
    s.now = 12000;
    s.answer(ada, 0, pick(0));
    s.now = 14000;
    s.answer(bob, 0, pick(0));
    s.now = 15000;
    s.answer(cy, 0, pick(1));
    REQUIRE(s.room->phase() == phase::reveal);
}

} // namespace

TEST_CASE("league: one record with the final podium, stored with it, restart or not") {
    server s(three(), league_options());
    play_league_game(s);
    s.restart(5000); // in the reveal of the last question
    s.host(2);
    CHECK(only_broadcast<protocol::leaderboard_msg>(s.next(2)).top.size() == 3);
    CHECK(s.store.leagues.empty());
    const auto out = s.next(2);
    const auto podium = only_broadcast<protocol::podium_msg>(out);

    REQUIRE(s.store.leagues.size() == 1);
    const auto& league = s.store.leagues.front();
    CHECK(league.league == "class-7a");
    CHECK(league.game_id == s.store.stored.room.game_id);
    CHECK_FALSE(league.game_id.empty());
    // Kicked Dan is left out; names are keyed folded.
    REQUIRE(league.players.size() == 3);
    CHECK(league.players[0].key == "ada");
    CHECK(league.players[0].name == "Ada");
    CHECK(league.players[0].score == 950);
    CHECK(league.players[1].key == "bob");
    CHECK(league.players[1].name == "BOB");
    CHECK(league.players[1].score == 900);
    CHECK(league.players[2].key == "cy");
    CHECK(league.players[2].score == 0);
    // Teams as the podium shows them.
    REQUIRE(podium.teams.has_value());
    REQUIRE(league.teams.size() == podium.teams->size());
    for (std::size_t i = 0; i < league.teams.size(); ++i) {
        CHECK(league.teams[i].key == podium.teams->at(i).name);
        CHECK(league.teams[i].name == podium.teams->at(i).name);
        CHECK(league.teams[i].score == podium.teams->at(i).score);
    }
    CHECK(league.teams.front().score == 475); // Red: (950 + 0) / 2

    // In the same batch as the room record that says the podium is shown.
    const auto& batch = s.store.batches.back();
    CHECK(std::any_of(batch.begin(), batch.end(), [](const game::record& r) {
        return std::holds_alternative<game::league_record>(r);
    }));
    CHECK(std::any_of(batch.begin(), batch.end(), [](const game::record& r) {
        const auto* room = std::get_if<game::room_record>(&r);
        return room != nullptr && room->phase == phase::podium;
    }));

    // Restored on the podium and ended: still one.
    s.restart(5000);
    s.host(3);
    CHECK(only_broadcast<protocol::ended_msg>(s.next(3)).reason == "finished");
    CHECK(s.store.leagues.size() == 1);
}

TEST_CASE("league: the host's `end` adds the game once; an idle expiry or an end before the "
          "first question adds nothing") {
    SUBCASE("end mid-game") {
        protocol::create_options o = league_options();
        o.count.reset();
        server s(three(), o);
        play_league_game(s);
        s.next();
        s.now = 20000;
        s.next(); // question 1
        s.now = 22000;
        s.answer(ada, 1, pick(1)); // 950 + streak bonus 100
        s.command(host_conn, protocol::end_msg{});
        REQUIRE(s.store.leagues.size() == 1);
        CHECK(s.store.leagues.front().players.at(0).score == 950 + 1050);
        s.command(host_conn, protocol::end_msg{});
        CHECK(s.room->phase() == phase::ended);
        CHECK(s.store.leagues.size() == 1);
    }
    SUBCASE("expired") {
        server s(three(), league_options());
        play_league_game(s);
        s.restart(1000);
        s.tick(s.now);
        CHECK(only_broadcast<protocol::ended_msg>(s.tick(s.now + game::idle_expiry_ms)).reason ==
              "expired");
        CHECK(s.store.leagues.empty());
    }
    SUBCASE("ended in the lobby") {
        server s(three(), league_options());
        fill_lobby(s);
        s.command(host_conn, protocol::end_msg{});
        CHECK(s.room->phase() == phase::podium);
        CHECK(s.store.leagues.empty());
    }
}

// ===========================================================================
// Interview mode
// ===========================================================================

TEST_CASE("interview: a room restored mid-rating keeps its candidate, ratings and deadline; the "
          "leaderboard after a second restart shows what the ratings gave") {
    protocol::create_options o;
    o.mode = "interview";
    o.count = 3;
    server s(bundled(), o);
    fill_lobby(s);
    s.now = 10000;
    s.start(); // Ada (p1) is the candidate
    s.now = 12000;
    // Two of the first question's five keywords: machine code, compilation.
    s.answer(ada, 0, protocol::text_answer{"A compiler turns it into machine code first"});
    REQUIRE(s.room->phase() == phase::reveal); // rating open until 32000
    s.now = 13000;
    s.command(bob, protocol::rate_msg{"p1", 4});
    s.command(host_conn, protocol::rate_msg{"p1", 5});

    s.now = 14000;
    s.restart(60000); // back at 74000; rating now closes at 92000

    auto out = s.rejoin(22, "tok-3"); // Bob
    const auto state = only_sent<protocol::state_msg>(out, 22);
    CHECK(state.current == phase::reveal);
    REQUIRE(state.reveal.has_value());
    CHECK(state.reveal->covered == std::vector<std::string>{"machine code", "compilation"});
    CHECK(state.reveal->rating_deadline == 92000);
    CHECK(error_sent(s.command(22, protocol::rate_msg{"p1", 3}), 22) == error::duplicate);
    s.host(2);
    CHECK(error_sent(s.command(2, protocol::rate_msg{"p1", 3}), 2) == error::duplicate);
    s.rejoin(21, "tok-2"); // Ada, the candidate: still no self-rating
    CHECK(error_sent(s.command(21, protocol::rate_msg{"p1", 5}), 21) == error::forbidden);
    s.rejoin(23, "tok-4"); // Cy
    s.now = 80000;
    CHECK(only_sent<protocol::answer_ack_msg>(s.command(23, protocol::rate_msg{"p1", 2}), 23).q ==
          0);

    CHECK(broadcast<protocol::rated_msg>(s.tick(92049)).empty());
    out = s.tick(92050);
    const auto rated = only_broadcast<protocol::rated_msg>(out);
    CHECK(rated.candidate.id == "p1");
    CHECK(rated.median == 4); // 4 and 5 from before the restart, 2 after
    CHECK(rated.ratings == 3);
    CHECK(rated.points == 800);
    CHECK(only_sent<protocol::result_msg>(out, 21).score == 800);
    CHECK(only_sent<protocol::result_msg>(out, 22).points == 50); // within 1 of the host's 5
    CHECK(only_sent<protocol::result_msg>(out, 23).points == 0);

    s.now = 93000;
    s.restart(1000);
    s.host(3);
    out = s.next(3);
    const auto board = only_broadcast<protocol::leaderboard_msg>(out);
    REQUIRE(board.top.size() == 3);
    CHECK(board.top[0].id == "p1");
    CHECK(board.top[0].score == 800);
    CHECK(board.top[0].delta == 800);
    CHECK(board.top[1].id == "p2");
    CHECK(board.top[1].delta == 50);
    // The rotation goes on after a restart: Bob is next.
    s.rejoin(22, "tok-3");
    out = s.next(3);
    const auto question = only_broadcast<protocol::question_msg>(out);
    REQUIRE(question.candidate.has_value());
    CHECK(question.candidate->id == "p2");
}

TEST_CASE("override: the new credit and streak survive a restart") {
    protocol::create_options o;
    o.format = "open";
    o.count = 3;
    server s(bundled(), o);
    fill_lobby(s);
    s.now = 10000;
    s.start();
    s.now = 12000;
    s.answer(ada, 0, protocol::text_answer{"A compiler turns it into machine code first"});
    s.next();
    s.command(host_conn, protocol::override_msg{"p1", 0, 1.0});
    s.restart(5000);

    const auto out = s.rejoin(21, "tok-2");
    const auto state = only_sent<protocol::state_msg>(out, 21);
    REQUIRE(state.you.has_value());
    CHECK(state.you->score == 967);
    s.host(2);
    s.next(2);
    s.next(2); // question 1
    s.now += 3000;
    s.answer(21, 1, protocol::text_answer{"nothing"}); // the only one connected: the reveal
    REQUIRE(s.room->phase() == phase::reveal);
    const auto again = s.command(2, protocol::override_msg{"p1", 1, 1.0});
    // The streak of 1 from the override before the restart makes this a streak of 2.
    CHECK(only_sent<protocol::result_msg>(again, 21).streak == 2);
    CHECK(only_sent<protocol::result_msg>(again, 21).points == 1050);
}
