// Whole games, played to the end, checked against PROTOCOL.md step by step.

#include "harness.hpp"

#include "tests/support/http_get.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

namespace quizroom::itest {
namespace {

struct answer_plan {
    std::optional<pr::answer_value> answer; ///< nullopt: this player does not answer
    double credit = 0;                      ///< the credit the answer deserves (not for polls)
};

struct question_plan {
    std::string kind;
    std::optional<std::size_t> choices; ///< number of choices the question shows
    pr::json correct;                   ///< expected `reveal.correct`
    std::vector<int> distribution;      ///< expected `reveal.distribution`
    bool distribution_required = true;  ///< else checked only when sent
    bool poll = false;
    bool close_with_next = false;     ///< someone does not answer: the host closes it
    std::vector<answer_plan> answers; ///< one per player, in join order
};

/// What the test expects of one player, kept up to date question by question.
struct model {
    int score = 0;
    int streak = 0;
    std::set<int> recap_qs; ///< questions missed or under full credit
};

void check_broadcast_question(const tk::received<pr::question_msg>& f, int q, int total,
                              const question_plan& plan) {
    INFO("question ", q, " as seen by a client: ", f.text);
    CHECK(!f.id.has_value());
    CHECK(f.message.q == q);
    CHECK(f.message.total == total);
    CHECK(f.message.kind == plan.kind);
    CHECK(!f.message.prompt.empty());
    if (plan.choices) {
        REQUIRE(f.message.choices.has_value());
        CHECK(f.message.choices->size() == *plan.choices);
    }
    if (plan.kind == "text")
        CHECK(!f.message.choices.has_value());
    CHECK(f.message.time_limit_ms > 0);
    const auto now = now_epoch_ms();
    CHECK(f.message.deadline >= now + f.message.time_limit_ms - 5000);
    CHECK(f.message.deadline <= now + f.message.time_limit_ms + 5000);
    // "never contains the answer"
    const auto raw = pr::json::parse(f.text);
    for (const char* key :
         {"answer", "accepted", "correct", "explanation", "keywords", "tolerance", "summary"})
        CHECK_MESSAGE(!raw.contains(key), "question frame carries `", key, "`");
}

bool correct_field_matches(const pr::json& got, double credit) {
    if (got.is_boolean())
        return (credit == 1.0 && got.get<bool>()) || (credit == 0.0 && !got.get<bool>());
    if (got.is_number())
        return std::abs(got.get<double>() - credit) < 1e-9;
    return false;
}

void check_standings(const std::vector<pr::standing>& top, std::size_t expected_size,
                     const std::vector<player>& players, const std::vector<model>& models,
                     const std::vector<int>& deltas) {
    std::vector<int> scores;
    for (const auto& m : models)
        scores.push_back(m.score);
    CHECK(top.size() == expected_size);
    for (std::size_t i = 0; i < top.size(); ++i) {
        const auto& s = top[i];
        INFO("standing ", i, ": ", s.name, " score ", s.score, " rank ", s.rank);
        if (i > 0) {
            CHECK(top[i - 1].score >= s.score);
            CHECK(top[i - 1].rank <= s.rank);
        }
        auto it = std::find_if(players.begin(), players.end(),
                               [&](const player& p) { return p.joined.player_id == s.id; });
        REQUIRE(it != players.end());
        const auto k = static_cast<std::size_t>(it - players.begin());
        CHECK(s.name == it->joined.name);
        CHECK(s.score == models[k].score);
        CHECK(s.rank == rank_of(models[k].score, scores));
        if (!deltas.empty())
            CHECK(s.delta == deltas[k]);
    }
    // The top N are the N best scores.
    std::vector<int> sorted = scores;
    std::sort(sorted.rbegin(), sorted.rend());
    for (std::size_t i = 0; i < top.size() && i < sorted.size(); ++i)
        CHECK(top[i].score == sorted[i]);
}

/// Plays `plan` from the lobby to `ended`, checking every frame on the way.
void play(tk::ws_client& host, std::vector<player>& players,
          const std::vector<question_plan>& plan) {
    const int total = static_cast<int>(plan.size());
    const auto n = players.size();
    std::vector<model> models(n);

    for (int qi = 0; qi < total; ++qi) {
        const auto& qp = plan[static_cast<std::size_t>(qi)];
        CAPTURE(qi);
        REQUIRE(qp.answers.size() == n);
        if (qi == 0)
            host.send(pr::start_msg{}, "start");
        else
            host.send(pr::next_msg{}, "next-to-question");

        // Everyone sees the question.
        auto hq = host.expect_frame<pr::question_msg>();
        check_broadcast_question(hq, qi, total, qp);
        const auto limit_ms = hq.message.time_limit_ms;
        const auto question_points = hq.message.points;
        for (auto& p : players) {
            auto pq = p.client->expect_frame<pr::question_msg>();
            check_broadcast_question(pq, qi, total, qp);
            CHECK(as_json(pq.message) == as_json(hq.message));
        }

        // Answers, a little apart so that the times differ.
        int answering = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!qp.answers[i].answer)
                continue;
            ++answering;
            std::this_thread::sleep_for(25ms);
            players[i].client->send(pr::answer_msg{qi, *qp.answers[i].answer},
                                    "a" + std::to_string(qi) + "-" + std::to_string(i));
        }
        std::vector<std::optional<tk::received<pr::answer_ack_msg>>> acks(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!qp.answers[i].answer)
                continue;
            CAPTURE(i);
            acks[i] = players[i].client->expect_frame<pr::answer_ack_msg>();
            CHECK(acks[i]->id == pr::json("a" + std::to_string(qi) + "-" + std::to_string(i)));
            CHECK(acks[i]->message.q == qi);
            CHECK(acks[i]->message.ms >= 0);
            CHECK(acks[i]->message.ms <= limit_ms);
        }

        // The host screen's counter reaches everyone who answered.
        auto counted = host.expect_if<pr::answers_msg>(
            [&](const pr::answers_msg& a) { return a.q == qi && a.answered == answering; });
        CHECK(counted.connected == static_cast<int>(n));

        if (qp.close_with_next) {
            // Not everyone answered: still open until the host says so.
            CHECK_FALSE(host.try_next<pr::reveal_msg>().has_value());
            pr::next_msg close;
            close.q = qi;
            close.seen_phase = pr::phase::question;
            host.send(close, "close");
        }

        // Reveal to everyone.
        int full_credit = 0;
        bool partial = false;
        for (const auto& a : qp.answers) {
            if (a.answer && a.credit == 1.0)
                ++full_credit;
            if (a.answer && a.credit > 0.0 && a.credit < 1.0)
                partial = true;
        }
        auto check_reveal = [&](const tk::received<pr::reveal_msg>& r) {
            INFO("reveal: ", r.text);
            CHECK(!r.id.has_value());
            CHECK(r.message.q == qi);
            CHECK(r.message.correct == qp.correct);
            if (qp.distribution_required || r.message.distribution) {
                REQUIRE(r.message.distribution.has_value());
                CHECK(*r.message.distribution == qp.distribution);
            }
            CHECK(r.message.answered == answering);
            if (!qp.poll && !partial)
                CHECK(r.message.correct_count == full_credit);
            CHECK(!r.message.explanation.empty());
        };
        check_reveal(host.expect_frame<pr::reveal_msg>());
        std::vector<tk::received<pr::reveal_msg>> reveals;
        for (auto& p : players) {
            reveals.push_back(p.client->expect_frame<pr::reveal_msg>());
            check_reveal(reveals.back());
        }

        // Each player's own result, after the reveal and after its ack.
        std::vector<int> points(n);
        std::vector<tk::received<pr::result_msg>> results;
        for (std::size_t i = 0; i < n; ++i) {
            results.push_back(players[i].client->expect_frame<pr::result_msg>());
            const auto& res = results.back();
            INFO("player ", i, " result: ", res.text);
            CHECK(res.seq > reveals[i].seq);
            if (acks[i])
                CHECK(acks[i]->seq < reveals[i].seq);
            CHECK(res.message.q == qi);
            auto& m = models[i];
            const auto& a = qp.answers[i];
            if (qp.poll) {
                CHECK(res.message.correct.is_null());
                CHECK(res.message.points == 0);
            } else if (!a.answer) {
                m.streak = 0;
                m.recap_qs.insert(qi);
                CHECK(correct_field_matches(res.message.correct, 0.0));
                CHECK(res.message.points == 0);
            } else {
                int bonus = 0;
                if (a.credit == 1.0) {
                    ++m.streak;
                    bonus = streak_bonus(m.streak);
                } else {
                    m.streak = 0;
                    m.recap_qs.insert(qi);
                }
                CHECK(correct_field_matches(res.message.correct, a.credit));
                INFO("acked ms ", acks[i]->message.ms, ", limit ", limit_ms, ", credit ", a.credit,
                     ", streak bonus ", bonus, ", exact ",
                     exact_speed_points(question_points, acks[i]->message.ms, limit_ms, a.credit));
                CHECK(speed_points_match(res.message.points, question_points, acks[i]->message.ms,
                                         limit_ms, a.credit, bonus));
            }
            CHECK(res.message.streak == m.streak);
            points[i] = res.message.points;
            m.score += res.message.points;
            CHECK(res.message.score == m.score);
            CHECK(res.message.of == static_cast<int>(n));
        }
        std::vector<int> scores;
        for (const auto& m : models)
            scores.push_back(m.score);
        for (std::size_t i = 0; i < n; ++i) {
            CAPTURE(i);
            CHECK(results[i].message.rank == rank_of(models[i].score, scores));
        }
        CHECK_FALSE(host.try_next<pr::result_msg>().has_value());

        // Leaderboard to everyone after the host's next.
        host.send(pr::next_msg{}, "next-to-leaderboard");
        auto check_leaderboard = [&](const tk::received<pr::leaderboard_msg>& lb) {
            INFO("leaderboard: ", lb.text);
            CHECK(!lb.id.has_value());
            CHECK(lb.message.q == qi);
            check_standings(lb.message.top, std::min<std::size_t>(10, n), players, models, points);
        };
        check_leaderboard(host.expect_frame<pr::leaderboard_msg>());
        for (auto& p : players)
            check_leaderboard(p.client->expect_frame<pr::leaderboard_msg>());
    }

    // Podium, then the end.
    host.send(pr::next_msg{}, "next-to-podium");
    auto check_podium = [&](const tk::received<pr::podium_msg>& f) {
        INFO("podium: ", f.text);
        CHECK(!f.id.has_value());
        check_standings(f.message.top, std::min<std::size_t>(3, n), players, models, {});
    };
    check_podium(host.expect_frame<pr::podium_msg>());
    for (std::size_t i = 0; i < n; ++i) {
        auto& p = players[i];
        check_podium(p.client->expect_frame<pr::podium_msg>());
        // "recap ... for the questions this player missed or scored under full
        // credit" (polls have no credit: not compared).
        auto recap = p.client->expect_frame<pr::recap_msg>();
        INFO("recap of player ", i, ": ", recap.text);
        std::set<int> got;
        for (const auto& item : recap.message.items)
            if (!plan[static_cast<std::size_t>(item.q)].poll)
                got.insert(item.q);
        CHECK(got == models[i].recap_qs);
    }
    host.send(pr::next_msg{}, "next-to-end");
    CHECK(host.expect<pr::ended_msg>().reason == "finished");
    for (auto& p : players)
        CHECK(p.client->expect<pr::ended_msg>().reason == "finished");
    for (auto& p : players)
        CHECK(p.client->undecodable().empty());
    CHECK(host.undecodable().empty());
}

} // namespace

TEST_CASE("healthz answers while the server serves") {
    auto server = start_server("healthz");
    auto res = tk::http_get(server->port(), "/healthz");
    CHECK(res.status == 200);
    CHECK(pr::json::parse(res.body) == pr::json{{"status", "ok"}});
}

TEST_CASE("a game of deck three: one host, five players") {
    auto server = start_server("game_three");
    INFO("server log: ", server->log_path());
    tk::ws_client host("host");
    host.connect(server->port());
    const room r = create_room(host, "three");

    std::vector<player> players;
    for (const char* name : {"Ada", "Bob", "Cy", "Dee", "Eve"}) {
        players.push_back(join_player(server->port(), r.code, name));
        auto pj = host.expect<pr::player_joined_msg>();
        CHECK(pj.player.id == players.back().joined.player_id);
        CHECK(pj.player.name == name);
        CHECK(pj.players == static_cast<int>(players.size()));
    }
    {
        // Everyone is in the host's roster, connected.
        const auto view = host_view(server->port(), r);
        CHECK(view["phase"] == "lobby");
        CHECK(view["players"] == 5);
        CHECK(view["connected"] == 5);
        CHECK(view["roster"].size() == 5);
    }

    auto c = [](int i) {
        return answer_plan{pr::choice_answer{i}, 0.0};
    };
    auto right = [](int i) {
        return answer_plan{pr::choice_answer{i}, 1.0};
    };
    const answer_plan none{};
    std::vector<question_plan> plan(3);
    plan[0] = {"choice", 4,     {{"choice", 0}}, {3, 1, 1, 0},
               true,     false, false,           {right(0), right(0), c(1), right(0), c(2)}};
    plan[1] = {"choice",
               4,
               {{"choice", 1}},
               {0, 3, 1, 0},
               true,
               false,
               true,
               {right(1), c(2), right(1), right(1), none}};
    plan[2] = {"choice", 4,     {{"choice", 2}}, {0, 0, 4, 1},
               true,     false, false,           {right(2), right(2), right(2), c(3), right(2)}};
    play(host, players, plan);
    CHECK(server->running());
}

TEST_CASE("a game of deck mini: every question kind") {
    auto server = start_server("game_mini");
    INFO("server log: ", server->log_path());
    tk::ws_client host("host");
    host.connect(server->port());
    const room r = create_room(host, "mini");
    std::vector<player> players;
    players.push_back(join_player(server->port(), r.code, "Ada"));
    players.push_back(join_player(server->port(), r.code, "Bob"));

    auto a = [](pr::answer_value v, double credit) {
        return answer_plan{std::move(v), credit};
    };
    std::vector<question_plan> plan(5);
    plan[0] = {
        "choice", 4,     {{"choice", 1}}, {1, 1, 0, 0},
        true,     false, false,           {a(pr::choice_answer{1}, 1), a(pr::choice_answer{0}, 0)}};
    // true/false: 0 = true, the deck's answer.
    plan[1] = {"truefalse",     std::nullopt,
               {{"choice", 0}}, {1, 1},
               false,           false,
               false,           {a(pr::choice_answer{0}, 1), a(pr::choice_answer{1}, 0)}};
    // multi, correct [0, 2]: [0] is half right.
    plan[2] = {"multi",
               4,
               {{"choices", {0, 2}}},
               {2, 0, 1, 0},
               false,
               false,
               false,
               {a(pr::choices_answer{{0}}, 0.5), a(pr::choices_answer{{0, 2}}, 1)}};
    // text: case folding, trimming.
    plan[3] = {"text",
               std::nullopt,
               {{"text", pr::json::array({"Paris", "City of Paris"})}},
               {},
               false,
               false,
               false,
               {a(pr::text_answer{"  paris "}, 1), a(pr::text_answer{"London"}, 0)}};
    plan[4] = {"poll", 3,    nullptr, {1, 0, 1},
               true,   true, false,   {a(pr::choice_answer{0}, 0), a(pr::choice_answer{2}, 0)}};
    play(host, players, plan);
    CHECK(server->running());
}

} // namespace quizroom::itest
