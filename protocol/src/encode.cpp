#include "protocol/codec.hpp"

#include "encode_result.hpp"

namespace quizroom::protocol {

namespace {

// Strings that reach the wire are valid UTF-8 once the game has checked them;
// should one slip through, a replacement character beats an exception on a
// broadcast path.
std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json nullable(const std::optional<std::string>& s) {
    return s ? json(*s) : json(nullptr);
}

template <class T> void put(json& j, std::string_view key, const std::optional<T>& value) {
    if (value) {
        j[std::string(key)] = *value;
    }
}

/// `{"type":...,"id":...,<body>}`: the type first, so that logs read well.
std::string frame(std::string_view type, const std::optional<json>& id, const json& body) {
    std::string out = "{\"type\":\"";
    out += type;
    out += '"';
    if (id) {
        out += ",\"id\":";
        out += dump(*id);
    }
    if (body.empty()) {
        out += '}';
    } else {
        // The body's own opening brace gives way to the comma.
        out += ',';
        out.append(dump(body), 1);
    }
    return out;
}

// ---- server messages, without `type` (the nested payloads of `state`) -----

json body(const candidate_ref& c) {
    return {{"id", c.id}, {"name", c.name}};
}

json body(const player_ref& p) {
    return {{"id", p.id}, {"name", p.name}, {"team", nullable(p.team)}};
}

json body(const roster_entry& e) {
    return {{"id", e.id}, {"name", e.name}, {"team", nullable(e.team)}, {"connected", e.connected}};
}

json body(const standing& s) {
    return {
        {"id", s.id}, {"name", s.name}, {"score", s.score}, {"delta", s.delta}, {"rank", s.rank}};
}

json body(const team_standing& t) {
    return {{"name", t.name}, {"score", t.score}, {"rank", t.rank}};
}

json body(const open_answer& a) {
    return {{"player_id", a.player_id},
            {"name", a.name},
            {"text", a.text},
            {"credit", a.credit},
            {"points", a.points}};
}

json body(const recap_item& i) {
    return {{"q", i.q},
            {"prompt", i.prompt},
            {"your_answer", i.your_answer},
            {"correct", i.correct},
            {"explanation", i.explanation},
            {"credit", i.credit}};
}

json body(const you_info& y) {
    return {{"player_id", y.player_id}, {"name", y.name}, {"team", nullable(y.team)},
            {"score", y.score},         {"rank", y.rank}, {"answered", y.answered},
            {"answer", y.answer}};
}

template <class T> json list(const std::vector<T>& items) {
    json out = json::array();
    for (const T& item : items) {
        out.push_back(body(item));
    }
    return out;
}

json body(const created_msg& m) {
    return {{"code", m.code}, {"host_token", m.host_token}};
}

json body(const joined_msg& m) {
    return {{"player_id", m.player_id},
            {"token", m.token},
            {"name", m.name},
            {"team", nullable(m.team)}};
}

json body(const player_joined_msg& m) {
    return {{"player", body(m.player)}, {"players", m.players}};
}

json body(const player_left_msg& m) {
    return {{"player_id", m.player_id}, {"players", m.players}, {"gone", m.gone}};
}

json body(const lobby_msg& m) {
    return {{"players", m.players}, {"connected", m.connected}};
}

json body(const question_msg& m) {
    json j = {{"q", m.q},
              {"total", m.total},
              {"kind", m.kind},
              {"prompt", m.prompt},
              {"category", m.category},
              {"time_limit_ms", m.time_limit_ms},
              {"deadline", m.deadline},
              {"points", m.points}};
    put(j, "choices", m.choices);
    if (m.candidate) {
        j["candidate"] = body(*m.candidate);
    }
    return j;
}

json body(const answers_msg& m) {
    return {{"q", m.q}, {"answered", m.answered}, {"connected", m.connected}};
}

json body(const answer_ack_msg& m) {
    json j = {{"q", m.q}, {"ms", m.ms}};
    put(j, "durable", m.durable);
    return j;
}

json body(const reveal_msg& m) {
    json j = {{"q", m.q},
              {"correct", m.correct},
              {"answered", m.answered},
              {"correct_count", m.correct_count},
              {"explanation", m.explanation}};
    put(j, "distribution", m.distribution);
    put(j, "covered", m.covered);
    put(j, "rating_deadline", m.rating_deadline);
    return j;
}

json body(const rated_msg& m) {
    return {{"q", m.q},
            {"candidate", body(m.candidate)},
            {"median", m.median},
            {"ratings", m.ratings},
            {"points", m.points}};
}

json body(const open_answers_msg& m) {
    return {{"q", m.q}, {"answers", list(m.answers)}};
}

json body(const recap_msg& m) {
    return {{"items", list(m.items)}};
}

json body(const result_msg& m) {
    return {{"q", m.q},         {"correct", m.correct}, {"points", m.points}, {"streak", m.streak},
            {"score", m.score}, {"rank", m.rank},       {"of", m.of}};
}

json body(const leaderboard_msg& m) {
    json j = {{"q", m.q}, {"top", list(m.top)}};
    if (m.teams) {
        j["teams"] = list(*m.teams);
    }
    return j;
}

json body(const podium_msg& m) {
    json j = {{"top", list(m.top)}};
    if (m.teams) {
        j["teams"] = list(*m.teams);
    }
    put(j, "report", m.report);
    return j;
}

json body(const ended_msg& m) {
    return {{"reason", m.reason}};
}

json body(const paused_msg& m) {
    return {{"remaining_ms", m.remaining_ms}};
}

json body(const resumed_msg& m) {
    return {{"deadline", m.deadline}};
}

json body(const kicked_msg&) {
    return json::object();
}

json body(const pong_msg& m) {
    return {{"t", m.t}, {"now", m.now}};
}

json body(const error_msg& m) {
    return {{"code", to_string(m.code)}, {"message", m.message}};
}

json body(const state_msg& m) {
    json j = {{"phase", to_string(m.current)},
              {"code", m.code},
              {"quiz", {{"id", m.quiz.id}, {"title", m.quiz.title}}},
              {"q", m.q ? json(*m.q) : json(nullptr)},
              {"total", m.total},
              {"players", m.players},
              {"connected", m.connected},
              {"locked", m.locked},
              {"paused", m.paused}};
    if (m.question) {
        j["question"] = body(*m.question);
    }
    put(j, "deadline", m.deadline);
    put(j, "remaining_ms", m.remaining_ms);
    if (m.reveal) {
        j["reveal"] = body(*m.reveal);
    }
    if (m.leaderboard) {
        j["leaderboard"] = body(*m.leaderboard);
    }
    if (m.podium) {
        j["podium"] = body(*m.podium);
    }
    if (m.you) {
        j["you"] = body(*m.you);
    }
    if (m.roster) {
        j["roster"] = list(*m.roster);
    }
    return j;
}

// ---- client messages, without `type` ----------------------------------------

json body(const create_options& o) {
    json j = json::object();
    put(j, "count", o.count);
    put(j, "categories", o.categories);
    put(j, "shuffle", o.shuffle);
    put(j, "time_limit_s", o.time_limit_s);
    put(j, "scoring", o.scoring);
    put(j, "streak_bonus", o.streak_bonus);
    put(j, "auto_advance", o.auto_advance);
    put(j, "reveal_s", o.reveal_s);
    put(j, "leaderboard_s", o.leaderboard_s);
    put(j, "podium_s", o.podium_s);
    put(j, "max_players", o.max_players);
    put(j, "teams", o.teams);
    put(j, "mode", o.mode);
    put(j, "format", o.format);
    put(j, "rating_s", o.rating_s);
    put(j, "league", o.league);
    return j;
}

json body(const create_msg& m) {
    json j = {{"quiz", m.quiz}, {"options", body(m.options)}};
    put(j, "admin_token", m.admin_token);
    return j;
}

json body(const host_msg& m) {
    return {{"code", m.code}, {"host_token", m.host_token}};
}

json body(const join_msg& m) {
    json j = {{"code", m.code}, {"name", m.name}};
    put(j, "team", m.team);
    return j;
}

json body(const rejoin_msg& m) {
    return {{"code", m.code}, {"token", m.token}};
}

json body(const answer_msg& m) {
    json j = answer_to_json(m.value);
    j["q"] = m.q;
    return j;
}

json body(const start_msg&) {
    return json::object();
}

json body(const next_msg& m) {
    json j = json::object();
    put(j, "q", m.q);
    if (m.seen_phase) {
        j["phase"] = to_string(*m.seen_phase);
    }
    return j;
}

json body(const pause_msg&) {
    return json::object();
}

json body(const resume_msg&) {
    return json::object();
}

json body(const end_msg&) {
    return json::object();
}

json body(const kick_msg& m) {
    return {{"player_id", m.player_id}};
}

json body(const lock_msg& m) {
    return {{"locked", m.locked}};
}

json body(const rate_msg& m) {
    return {{"player_id", m.player_id}, {"score", m.score}};
}

json body(const candidate_msg& m) {
    return {{"player_id", m.player_id}};
}

json body(const override_msg& m) {
    return {{"player_id", m.player_id}, {"q", m.q}, {"credit", m.credit}};
}

json body(const ping_msg& m) {
    return {{"t", m.t}};
}

json body(const leave_msg&) {
    return json::object();
}

template <class Variant> json body_of(const Variant& m) {
    return std::visit([](const auto& alternative) { return body(alternative); }, m);
}

} // namespace

std::string encode(const server_message& m, const std::optional<json>& id) {
    if (const auto* result = std::get_if<result_msg>(&m)) {
        return detail::encode_result(*result, id);
    }
    return frame(type_name(m), id, body_of(m));
}

json to_json_object(const server_message& m, const std::optional<json>& id) {
    json j = body_of(m);
    j["type"] = type_name(m);
    if (id) {
        j["id"] = *id;
    }
    return j;
}

std::string encode(const client_message& m, const std::optional<json>& id) {
    return frame(type_name(m), id, body_of(m));
}

} // namespace quizroom::protocol
