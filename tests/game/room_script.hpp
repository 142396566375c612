#pragma once

// Scripting a room by hand for tests: a fixture with a fake clock and the
// commands of a host and players, and readers of the actions handle()
// returns. Shared by the room's test files.

#include "game/room.hpp"
#include "protocol/codec.hpp"
#include "tests/game/fixtures.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace quizroom::game_tests {

using game::audience;
using game::conn_id;
using nlohmann::json;
using protocol::epoch_ms;
using protocol::error;
using protocol::phase;

using actions = std::vector<game::action>;

inline game::room_settings settings_for(const std::string& deck, protocol::create_options o = {}) {
    auto made = game::make_room_settings(test_deck(deck), o, 1);
    REQUIRE(std::holds_alternative<game::room_settings>(made));
    return std::get<game::room_settings>(std::move(made));
}

inline protocol::answer_value pick(int i) {
    return protocol::choice_answer{i};
}
inline protocol::answer_value picks(std::vector<int> v) {
    return protocol::choices_answer{std::move(v)};
}
inline protocol::answer_value typed(std::string s) {
    return protocol::text_answer{std::move(s)};
}

/// One room and the clock the test drives by hand. Not movable: the room
/// keeps a reference to the secrets.
struct fixture {
    fake_secrets secrets;
    game::room room;
    epoch_ms now = 1000;
    std::map<conn_id, std::string> token;  ///< from `joined`, by the joining connection
    std::map<conn_id, std::string> player; ///< player id, by the joining connection

    explicit fixture(game::room_settings s) : room("ABCDEF", std::move(s), secrets) {}
    fixture(const fixture&) = delete;
    fixture& operator=(const fixture&) = delete;

    actions open(conn_id conn = host_conn, std::optional<json> id = json("c1")) {
        return room.handle(game::open_event{conn, std::move(id)}, now);
    }
    actions command(conn_id conn, protocol::client_message m, std::optional<json> id = {},
                    std::int64_t rtt = 0) {
        return room.handle(game::command_event{conn, std::move(m), std::move(id), now, rtt}, now);
    }
    actions join(conn_id conn, const std::string& name, std::int64_t rtt = 0) {
        auto out = command(conn, protocol::join_msg{"ABCDEF", name, std::nullopt}, json("j"), rtt);
        for (const auto& a : out) {
            if (const auto* s = std::get_if<game::send_action>(&a); s && s->conn == conn) {
                if (const auto* j = std::get_if<protocol::joined_msg>(&s->message)) {
                    token[conn] = j->token;
                    player[conn] = j->player_id;
                }
            }
        }
        return out;
    }
    actions rejoin(conn_id conn, const std::string& tok, std::int64_t rtt = 0) {
        return command(conn, protocol::rejoin_msg{"ABCDEF", tok}, json("rj"), rtt);
    }
    actions answer(conn_id conn, int q, protocol::answer_value v, std::int64_t rtt = 0,
                   std::optional<json> id = {}) {
        return command(conn, protocol::answer_msg{q, std::move(v)}, std::move(id), rtt);
    }
    actions start() { return command(host_conn, protocol::start_msg{}); }
    actions next(std::optional<int> q = {}, std::optional<phase> seen = {}) {
        return command(host_conn, protocol::next_msg{q, seen});
    }
    actions pause() { return command(host_conn, protocol::pause_msg{}); }
    actions resume() { return command(host_conn, protocol::resume_msg{}); }
    actions end() { return command(host_conn, protocol::end_msg{}); }
    actions kick(const std::string& id) { return command(host_conn, protocol::kick_msg{id}); }
    actions lock(bool locked) { return command(host_conn, protocol::lock_msg{locked}, json("l")); }
    actions leave(conn_id conn) { return command(conn, protocol::leave_msg{}); }
    actions deliver(conn_id conn, int q, epoch_ms at, std::int64_t rtt = 0) {
        return room.handle(game::delivered_event{conn, q, at, rtt}, now);
    }
    actions drop(conn_id conn) { return room.handle(game::disconnect_event{conn}, now); }
    actions tick(epoch_ms at) {
        now = at;
        return room.handle(game::tick_event{}, now);
    }

    /// The room as a host screen sees it (`state` on re-attaching `host_conn`),
    /// plus the accessors: equal before and after a refused command.
    json snapshot() {
        const auto out = command(host_conn, protocol::host_msg{"ABCDEF", "tok-1"});
        json j = json::array();
        for (const auto& a : out) {
            if (const auto* s = std::get_if<game::send_action>(&a)) {
                j.push_back(protocol::to_json_object(s->message));
            } else if (!std::holds_alternative<game::attach_action>(a)) {
                FAIL("re-attaching the host did more than attach and send state");
            }
        }
        j.push_back({{"phase", protocol::to_string(room.phase())},
                     {"members", room.member_count()},
                     {"locked", room.locked()}});
        return j;
    }
};

/// open at 1000; Ada (11) at 2000, Bob (12) at 3000, Cy (13) at 4000: p1..p3, tok-2..tok-4.
inline void fill_lobby(fixture& fx, std::int64_t rtt_ada = 0, std::int64_t rtt_bob = 0,
                       std::int64_t rtt_cy = 0) {
    fx.now = 1000;
    fx.open();
    fx.now = 2000;
    fx.join(ada, "Ada", rtt_ada);
    fx.now = 3000;
    fx.join(bob, "Bob", rtt_bob);
    fx.now = 4000;
    fx.join(cy, "Cy", rtt_cy);
    REQUIRE(fx.player[ada] == "p1");
    REQUIRE(fx.player[bob] == "p2");
    REQUIRE(fx.player[cy] == "p3");
    REQUIRE(fx.room.member_count() == 3);
}

// ---- reading actions ------------------------------------------------------

inline json wire(const protocol::server_message& m) {
    return protocol::to_json_object(m);
}

inline std::string audience_name(audience a) {
    switch (a) {
    case audience::players:
        return "players";
    case audience::hosts:
        return "hosts";
    case audience::everyone:
        return "everyone";
    }
    return "?";
}

inline std::string describe_record(const game::record& r) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, game::room_record>) {
                return "room";
            } else if constexpr (std::is_same_v<T, game::player_record>) {
                return "player:" + x.player_id;
            } else if constexpr (std::is_same_v<T, game::answer_record>) {
                return "answer:" + x.player_id;
            } else {
                return "other";
            }
        },
        r);
}

/// One line per action, e.g. "send 11 answer_ack", "hosts answers", "persist answer:p1";
/// a results_action gives one "send 11 result" line per player, as it sends.
inline std::vector<std::string> describe(const actions& out) {
    std::vector<std::string> lines;
    for (const auto& a : out) {
        if (const auto* rs = std::get_if<game::results_action>(&a)) {
            for (const auto& r : rs->results) {
                lines.push_back("send " + std::to_string(r.conn) + " result");
            }
            continue;
        }
        lines.push_back(std::visit(
            [](const auto& x) -> std::string {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, game::send_action>) {
                    std::string line = "send " + std::to_string(x.conn) + " " +
                                       std::string(protocol::type_name(x.message));
                    if (const auto* e = std::get_if<protocol::error_msg>(&x.message)) {
                        line += ":" + std::string(protocol::to_string(e->code));
                    }
                    return line;
                } else if constexpr (std::is_same_v<T, game::broadcast_action>) {
                    return audience_name(x.to) + " " + std::string(protocol::type_name(x.message));
                } else if constexpr (std::is_same_v<T, game::attach_action>) {
                    return "attach " + std::to_string(x.conn) + " " +
                           (x.as == game::role::host ? "host" : "player " + x.player_id);
                } else if constexpr (std::is_same_v<T, game::close_action>) {
                    return "close " + std::to_string(x.conn) + " " + std::to_string(x.code);
                } else if constexpr (std::is_same_v<T, game::persist_action>) {
                    std::string line = "persist";
                    for (const auto& r : x.records) {
                        line += " " + describe_record(r);
                    }
                    return line;
                } else if constexpr (std::is_same_v<T, game::timer_action>) {
                    return "timer " + (x.at ? std::to_string(*x.at) : std::string("none"));
                } else if constexpr (std::is_same_v<T, game::ended_action>) {
                    return "ended";
                } else {
                    return "other";
                }
            },
            a));
    }
    return lines;
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

template <class M>
std::vector<M> broadcast(const actions& out, std::optional<audience> to = std::nullopt) {
    std::vector<M> found;
    for (const auto& a : out) {
        if (const auto* b = std::get_if<game::broadcast_action>(&a); b && (!to || b->to == *to)) {
            if (const auto* m = std::get_if<M>(&b->message)) {
                found.push_back(*m);
            }
        }
    }
    return found;
}

template <class M> M only_broadcast(const actions& out, std::optional<audience> to = std::nullopt) {
    const auto found = broadcast<M>(out, to);
    REQUIRE(found.size() == 1);
    return found.front();
}

/// Index of the first send or broadcast carrying an M; out.size() when none.
template <class M> std::size_t index_of(const actions& out) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        const protocol::server_message* m = nullptr;
        if (const auto* s = std::get_if<game::send_action>(&out[i])) {
            m = &s->message;
        } else if (const auto* b = std::get_if<game::broadcast_action>(&out[i])) {
            m = &b->message;
        }
        if (m != nullptr && std::holds_alternative<M>(*m)) {
            return i;
        }
        if constexpr (std::is_same_v<M, protocol::result_msg>) {
            if (std::holds_alternative<game::results_action>(out[i])) {
                return i;
            }
        }
    }
    return out.size();
}

/// Index of the first persist holding a record for which `match` is true.
template <class F> std::size_t persist_index(const actions& out, F match) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (const auto* p = std::get_if<game::persist_action>(&out[i])) {
            for (const auto& r : p->records) {
                if (match(r)) {
                    return i;
                }
            }
        }
    }
    return out.size();
}

inline std::size_t persist_of_answer(const actions& out, const std::string& player) {
    return persist_index(out, [&](const game::record& r) {
        const auto* a = std::get_if<game::answer_record>(&r);
        return a != nullptr && a->player_id == player;
    });
}

inline std::size_t persist_of_player(const actions& out, const std::string& player) {
    return persist_index(out, [&](const game::record& r) {
        const auto* p = std::get_if<game::player_record>(&r);
        return p != nullptr && p->player_id == player;
    });
}

inline std::size_t persist_of_room(const actions& out) {
    return persist_index(
        out, [](const game::record& r) { return std::holds_alternative<game::room_record>(r); });
}

inline std::vector<game::record> persisted(const actions& out) {
    std::vector<game::record> records;
    for (const auto& a : out) {
        if (const auto* p = std::get_if<game::persist_action>(&a)) {
            records.insert(records.end(), p->records.begin(), p->records.end());
        }
    }
    return records;
}

template <class R> std::vector<R> persisted_of(const actions& out) {
    std::vector<R> found;
    for (const auto& r : persisted(out)) {
        if (const auto* x = std::get_if<R>(&r)) {
            found.push_back(*x);
        }
    }
    return found;
}

inline std::int64_t ack_ms(const actions& out, conn_id conn) {
    return only_sent<protocol::answer_ack_msg>(out, conn).ms;
}

/// The command was refused with `code`: the only action is that error, sent
/// to the sender with its id echoed, and the room is as it was.
inline void check_refused(fixture& fx, conn_id conn, const protocol::client_message& m,
                          error code) {
    INFO("refused: " << protocol::type_name(m) << " from connection " << conn);
    const json before = fx.snapshot();
    const auto out = fx.command(conn, m, json("bad-1"));
    CHECK(describe(out) == std::vector<std::string>{"send " + std::to_string(conn) + " error:" +
                                                    std::string(protocol::to_string(code))});
    REQUIRE(out.size() == 1);
    const auto& s = std::get<game::send_action>(out[0]);
    CHECK(s.id == json("bad-1"));
    CHECK_FALSE(std::get<protocol::error_msg>(s.message).message.empty());
    CHECK(fx.snapshot() == before);
}

inline void check_answer_refused(fixture& fx, conn_id conn, int q, protocol::answer_value v,
                                 error code, std::int64_t rtt = 0) {
    INFO("answer refused from connection " << conn << " at " << fx.now);
    const json before = fx.snapshot();
    const auto out = fx.answer(conn, q, std::move(v), rtt, json("bad-2"));
    CHECK(describe(out) == std::vector<std::string>{"send " + std::to_string(conn) + " error:" +
                                                    std::string(protocol::to_string(code))});
    REQUIRE(out.size() == 1);
    CHECK(std::get<game::send_action>(out[0]).id == json("bad-2"));
    CHECK(fx.snapshot() == before);
}

/// The phase-changing broadcasts of a result, in order.
inline std::vector<std::string> phase_broadcasts(const actions& out) {
    std::vector<std::string> found;
    for (const auto& a : out) {
        if (const auto* b = std::get_if<game::broadcast_action>(&a)) {
            const std::string type(protocol::type_name(b->message));
            if (type == "question" || type == "reveal" || type == "leaderboard" ||
                type == "podium" || type == "ended") {
                found.push_back(type);
            }
        }
    }
    return found;
}

} // namespace quizroom::game_tests
