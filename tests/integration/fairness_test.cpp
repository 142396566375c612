// The answer time the server counts does not depend on the link: a player
// 100 ms away each way and a player next door who both answer 300 ms after
// their question arrived get the same time (PROTOCOL.md, "Answer time").

#include "harness.hpp"

#include "tests/support/delay_proxy.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>

namespace quizroom::itest {

TEST_CASE("a slow link does not change the counted answer time") {
    auto server = start_server("fairness");
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    constexpr auto one_way = 100ms;
    constexpr auto think = 300ms;
    tk::delay_proxy proxy(port, one_way);

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");

    // Player A through the proxy, B directly.
    player a;
    a.client = std::make_unique<tk::ws_client>("A (slow link)");
    a.client->connect(proxy.port(), "/ws?room=" + r.code);
    a.client->send(pr::join_msg{r.code, "Slow", std::nullopt}, "join-a");
    a.joined = a.client->expect<pr::joined_msg>();
    a.client->expect<pr::state_msg>();
    player b = join_player(port, r.code, "Fast");

    // Let the server take ping samples of both connections.
    std::this_thread::sleep_for(1500ms);

    for (int qi = 0; qi < 3; ++qi) {
        CAPTURE(qi);
        host.send(qi == 0 ? pr::client_message{pr::start_msg{}}
                          : pr::client_message{pr::next_msg{}});
        auto qb = b.client->expect_frame<pr::question_msg>();
        auto qa = a.client->expect_frame<pr::question_msg>();
        CHECK(qb.message.q == qi);
        CHECK(qa.message.q == qi);
        // The proxy does delay: A sees the question about 100 ms after B.
        CHECK(qa.at - qb.at >= one_way - 20ms);

        // Each answers `think` after its own question arrived, earliest first.
        const auto send_a = qa.at + think;
        const auto send_b = qb.at + think;
        const pr::client_message right = pr::answer_msg{qi, pr::choice_answer{qi}};
        auto answer = [&](player& p, std::chrono::steady_clock::time_point when) {
            std::this_thread::sleep_until(when);
            p.client->send(right);
        };
        if (send_b <= send_a) {
            answer(b, send_b);
            answer(a, send_a);
        } else {
            answer(a, send_a);
            answer(b, send_b);
        }
        const auto ms_a = a.client->expect<pr::answer_ack_msg>().ms;
        const auto ms_b = b.client->expect<pr::answer_ack_msg>().ms;
        MESSAGE("question ", qi, ": counted ", ms_a, " ms through the proxy, ", ms_b, " ms direct");
        CHECK(ms_a >= 0);
        CHECK(ms_a <= 1000);
        CHECK(ms_b >= 0);
        CHECK(ms_b <= 1000);
        // Without the round-trip credit the proxied player would count about
        // 200 ms more; the margin absorbs scheduling on a loaded machine.
        CHECK(std::llabs(ms_a - ms_b) < 100);

        CHECK(host.expect<pr::reveal_msg>().q == qi);
        CHECK(a.client->expect<pr::result_msg>().correct == true);
        CHECK(b.client->expect<pr::result_msg>().correct == true);
        host.send(pr::next_msg{});
        CHECK(host.expect<pr::leaderboard_msg>().q == qi);
    }
    CHECK(server->running());
}

} // namespace quizroom::itest
