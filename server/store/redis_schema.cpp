#include "store/redis_schema.hpp"

#include "store/store.hpp"

#include <set>
#include <variant>

namespace quizroom::store {

namespace redis_keys {

namespace {
std::string tagged(const std::string& code) {
    return "qr:{" + code + "}:";
}
} // namespace

std::string room(const std::string& code) {
    return tagged(code) + "room";
}
std::string players(const std::string& code) {
    return tagged(code) + "players";
}
std::string leaderboard(const std::string& code) {
    return tagged(code) + "lb";
}
std::string answers(const std::string& code, int q) {
    return tagged(code) + "answers:" + std::to_string(q);
}
std::string session(const std::string& token_hash) {
    return "qr:session:" + token_hash;
}
std::string deck(const std::string& id) {
    return "qr:deck:" + id;
}
std::string owner(const std::string& code) {
    return tagged(code) + "owner";
}
std::string report(const std::string& game_id) {
    return "qr:report:" + game_id;
}
std::string report_of(const std::string& code) {
    return tagged(code) + "report";
}

league league_keys(const std::string& id) {
    const std::string p = "qr:league:{" + id + "}:";
    return {p + "games", p + "players",      p + "players:played", p + "player_names",
            p + "teams", p + "teams:played", p + "team_names",     p + "game:"};
}

} // namespace redis_keys

namespace {

const std::string ttl_seconds =
    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(room_ttl).count());

// Rebuilds a league's totals from every game's scores: idempotent, so adding a
// game twice counts it once.
const std::string league_script = R"lua(
local games = redis.call('SMEMBERS', KEYS[1])
local function rebuild(dest, suffix)
  redis.call('DEL', dest)
  local keys = {}
  for i, g in ipairs(games) do keys[i] = ARGV[1] .. g .. suffix end
  if #keys > 0 then redis.call('ZUNIONSTORE', dest, #keys, unpack(keys)) end
end
rebuild(KEYS[2], ':players')
rebuild(KEYS[3], ':players:played')
rebuild(KEYS[4], ':teams')
rebuild(KEYS[5], ':teams:played')
return #games
)lua";

const std::string report_ttl_seconds =
    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(report_ttl).count());

const std::string report_read_script = R"lua(
local game = redis.call('GET', KEYS[1])
if not game then return false end
return redis.call('GET', ARGV[1] .. game)
)lua";

// The players' hash names their sessions; the room's `q` its answer hashes.
const std::string erase_room_script = R"lua(
local deleted = 0
for _, p in ipairs(redis.call('HVALS', KEYS[2])) do
  local ok, rec = pcall(cjson.decode, p)
  if ok and type(rec) == 'table' and type(rec.token_hash) == 'string' then
    deleted = deleted + redis.call('DEL', ARGV[2] .. rec.token_hash)
  end
end
local q = tonumber(redis.call('HGET', KEYS[1], 'q')) or -1
for i = 0, q do deleted = deleted + redis.call('DEL', ARGV[1] .. i) end
if redis.call('GET', KEYS[4]) == ARGV[4] then deleted = deleted + redis.call('DEL', KEYS[4]) end
deleted = deleted + redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[5], ARGV[3])
redis.call('SREM', ARGV[5], ARGV[6])
return deleted
)lua";

struct room_writes {
    std::string code;
    std::vector<redis_command> inside; ///< in the room's MULTI
    std::set<std::string> touched;     ///< keys whose TTL the batch renews
};

void add(room_writes& w, std::vector<redis_command>& outside, const game::room_record& r) {
    w.code = r.code;
    const auto key = redis_keys::room(r.code);
    w.inside.push_back({"HSET", key, "snapshot", game::to_json(r).dump(), "phase",
                        std::string(protocol::to_string(r.phase)), "q", std::to_string(r.q),
                        "updated_at", std::to_string(r.updated_at)});
    // Renew every key of the room, so none expires before the room does.
    w.touched.insert(key);
    w.touched.insert(redis_keys::players(r.code));
    w.touched.insert(redis_keys::leaderboard(r.code));
    for (int q = 0; q <= r.q; ++q) {
        w.touched.insert(redis_keys::answers(r.code, q));
    }
    if (r.phase == protocol::phase::ended) {
        outside.push_back({"SREM", redis_keys::rooms, r.code});
    } else {
        outside.push_back({"SADD", redis_keys::rooms, r.code});
    }
}

void add(room_writes& w, std::vector<redis_command>& outside, const game::player_record& p) {
    w.code = p.code;
    w.inside.push_back({"HSET", redis_keys::players(p.code), p.player_id, game::to_json(p).dump()});
    w.inside.push_back(
        {"ZADD", redis_keys::leaderboard(p.code), std::to_string(p.score), p.player_id});
    w.touched.insert(redis_keys::players(p.code));
    w.touched.insert(redis_keys::leaderboard(p.code));
    const auto session = redis_keys::session(p.token_hash);
    if (p.status == game::player_status::kicked) {
        outside.push_back({"DEL", session});
    } else {
        outside.push_back({"SET", session, p.code + " " + p.player_id, "EX", ttl_seconds});
    }
}

void add(room_writes& w, std::vector<redis_command>&, const game::answer_record& a) {
    w.code = a.code;
    const auto key = redis_keys::answers(a.code, a.q);
    w.inside.push_back({"HSET", key, a.player_id, game::to_json(a).dump()});
    w.touched.insert(key);
}

void add(room_writes&, std::vector<redis_command>& outside, const game::deck_record& d) {
    outside.push_back({"SET", redis_keys::deck(d.id), d.json});
    outside.push_back({"SADD", redis_keys::decks, d.id});
}

// Outside the room's MULTI and its 24-hour renewals: a report outlives the room.
void add(room_writes&, std::vector<redis_command>& outside, const game::report_record& r) {
    outside.push_back(
        {"SET", redis_keys::report(r.game_id), game::to_json(r).dump(), "EX", report_ttl_seconds});
    outside.push_back({"SET", redis_keys::report_of(r.code), r.game_id, "EX", report_ttl_seconds});
}

void add_entries(std::vector<redis_command>& out, const std::string& scores,
                 const std::string& played, const std::string& names,
                 const std::vector<game::league_record::entry>& entries) {
    if (entries.empty()) {
        return;
    }
    redis_command zadd{"ZADD", scores};
    redis_command one{"ZADD", played};
    redis_command hset{"HSET", names};
    for (const auto& e : entries) {
        zadd.insert(zadd.end(), {std::to_string(e.score), e.key});
        one.insert(one.end(), {"1", e.key});
        hset.insert(hset.end(), {e.key, e.name});
    }
    out.push_back(std::move(zadd));
    out.push_back(std::move(one));
    out.push_back(std::move(hset));
}

std::vector<redis_command> league_commands(const game::league_record& l) {
    const auto k = redis_keys::league_keys(l.league);
    const auto game = k.game_prefix + l.game_id;
    std::vector<redis_command> out{{"MULTI"}};
    out.push_back({"DEL", game + ":players", game + ":players:played", game + ":teams",
                   game + ":teams:played"});
    add_entries(out, game + ":players", game + ":players:played", k.player_names, l.players);
    add_entries(out, game + ":teams", game + ":teams:played", k.team_names, l.teams);
    out.push_back({"SADD", k.games, l.game_id});
    out.push_back({"EVAL", league_script, "5", k.games, k.players, k.players_played, k.teams,
                   k.teams_played, k.game_prefix});
    out.push_back({"EXEC"});
    return out;
}

} // namespace

std::vector<redis_command> batch_commands(const std::vector<game::record>& batch) {
    std::vector<redis_command> outside;
    std::vector<redis_command> leagues;
    room_writes room;
    for (const auto& r : batch) {
        if (const auto* l = std::get_if<game::league_record>(&r)) {
            auto commands = league_commands(*l);
            leagues.insert(leagues.end(), commands.begin(), commands.end());
            continue;
        }
        std::visit(
            [&](const auto& x) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, game::league_record>) {
                    add(room, outside, x);
                }
            },
            r);
    }
    std::vector<redis_command> out;
    if (!room.inside.empty()) {
        out.push_back({"MULTI"});
        out.insert(out.end(), room.inside.begin(), room.inside.end());
        for (const auto& key : room.touched) {
            out.push_back({"EXPIRE", key, ttl_seconds});
        }
        out.push_back({"EXEC"});
    }
    out.insert(out.end(), outside.begin(), outside.end());
    out.insert(out.end(), leagues.begin(), leagues.end());
    return out;
}

redis_command report_read_command(const std::string& code) {
    return {"EVAL", report_read_script, "1", redis_keys::report_of(code), redis_keys::report("")};
}

redis_command erase_room_command(const std::string& code, const std::string& game_id) {
    return {"EVAL",
            erase_room_script,
            "5",
            redis_keys::room(code),
            redis_keys::players(code),
            redis_keys::leaderboard(code),
            redis_keys::report_of(code),
            redis_keys::owner(code),
            redis_keys::tagged(code) + "answers:",
            redis_keys::session(""),
            redis_keys::report(game_id),
            game_id,
            redis_keys::rooms,
            code};
}

bool batch_stored(const std::vector<redis_reply>& replies) {
    for (const auto& r : replies) {
        if (r.is_error()) {
            return false;
        }
        // EXEC answers nil when the transaction was aborted, and an array that
        // may hold a failed command's error.
        if (r.type == redis_reply::kind::array) {
            for (const auto& e : r.elements) {
                if (e.is_error()) {
                    return false;
                }
            }
        }
    }
    return true;
}

} // namespace quizroom::store
