#include "game/room.hpp"

#include "game/kinds/key_terms.hpp"
#include "game/player_name.hpp"
#include "game/question_kind.hpp"
#include "game/unicode.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>

namespace quizroom::game {

using protocol::epoch_ms;
using protocol::error;
using protocol::phase;

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

room::room(std::string code, room_settings settings, secrets& secrets)
    : code_(std::move(code)), settings_(std::move(settings)), secrets_(secrets) {}

std::vector<action> room::handle(const event& e, epoch_ms now) {
    actions out;
    if (restored_) {
        // Before anything is said of them, so that a second restart moves
        // the times from here and not again from before the first.
        persist(out, {room_state(now)});
    }
    std::visit(overloaded{
                   [&](const open_event& x) { on_open(x, now, out); },
                   [&](const command_event& x) { on_command(x, now, out); },
                   [&](const disconnect_event& x) { on_disconnect(x, now, out); },
                   [&](const delivered_event& x) { on_delivered(x); },
                   [&](const tick_event&) { on_tick(now, out); },
                   [&](const erase_event&) { on_erase(now, out); },
               },
               e);
    track_presence(now);
    schedule(out);
    restored_ = false;
    return out;
}

// ---- restore ----------------------------------------------------------------

namespace {

/// The number in a player id ("p12" -> 12), 0 for an id of another form.
int player_number(std::string_view id) {
    int n = 0;
    if (id.size() < 2 || id.front() != 'p') {
        return 0;
    }
    const auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), n);
    return ec == std::errc() && end == id.data() + id.size() ? n : 0;
}

} // namespace

std::variant<room, std::string> room::restore(std::string code, room_settings settings,
                                              secrets& secrets, const stored_room& stored,
                                              epoch_ms now, std::int64_t downtime_ms) {
    room r(std::move(code), std::move(settings), secrets);
    if (auto why = r.load(stored, now, downtime_ms)) {
        return std::move(*why);
    }
    return r;
}

std::optional<std::string> room::load(const stored_room& stored, epoch_ms now,
                                      std::int64_t downtime_ms) {
    const room_record& rec = stored.room;
    const int total = static_cast<int>(settings_.questions.size());
    if (rec.code != code_) {
        return "the stored room is " + rec.code + ", not " + code_;
    }
    if (rec.quiz_id != settings_.quiz_id || rec.seed != settings_.seed) {
        return "the settings were not made from the room's deck and seed";
    }
    const bool in_play = rec.phase == phase::question || rec.phase == phase::reveal ||
                         rec.phase == phase::leaderboard;
    if (rec.q < -1 || rec.q >= total || (in_play && rec.q < 0) ||
        (rec.phase == phase::lobby && rec.q != -1)) {
        return "question " + std::to_string(rec.q) + " does not fit phase " +
               std::string(protocol::to_string(rec.phase)) + " of a game of " +
               std::to_string(total);
    }
    if (rec.paused && rec.phase != phase::question) {
        return "only a question can be paused";
    }

    // In the order they joined: roster order and team balancing depend on it.
    std::vector<const player_record*> joined;
    for (const auto& p : stored.players) {
        joined.push_back(&p);
    }
    std::stable_sort(joined.begin(), joined.end(), [](const auto* a, const auto* b) {
        return player_number(a->player_id) < player_number(b->player_id);
    });
    next_player_number_ = std::max(1, rec.next_player_number);
    for (const player_record* stored_player : joined) {
        player p;
        p.id = stored_player->player_id;
        p.name = stored_player->name;
        p.key = fold_case(p.name);
        p.team = stored_player->team;
        p.token_hash = stored_player->token_hash;
        p.status = stored_player->status;
        p.score = stored_player->score;
        p.streak = stored_player->streak;
        p.total_ms = stored_player->total_ms;
        if (stored_player->code != code_ || player_index_.contains(p.id)) {
            return "player " + p.id + " is stored twice or under another room";
        }
        // Names stay taken, by leavers and kicked players too, as before the restart.
        if (!name_keys_.insert(p.key).second) {
            return "two players are named " + p.name;
        }
        next_player_number_ = std::max(next_player_number_, player_number(p.id) + 1);
        player_index_[p.id] = players_.size();
        token_index_[p.token_hash] = players_.size();
        count(p, 1);
        players_.push_back(std::move(p));
    }

    q_ = rec.q;
    rounds_.resize(static_cast<std::size_t>(q_ + 1));
    for (const answer_record& a : stored.answers) {
        const auto value = protocol::parse_answer_value(a.answer);
        if (a.code != code_ || a.q < 0 || a.q > q_ || !player_index_.contains(a.player_id) ||
            !value) {
            return "the answer of " + a.player_id + " to question " + std::to_string(a.q) +
                   " does not fit the room";
        }
        // Records from before `streak_before` was kept: a full-credit answer
        // added one to the streak; after any other, what it was is lost.
        const int before = a.streak_before.value_or(
            a.credit.value_or(0.0) >= 1.0 ? std::max(0, a.streak_after - 1) : 0);
        const answer_entry entry{*value, a.ms, a.credit, a.points, a.streak_after, before};
        if (!rounds_[static_cast<std::size_t>(a.q)].answers.emplace(a.player_id, entry).second) {
            return "the answer of " + a.player_id + " to question " + std::to_string(a.q) +
                   " is stored twice";
        }
    }
    // Nobody answers while the room is gone: its times move by the downtime.
    const std::int64_t shift = std::max<std::int64_t>(0, downtime_ms);
    if (settings_.interview && q_ >= 0) {
        if (auto why = load_interview(rec, shift)) {
            return why;
        }
    }

    // `delta` is what the last closed question gave (shown on the leaderboard).
    const int last_closed = rec.phase == phase::question ? q_ - 1 : q_;
    if (last_closed >= 0) {
        const auto& answers = rounds_[static_cast<std::size_t>(last_closed)].answers;
        for (auto& p : players_) {
            const auto it = answers.find(p.id);
            p.delta = it != answers.end() ? it->second.points : 0;
        }
    }
    // Raters' bonuses have no answer record; the stored ratings give them
    // (only the last round's are kept, and only its delta is shown).
    if (settings_.interview && last_closed == q_ && q_ >= 0 && rounds_.back().rated) {
        const interview_outcome o = rating_outcome(rounds_.back());
        for (auto& p : players_) {
            const auto bonus = o.rater_points.find(p.id);
            p.delta = p.id == rounds_.back().candidate ? o.candidate_points
                      : bonus != o.rater_points.end()  ? bonus->second
                                                       : 0;
        }
    }
    if (rec.phase == phase::question) {
        round& r = rounds_.back();
        r.opened_at = rec.opened_at + shift;
        r.deadline = rec.deadline + shift;
        r.paused_total_ms = rec.paused_total_ms;
    }
    paused_ = rec.paused;
    paused_at_ = rec.paused ? rec.paused_at + shift : 0;
    remaining_ms_ = rec.paused ? rec.remaining_ms : 0;
    advance_at_ = rec.advance_at ? std::optional<epoch_ms>(*rec.advance_at + shift) : std::nullopt;

    phase_ = rec.phase;
    locked_ = rec.locked;
    host_token_hash_ = rec.host_token_hash;
    game_id_ = rec.game_id;
    final_ = rec.final;
    end_reason_ = rec.end_reason;
    opened_ = true;
    restored_ = true;
    // Nobody is attached: the idle clock runs from the restore.
    empty_since_ = now;
    return std::nullopt;
}

// ---- events ----------------------------------------------------------------

void room::on_open(const open_event& e, epoch_ms now, actions& out) {
    if (opened_) {
        out.push_back(
            send_action{e.conn, protocol::error_msg{error::internal, "room already open"}, e.id});
        return;
    }
    opened_ = true;
    const std::string token = secrets_.new_token();
    host_token_hash_ = secrets_.hash(token);
    // As random as the host token, yet a different value (the hash of its own
    // string), so it can be shown and stored without giving the token away.
    game_id_ = secrets_.hash("game:" + token);
    persist(out, {room_state(now)});
    out.push_back(send_action{e.conn, protocol::created_msg{code_, token}, e.id});
    if (e.conn != 0) {
        hosts_.insert(e.conn);
        out.push_back(attach_action{e.conn, role::host, {}});
        out.push_back(send_action{e.conn, state_for(e.conn, now), std::nullopt});
    }
}

void room::on_command(const command_event& e, epoch_ms now, actions& out) {
    std::visit(overloaded{
                   [&](const protocol::host_msg& m) { on_host(e, m, now, out); },
                   [&](const protocol::join_msg& m) { on_join(e, m, now, out); },
                   [&](const protocol::rejoin_msg& m) { on_rejoin(e, m, now, out); },
                   [&](const protocol::answer_msg& m) { on_answer(e, m, out); },
                   [&](const protocol::start_msg&) {
                       if (!require_host(e, out)) {
                           return;
                       }
                       if (phase_ != phase::lobby) {
                           error(e, error::wrong_phase, "the game has already started", out);
                           return;
                       }
                       open_question(0, now, out);
                   },
                   [&](const protocol::next_msg& m) { on_next(e, m, now, out); },
                   [&](const protocol::pause_msg&) { on_pause(e, now, out); },
                   [&](const protocol::resume_msg&) { on_resume(e, now, out); },
                   [&](const protocol::end_msg&) { on_end(e, now, out); },
                   [&](const protocol::kick_msg& m) { on_kick(e, m, now, out); },
                   [&](const protocol::lock_msg& m) { on_lock(e, m, now, out); },
                   [&](const protocol::leave_msg&) { on_leave(e, now, out); },
                   [&](const protocol::rate_msg& m) { on_rate(e, m, now, out); },
                   [&](const protocol::candidate_msg& m) { on_candidate(e, m, now, out); },
                   [&](const protocol::override_msg& m) { on_override(e, m, out); },
                   [&](const protocol::create_msg&) {
                       error(e, error::bad_message, "this connection already belongs to a room",
                             out);
                   },
                   [&](const protocol::ping_msg&) {
                       error(e, error::internal, "ping is answered by the connection", out);
                   },
               },
               e.message);
}

void room::on_disconnect(const disconnect_event& e, epoch_ms now, actions& out) {
    hosts_.erase(e.conn);
    player* p = player_by_conn(e.conn);
    if (p == nullptr) {
        return;
    }
    conn_player_.erase(e.conn);
    count(*p, -1);
    p->conn = 0;
    count(*p, 1);
    announce_departure(*p, false, now, out);
}

// Host screens hear of it; the counts change; and the players still here may
// all have answered already.
void room::announce_departure(const player& p, bool gone, epoch_ms now, actions& out) {
    out.push_back(
        broadcast_action{audience::hosts, protocol::player_left_msg{p.id, member_count(), gone}});
    mark_lobby_changed(now, out);
    if (phase_ == phase::question) {
        mark_answers_changed(now, out);
        // An interview question waits for its candidate, who keeps the turn.
        if (!settings_.interview && !paused_ && connected_count() > 0 &&
            everyone_connected_answered()) {
            close_question(now, out);
        }
    }
}

void room::on_delivered(const delivered_event& e) {
    player* p = player_by_conn(e.conn);
    if (p == nullptr) {
        return;
    }
    count(*p, -1);
    p->rtt_ms = std::clamp<std::int64_t>(e.rtt_ms, 0, rtt_cap_ms);
    count(*p, 1);
    if (phase_ == phase::question && e.q == q_) {
        round& r = rounds_.back();
        // A frame that goes out during a pause starts its clock at the resume.
        const std::int64_t paused_so_far =
            r.paused_total_ms + (paused_ ? std::max<std::int64_t>(0, e.at - paused_at_) : 0);
        r.seen.try_emplace(p->id, seen_mark{e.at, paused_so_far});
    }
}

void room::on_tick(epoch_ms now, actions& out) {
    flush_throttles(now, out);
    if (phase_ == phase::ended) {
        return;
    }
    if (empty_since_ && now - *empty_since_ >= idle_expiry_ms) {
        // A game left mid-way keeps its report (the podium stores one too).
        if (q_ >= 0 && phase_ != phase::podium) {
            persist(out, {report_result(now)});
        }
        finish("expired", now, out);
        return;
    }
    if (phase_ == phase::question && !paused_ &&
        now >= rounds_.back().deadline + close_extension_ms() + close_grace_ms) {
        close_question(now, out);
        return;
    }
    if (rating_open() && now >= rounds_.back().rating_deadline + close_grace_ms) {
        close_rating(now, out);
        return;
    }
    if (advance_at_ && now >= *advance_at_) {
        advance(now, out);
    }
}

// ---- commands ----------------------------------------------------------------

void room::on_host(const command_event& e, const protocol::host_msg& m, epoch_ms now,
                   actions& out) {
    if (!equal_constant_time(secrets_.hash(m.host_token), host_token_hash_)) {
        error(e, error::forbidden, "that is not this room's host token", out);
        return;
    }
    if (player_by_conn(e.conn) != nullptr) {
        error(e, error::bad_message, "this connection is a player; open another one to host", out);
        return;
    }
    hosts_.insert(e.conn);
    out.push_back(attach_action{e.conn, role::host, {}});
    out.push_back(send_action{e.conn, state_for(e.conn, now), e.id});
    // A host screen back in an `open` question's reveal gets the answers to judge again.
    if (phase_ == phase::reveal && !settings_.interview &&
        settings_.questions[static_cast<std::size_t>(q_)].kind == "open") {
        out.push_back(send_action{e.conn, open_answers_view(), std::nullopt});
    }
}

void room::on_join(const command_event& e, const protocol::join_msg& m, epoch_ms now,
                   actions& out) {
    if (player_by_conn(e.conn) != nullptr || is_host(e.conn)) {
        error(e, error::bad_message, "this connection has already joined the room", out);
        return;
    }
    if (phase_ == phase::podium || phase_ == phase::ended) {
        error(e, error::wrong_phase, "the game is over", out);
        return;
    }
    if (locked_) {
        error(e, error::room_locked, "the host has locked the room", out);
        return;
    }
    auto checked = check_player_name(m.name, settings_.blocked_names.get());
    if (auto* why = std::get_if<std::string>(&checked)) {
        error(e, error::name_invalid, *why, out);
        return;
    }
    auto& name = std::get<player_name>(checked);
    if (member_count() >= settings_.max_players) {
        error(e, error::room_full, "the room is full", out);
        return;
    }
    if (name_keys_.contains(name.key)) {
        error(e, error::name_taken, "someone in this room already uses that name", out);
        return;
    }
    std::optional<std::string> team;
    if (!settings_.teams.empty()) {
        if (m.team) {
            if (std::find(settings_.teams.begin(), settings_.teams.end(), *m.team) ==
                settings_.teams.end()) {
                error(e, error::bad_message, "`team` must be one of the room's teams", out);
                return;
            }
            team = m.team;
        } else {
            team = balanced_team();
        }
    }

    const std::string token = secrets_.new_token();
    player p;
    p.id = "p" + std::to_string(next_player_number_++);
    p.name = name.display;
    p.key = name.key;
    p.team = team;
    p.token_hash = secrets_.hash(token);
    p.conn = e.conn;
    p.rtt_ms = std::clamp<std::int64_t>(e.rtt_ms, 0, rtt_cap_ms);
    name_keys_.insert(p.key);
    player_index_[p.id] = players_.size();
    token_index_[p.token_hash] = players_.size();
    conn_player_[e.conn] = players_.size();
    count(p, 1);
    players_.push_back(p);

    persist(out, {player_state(p)});
    out.push_back(send_action{e.conn, protocol::joined_msg{p.id, token, p.name, p.team}, e.id});
    out.push_back(attach_action{e.conn, role::player, p.id});
    out.push_back(send_action{e.conn, state_for(e.conn, now), std::nullopt});
    out.push_back(broadcast_action{audience::hosts,
                                   protocol::player_joined_msg{player_view(p), member_count()}});
    mark_lobby_changed(now, out);
    if (phase_ == phase::question) {
        mark_answers_changed(now, out);
    }
}

void room::on_rejoin(const command_event& e, const protocol::rejoin_msg& m, epoch_ms now,
                     actions& out) {
    const std::string hash = secrets_.hash(m.token);
    player* found = nullptr;
    if (const auto it = token_index_.find(hash);
        it != token_index_.end() && equal_constant_time(players_[it->second].token_hash, hash)) {
        found = &players_[it->second];
    }
    if (found == nullptr || found->status == player_status::kicked) {
        error(e, error::forbidden, "that token is not valid in this room", out);
        return;
    }
    if (is_host(e.conn) || (player_by_conn(e.conn) != nullptr && player_by_conn(e.conn) != found)) {
        error(e, error::bad_message, "this connection already belongs to the room", out);
        return;
    }
    player& p = *found;
    if (p.conn != 0 && p.conn != e.conn) {
        // The newest connection wins: an old tab or a half-dead socket is let go.
        conn_player_.erase(p.conn);
        out.push_back(close_action{p.conn, close_normal, "replaced by a newer connection"});
    }
    count(p, -1);
    if (p.status == player_status::left) {
        p.status = player_status::active;
        persist(out, {player_state(p)});
    }
    p.conn = e.conn;
    p.rtt_ms = std::clamp<std::int64_t>(e.rtt_ms, 0, rtt_cap_ms);
    count(p, 1);
    conn_player_[e.conn] = player_index_.at(p.id);
    out.push_back(send_action{e.conn, protocol::joined_msg{p.id, m.token, p.name, p.team}, e.id});
    out.push_back(attach_action{e.conn, role::player, p.id});
    out.push_back(send_action{e.conn, state_for(e.conn, now), std::nullopt});
    out.push_back(broadcast_action{audience::hosts,
                                   protocol::player_joined_msg{player_view(p), member_count()}});
    mark_lobby_changed(now, out);
    if (phase_ == phase::question) {
        mark_answers_changed(now, out);
    }
}

void room::on_answer(const command_event& e, const protocol::answer_msg& m, actions& out) {
    player* p = player_by_conn(e.conn);
    if (p == nullptr) {
        error(e, error::forbidden, "only players of this room can answer", out);
        return;
    }
    const bool opened = m.q >= 0 && m.q < static_cast<int>(rounds_.size());
    const bool closed = opened && (m.q < q_ || phase_ != phase::question);
    if (closed) {
        error(e, error::late, "that question has closed", out);
        return;
    }
    if (phase_ != phase::question) {
        error(e, error::wrong_phase, "no question is open", out);
        return;
    }
    if (m.q != q_) {
        error(e, error::bad_answer, "question " + std::to_string(m.q) + " is not the open one",
              out);
        return;
    }
    if (paused_) {
        error(e, error::wrong_phase, "the game is paused", out);
        return;
    }
    round& r = rounds_.back();
    if (settings_.interview && r.candidate != p->id) {
        error(e, error::forbidden, "only this question's candidate answers it", out);
        return;
    }
    if (r.answers.contains(p->id)) {
        error(e, error::duplicate, "you have already answered this question", out);
        return;
    }
    const std::int64_t rtt = std::clamp<std::int64_t>(e.rtt_ms, 0, rtt_cap_ms);
    // Each player's window is extended by their own round-trip time.
    if (e.read_at - rtt > r.deadline) {
        error(e, error::late, "the time is up", out);
        return;
    }
    const question& q = settings_.questions[static_cast<std::size_t>(q_)];
    const question_kind& kind = *find_kind(q.kind);
    if (auto why = kind.check(q, m.value)) {
        error(e, error::bad_answer, *why, out);
        return;
    }

    // Timed from when this player's question frame went out (or the opening,
    // for a player who was not there), less the round trip and paused time.
    const auto mark = r.seen.find(p->id);
    const seen_mark seen = mark != r.seen.end() ? mark->second : seen_mark{r.opened_at, 0};
    const std::int64_t limit_ms = std::int64_t{q.time_limit_s} * 1000;
    const std::int64_t ms = std::clamp<std::int64_t>(
        e.read_at - seen.at - rtt - (r.paused_total_ms - seen.paused_before), 0, limit_ms);

    answer_entry a;
    a.value = m.value;
    a.ms = ms;
    a.credit = kind.credit(q, m.value);
    a.streak_before = p->streak;
    a.streak_after = p->streak;
    if (a.credit) {
        a.points = base_points(settings_.scoring, q.points, ms, limit_ms, *a.credit);
        a.streak_after = *a.credit >= 1.0 ? p->streak + 1 : 0;
        if (*a.credit >= 1.0 && settings_.streak_bonus) {
            a.points += streak_bonus(a.streak_after);
        }
    }
    count(*p, -1);
    r.answers.emplace(p->id, a);
    count(*p, 1);

    persist(out, {answer_record{code_, q_, p->id, protocol::answer_to_json(a.value), a.ms, a.points,
                                a.credit, a.streak_after, a.streak_before}});
    out.push_back(send_action{e.conn, protocol::answer_ack_msg{q_, ms, std::nullopt}, e.id});
    mark_answers_changed(e.read_at, out);
    // The candidate's typed answer is the only one an interview question waits for.
    if (settings_.interview || everyone_connected_answered()) {
        close_question(e.read_at, out);
    }
}

void room::on_next(const command_event& e, const protocol::next_msg& m, epoch_ms now,
                   actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    const bool stale_q = m.q && *m.q != q_;
    const bool stale_phase = m.seen_phase && *m.seen_phase != phase_;
    if (stale_q || stale_phase) {
        error(e, error::wrong_phase, "the room has moved on since that screen was drawn", out);
        return;
    }
    if (phase_ == phase::lobby || phase_ == phase::ended) {
        error(e, error::wrong_phase,
              phase_ == phase::lobby ? "send `start` to begin the game" : "the game is over", out);
        return;
    }
    if (phase_ == phase::question) {
        close_question(now, out);
        return;
    }
    if (rating_open()) {
        close_rating(now, out);
        return;
    }
    advance(now, out);
}

void room::on_pause(const command_event& e, epoch_ms now, actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    if (phase_ != phase::question || paused_) {
        error(e, error::wrong_phase, paused_ ? "already paused" : "only a question can be paused",
              out);
        return;
    }
    paused_ = true;
    paused_at_ = now;
    remaining_ms_ = std::max<std::int64_t>(0, rounds_.back().deadline - now);
    persist(out, {room_state(now)});
    out.push_back(broadcast_action{audience::everyone, protocol::paused_msg{remaining_ms_}});
}

void room::on_resume(const command_event& e, epoch_ms now, actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    if (phase_ != phase::question || !paused_) {
        error(e, error::wrong_phase, "the game is not paused", out);
        return;
    }
    round& r = rounds_.back();
    paused_ = false;
    r.paused_total_ms += now - paused_at_;
    r.deadline = now + remaining_ms_;
    persist(out, {room_state(now)});
    out.push_back(broadcast_action{audience::everyone, protocol::resumed_msg{r.deadline}});
}

void room::on_end(const command_event& e, epoch_ms now, actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    if (phase_ == phase::ended) {
        error(e, error::wrong_phase, "the game is over", out);
        return;
    }
    end_reason_ = "host_ended";
    if (phase_ == phase::podium) {
        finish(end_reason_, now, out);
        return;
    }
    if (phase_ == phase::question) {
        // Answers already acknowledged are scored before the podium.
        close_question(now, out);
    }
    if (rating_open()) {
        // So are the ratings given so far.
        close_rating(now, out);
    }
    show_podium(now, out);
}

void room::on_kick(const command_event& e, const protocol::kick_msg& m, epoch_ms now,
                   actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    player* p = player_by_id(m.player_id);
    if (p == nullptr || p->status == player_status::kicked) {
        error(e, error::not_found, "no such player in this room", out);
        return;
    }
    count(*p, -1);
    p->status = player_status::kicked;
    persist(out, {player_state(*p)});
    if (p->conn != 0) {
        out.push_back(send_action{p->conn, protocol::kicked_msg{}, std::nullopt});
        out.push_back(close_action{p->conn, close_kicked, "kicked by the host"});
        conn_player_.erase(p->conn);
        p->conn = 0;
    }
    count(*p, 1);
    announce_departure(*p, true, now, out);
}

void room::on_lock(const command_event& e, const protocol::lock_msg& m, epoch_ms now,
                   actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    locked_ = m.locked;
    persist(out, {room_state(now)});
    for (conn_id host : hosts_) {
        out.push_back(send_action{host, state_for(host, now),
                                  host == e.conn ? e.id : std::optional<nlohmann::json>{}});
    }
}

void room::on_leave(const command_event& e, epoch_ms now, actions& out) {
    player* p = player_by_conn(e.conn);
    if (p == nullptr) {
        error(e, error::forbidden, "only players can leave", out);
        return;
    }
    count(*p, -1);
    p->status = player_status::left;
    persist(out, {player_state(*p)});
    out.push_back(close_action{p->conn, close_normal, "left the game"});
    conn_player_.erase(p->conn);
    p->conn = 0;
    count(*p, 1);
    announce_departure(*p, true, now, out);
}

// ---- phases ----------------------------------------------------------------

void room::open_question(int q, epoch_ms now, actions& out) {
    phase_ = phase::question;
    q_ = q;
    paused_ = false;
    advance_at_.reset();
    round r;
    r.opened_at = now;
    r.deadline =
        now + std::int64_t{settings_.questions[static_cast<std::size_t>(q)].time_limit_s} * 1000;
    if (settings_.interview) {
        r.candidate = pick_candidate();
    }
    rounds_.push_back(std::move(r));
    connected_answered_ = 0; // nobody has answered the new round
    answers_ = throttle{};
    persist(out, {room_state(now)});
    out.push_back(broadcast_action{audience::everyone, question_view()});
}

void room::close_question(epoch_ms now, actions& out) {
    round& r = rounds_.back();
    if (paused_) {
        r.paused_total_ms += now - paused_at_;
        paused_ = false;
    }
    phase_ = phase::reveal;
    const question& q = settings_.questions[static_cast<std::size_t>(q_)];
    const bool scored = find_kind(q.kind)->scored();
    final_ = final_ || q_ + 1 >= static_cast<int>(settings_.questions.size());
    if (settings_.interview) {
        open_rating(now, out);
        return;
    }
    advance_at_ = settings_.auto_advance
                      ? std::optional<epoch_ms>(now + std::int64_t{settings_.reveal_s} * 1000)
                      : std::nullopt;

    // Only the players this question changed are stored again: a record is
    // an absolute value, and the others' records already hold what they are
    // (every change of a player is stored as it happens). A room of 10,000
    // players would otherwise rewrite everyone who did not answer.
    std::vector<record> records;
    std::vector<const answer_entry*> answer_of(players_.size(), nullptr);
    for (std::size_t i = 0; i < players_.size(); ++i) {
        player& p = players_[i];
        const int score = p.score;
        const int streak = p.streak;
        const std::int64_t total_ms = p.total_ms;
        const auto it = r.answers.find(p.id);
        if (it != r.answers.end()) {
            answer_of[i] = &it->second;
            p.delta = it->second.points;
            p.score += it->second.points;
            p.streak = it->second.streak_after;
            p.total_ms += it->second.ms;
        } else {
            p.delta = 0;
            if (scored && p.status == player_status::active) {
                p.streak = 0;
            }
        }
        if (p.score != score || p.streak != streak || p.total_ms != total_ms) {
            records.push_back(player_state(p));
        }
    }
    records.push_back(room_state(now));
    persist(out, std::move(records));
    // Host screens get the final count before the reveal, throttle or not.
    if (answers_.pending_at) {
        answers_.pending_at = now;
        flush_throttles(now, out);
    }
    out.push_back(broadcast_action{audience::everyone, reveal_view()});

    const auto rank_of = ranks();
    results_action results;
    results.results.reserve(static_cast<std::size_t>(connected_count()));
    for (std::size_t i = 0; i < players_.size(); ++i) {
        const player& p = players_[i];
        if (p.conn == 0 || p.status != player_status::active) {
            continue;
        }
        nlohmann::json correct = nullptr;
        if (scored) {
            const answer_entry* a = answer_of[i];
            correct = correct_json(a != nullptr && a->credit ? *a->credit : 0.0);
        }
        results.results.push_back({p.conn, result_for(p, std::move(correct), rank_of[i])});
    }
    if (!results.results.empty()) {
        out.push_back(std::move(results));
    }
    if (q.kind == "open") {
        out.push_back(broadcast_action{audience::hosts, open_answers_view()});
    }
}

nlohmann::json room::correct_json(double credit) {
    if (credit == 1.0 || credit == 0.0) {
        return credit == 1.0;
    }
    return credit;
}

// Each player's rank among everyone who counts in `players`, by index in
// players_ (0 for the others): one more than the players with more points,
// which is what rank_players gives (ties share a rank), without sorting
// every player's name and id.
std::vector<int> room::ranks() const {
    std::vector<int> scores;
    scores.reserve(players_.size());
    for (const auto& p : players_) {
        if (p.status == player_status::active) {
            scores.push_back(p.score);
        }
    }
    std::sort(scores.begin(), scores.end(), std::greater<>());
    std::vector<int> rank_of(players_.size(), 0);
    for (std::size_t i = 0; i < players_.size(); ++i) {
        if (players_[i].status == player_status::active) {
            const auto above = std::lower_bound(scores.begin(), scores.end(), players_[i].score,
                                                std::greater<>()) -
                               scores.begin();
            rank_of[i] = static_cast<int>(above) + 1;
        }
    }
    return rank_of;
}

protocol::result_msg room::result_for(const player& p, nlohmann::json correct, int rank) const {
    return {q_, std::move(correct), p.delta, p.streak, p.score, rank, member_count()};
}

void room::show_leaderboard(epoch_ms now, actions& out) {
    phase_ = phase::leaderboard;
    advance_at_ = settings_.auto_advance
                      ? std::optional<epoch_ms>(now + std::int64_t{settings_.leaderboard_s} * 1000)
                      : std::nullopt;
    persist(out, {room_state(now)});
    out.push_back(broadcast_action{audience::everyone, leaderboard_view()});
}

void room::show_podium(epoch_ms now, actions& out) {
    phase_ = phase::podium;
    final_ = true;
    advance_at_ = settings_.auto_advance
                      ? std::optional<epoch_ms>(now + std::int64_t{settings_.podium_s} * 1000)
                      : std::nullopt;
    // The podium is the game's result: its league entry is stored with the
    // room that shows it, so a restart neither loses it nor adds it twice.
    // A game ended before its first question adds nothing.
    std::vector<record> records{room_state(now)};
    if (settings_.league && q_ >= 0) {
        records.push_back(league_result());
    }
    if (q_ >= 0) {
        records.push_back(report_result(now));
    }
    persist(out, std::move(records));
    out.push_back(broadcast_action{audience::everyone, podium_view()});
    for (const auto& p : players_) {
        if (p.conn != 0 && p.status == player_status::active) {
            out.push_back(send_action{p.conn, recap_for(p), std::nullopt});
        }
    }
}

// What this player missed or scored under full credit on, with the explanations.
protocol::recap_msg room::recap_for(const player& p) const {
    protocol::recap_msg m;
    for (std::size_t i = 0; i < rounds_.size(); ++i) {
        const question& q = settings_.questions[i];
        const question_kind& kind = *find_kind(q.kind);
        if (!kind.scored()) {
            continue;
        }
        const auto a = rounds_[i].answers.find(p.id);
        // An interview question is only this player's when they were its candidate.
        if (settings_.interview && a == rounds_[i].answers.end()) {
            continue;
        }
        const double credit = a != rounds_[i].answers.end() ? a->second.credit.value_or(0.0) : 0.0;
        if (credit >= 1.0) {
            continue;
        }
        m.items.push_back({static_cast<int>(i), q.prompt,
                           a != rounds_[i].answers.end() ? protocol::answer_to_json(a->second.value)
                                                         : nlohmann::json(nullptr),
                           kind.correct(q), q.explanation, credit});
    }
    return m;
}

void room::finish(std::string reason, epoch_ms now, actions& out) {
    phase_ = phase::ended;
    advance_at_.reset();
    end_reason_ = std::move(reason);
    persist(out, {room_state(now)});
    out.push_back(broadcast_action{audience::everyone, protocol::ended_msg{end_reason_}});
    for (const auto& p : players_) {
        if (p.conn != 0) {
            out.push_back(close_action{p.conn, close_room_ended, "the game has ended"});
        }
    }
    for (conn_id host : hosts_) {
        out.push_back(close_action{host, close_room_ended, "the game has ended"});
    }
    for (auto& p : players_) {
        count(p, -1);
        p.conn = 0;
        count(p, 1);
    }
    conn_player_.clear();
    hosts_.clear();
    out.push_back(ended_action{});
}

// From reveal, leaderboard or podium to whatever comes next.
void room::advance(epoch_ms now, actions& out) {
    advance_at_.reset();
    switch (phase_) {
    case phase::reveal:
        show_leaderboard(now, out);
        return;
    case phase::leaderboard:
        if (final_) {
            show_podium(now, out);
        } else {
            open_question(q_ + 1, now, out);
        }
        return;
    case phase::podium:
        finish(end_reason_, now, out);
        return;
    default:
        return;
    }
}

// ---- views ----------------------------------------------------------------

protocol::player_ref room::player_view(const player& p) const {
    return {p.id, p.name, p.team};
}

protocol::question_msg room::question_view() const {
    const question& q = settings_.questions[static_cast<std::size_t>(q_)];
    protocol::question_msg m;
    m.q = q_;
    m.total = static_cast<int>(settings_.questions.size());
    m.kind = q.kind;
    m.prompt = q.prompt;
    m.choices = find_kind(q.kind)->shown_choices(q);
    m.category = q.category;
    m.time_limit_ms = std::int64_t{q.time_limit_s} * 1000;
    m.deadline = rounds_.back().deadline;
    m.points = q.points;
    if (const auto& c = rounds_.back().candidate) {
        const player& p = players_[player_index_.at(*c)];
        m.candidate = protocol::candidate_ref{p.id, p.name};
    }
    return m;
}

protocol::reveal_msg room::reveal_view() const {
    const question& q = settings_.questions[static_cast<std::size_t>(q_)];
    const question_kind& kind = *find_kind(q.kind);
    const round& r = rounds_.back();
    protocol::reveal_msg m;
    m.q = q_;
    m.correct = kind.correct(q);
    m.answered = static_cast<int>(r.answers.size());
    m.explanation = q.explanation;
    std::vector<int> distribution(kind.shown_choices(q).value_or(std::vector<std::string>{}).size(),
                                  0);
    for (const auto& [id, a] : r.answers) {
        if (a.credit && *a.credit >= 1.0) {
            ++m.correct_count;
        }
        for (int pick : kind.picks(q, a.value)) {
            ++distribution[static_cast<std::size_t>(pick)];
        }
    }
    if (kind.has_distribution()) {
        m.distribution = std::move(distribution);
    }
    if (settings_.interview) {
        std::vector<std::string> covered;
        if (r.candidate) {
            if (const auto a = r.answers.find(*r.candidate); a != r.answers.end()) {
                covered = kinds::covered_keywords(
                    q.keywords, std::get<protocol::text_answer>(a->second.value).text);
            }
        }
        m.covered = std::move(covered);
        m.rating_deadline = r.rating_deadline;
    }
    return m;
}

protocol::leaderboard_msg room::leaderboard_view() const {
    std::vector<ranked_entry> entries;
    for (const auto& p : players_) {
        if (p.status == player_status::active) {
            entries.push_back({p.id, p.name, p.score, p.total_ms});
        }
    }
    const ranking ranked = rank_players(std::move(entries), 10);
    protocol::leaderboard_msg m;
    m.q = q_;
    for (std::size_t i = 0; i < ranked.order.size(); ++i) {
        const player& p = players_[player_index_.at(ranked.order[i].id)];
        m.top.push_back({p.id, p.name, p.score, p.delta, ranked.ranks[i]});
    }
    if (!settings_.teams.empty()) {
        m.teams = team_standings();
    }
    return m;
}

protocol::podium_msg room::podium_view() const {
    auto board = leaderboard_view();
    protocol::podium_msg m;
    board.top.resize(std::min<std::size_t>(board.top.size(), 3));
    m.top = std::move(board.top);
    m.teams = std::move(board.teams);
    m.report = "/api/rooms/" + code_ + "/report";
    return m;
}

std::vector<protocol::team_standing> room::team_standings() const {
    std::vector<protocol::team_standing> out;
    for (const auto& team : settings_.teams) {
        long long sum = 0;
        int members = 0;
        for (const auto& p : players_) {
            if (p.team == team) {
                sum += p.score;
                ++members;
            }
        }
        if (members > 0) {
            out.push_back({team, static_cast<int>((sum + members / 2) / members), 0});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].rank =
            i > 0 && out[i].score == out[i - 1].score ? out[i - 1].rank : static_cast<int>(i) + 1;
    }
    return out;
}

protocol::state_msg room::state_for(conn_id conn, epoch_ms now) const {
    protocol::state_msg s;
    s.current = phase_;
    s.code = code_;
    s.quiz = quiz();
    if (q_ >= 0) {
        s.q = q_;
    }
    s.total = static_cast<int>(settings_.questions.size());
    s.players = member_count();
    s.connected = connected_count();
    s.locked = locked_;
    s.paused = paused_;
    switch (phase_) {
    case phase::question:
        s.question = question_view();
        if (paused_) {
            s.remaining_ms = remaining_ms_;
        } else {
            s.deadline = rounds_.back().deadline;
        }
        break;
    case phase::reveal:
        s.reveal = reveal_view();
        break;
    case phase::leaderboard:
        s.leaderboard = leaderboard_view();
        break;
    case phase::podium:
    case phase::ended:
        s.podium = podium_view();
        break;
    case phase::lobby:
        break;
    }
    if (const auto it = conn_player_.find(conn); it != conn_player_.end()) {
        const player& p = players_[it->second];
        protocol::you_info you{p.id, p.name, p.team, p.score, 0, false, nullptr};
        if (p.status == player_status::active) {
            // As rank_players ranks (ties share the rank): one more than the
            // players who have more points, without sorting everyone.
            const auto ahead = [&](const player& x) {
                return x.status == player_status::active && x.score > p.score;
            };
            you.rank = 1 + static_cast<int>(std::count_if(players_.begin(), players_.end(), ahead));
        }
        if (phase_ == phase::question && !rounds_.empty()) {
            const auto a = rounds_.back().answers.find(p.id);
            if (a != rounds_.back().answers.end()) {
                you.answered = true;
                you.answer = protocol::answer_to_json(a->second.value);
            }
        }
        s.you = std::move(you);
    }
    if (is_host(conn)) {
        std::vector<protocol::roster_entry> roster;
        for (const auto& p : players_) {
            if (p.status == player_status::active) {
                roster.push_back({p.id, p.name, p.team, p.conn != 0});
            }
        }
        s.roster = std::move(roster);
    }
    (void)now;
    return s;
}

// ---- helpers ----------------------------------------------------------------

room::player* room::player_by_conn(conn_id conn) {
    const auto it = conn_player_.find(conn);
    return it == conn_player_.end() ? nullptr : &players_[it->second];
}

room::player* room::player_by_id(const std::string& id) {
    const auto it = player_index_.find(id);
    return it == player_index_.end() ? nullptr : &players_[it->second];
}

bool room::require_host(const command_event& e, actions& out) {
    if (is_host(e.conn)) {
        return true;
    }
    error(e, error::forbidden, "only the host can do that", out);
    return false;
}

int room::answered_count() const {
    return rounds_.empty() ? 0 : static_cast<int>(rounds_.back().answers.size());
}

// The longest round-trip time of a connected player.
std::int64_t room::close_extension_ms() const {
    return rtt_max_;
}

bool room::everyone_connected_answered() const {
    return connected_answered_ == connected_;
}

bool room::answered_this_round(const player& p) const {
    return !rounds_.empty() && rounds_.back().answers.contains(p.id);
}

void room::count(const player& p, int sign) {
    if (p.status != player_status::active) {
        return;
    }
    members_ += sign;
    if (p.team) {
        team_members_[*p.team] += sign;
    }
    if (p.conn == 0) {
        return;
    }
    connected_ += sign;
    if (answered_this_round(p)) {
        connected_answered_ += sign;
    }
    rtt_counts_[static_cast<std::size_t>(p.rtt_ms)] += sign;
    if (sign > 0) {
        rtt_max_ = std::max(rtt_max_, p.rtt_ms);
    }
    while (rtt_max_ > 0 && rtt_counts_[static_cast<std::size_t>(rtt_max_)] == 0) {
        --rtt_max_;
    }
}

void room::error(const command_event& e, protocol::error code, std::string message, actions& out) {
    out.push_back(send_action{e.conn, protocol::error_msg{code, std::move(message)}, e.id});
}

void room::persist(actions& out, std::vector<record> records) {
    out.push_back(persist_action{std::move(records)});
}

room_record room::room_state(epoch_ms now) const {
    room_record r;
    r.code = code_;
    r.quiz_id = settings_.quiz_id;
    r.phase = phase_;
    r.q = q_;
    r.locked = locked_;
    r.paused = paused_;
    r.host_token_hash = host_token_hash_;
    r.options = settings_.options;
    r.updated_at = now;
    r.seed = settings_.seed;
    r.game_id = game_id_;
    if (phase_ == phase::question) {
        const round& open = rounds_.back();
        r.opened_at = open.opened_at;
        r.deadline = open.deadline;
        r.paused_total_ms = open.paused_total_ms;
    }
    if (paused_) {
        r.paused_at = paused_at_;
        r.remaining_ms = remaining_ms_;
    }
    r.advance_at = advance_at_;
    r.final = final_;
    r.end_reason = end_reason_;
    r.next_player_number = next_player_number_;
    if (settings_.interview && !rounds_.empty()) {
        const round& last = rounds_.back();
        r.candidate = last.candidate;
        if (phase_ != phase::question) {
            r.rating_deadline = last.rating_deadline;
        }
        r.rated = last.rated;
        r.ratings = last.ratings;
        r.host_rating = last.host_rating;
    }
    return r;
}

player_record room::player_state(const player& p) const {
    return {code_, p.id, p.name, p.team, p.token_hash, p.score, p.streak, p.total_ms, p.status};
}

// Everyone who played and was not kicked (leavers keep their score), under
// their folded name so that "Ada" in one game and "ada" in the next add up.
league_record room::league_result() const {
    league_record r;
    r.league = settings_.league.value_or(std::string());
    r.game_id = game_id_;
    for (const auto& p : players_) {
        if (p.status != player_status::kicked) {
            r.players.push_back({p.key, p.name, p.score});
        }
    }
    for (const auto& t : team_standings()) {
        r.teams.push_back({t.name, t.name, t.score});
    }
    return r;
}

void room::mark_lobby_changed(epoch_ms now, actions& out) {
    if (!lobby_.pending_at) {
        const std::int64_t interval = std::max<std::int64_t>(
            lobby_interval_ms, std::int64_t{members_} * 1000 / lobby_frames_per_second);
        lobby_.pending_at = lobby_.last_sent ? std::max(now, *lobby_.last_sent + interval) : now;
    }
    flush_throttles(now, out);
}

void room::mark_answers_changed(epoch_ms now, actions& out) {
    if (!answers_.pending_at) {
        answers_.pending_at =
            answers_.last_sent ? std::max(now, *answers_.last_sent + answers_interval_ms) : now;
    }
    flush_throttles(now, out);
}

void room::flush_throttles(epoch_ms now, actions& out) {
    if (lobby_.pending_at && now >= *lobby_.pending_at) {
        lobby_ = throttle{now, std::nullopt};
        // Host screens get everything players get except `result` (PROTOCOL.md).
        out.push_back(broadcast_action{audience::everyone,
                                       protocol::lobby_msg{member_count(), connected_count()}});
    }
    if (answers_.pending_at && now >= *answers_.pending_at && !rounds_.empty()) {
        answers_ = throttle{now, std::nullopt};
        out.push_back(broadcast_action{audience::hosts,
                                       protocol::answers_msg{static_cast<int>(rounds_.size()) - 1,
                                                             answered_count(), connected_count()}});
    }
}

void room::track_presence(epoch_ms now) {
    if (hosts_.empty() && connected_count() == 0) {
        if (!empty_since_) {
            empty_since_ = now;
        }
    } else {
        empty_since_.reset();
    }
}

void room::schedule(actions& out) {
    std::optional<epoch_ms> at;
    const auto earliest = [&at](std::optional<epoch_ms> t) {
        if (t && (!at || *t < *at)) {
            at = t;
        }
    };
    if (phase_ != phase::ended) {
        if (phase_ == phase::question && !paused_) {
            earliest(rounds_.back().deadline + close_extension_ms() + close_grace_ms);
        }
        if (rating_open()) {
            earliest(rounds_.back().rating_deadline + close_grace_ms);
        }
        earliest(advance_at_);
        earliest(lobby_.pending_at);
        earliest(answers_.pending_at);
        if (empty_since_) {
            earliest(*empty_since_ + idle_expiry_ms);
        }
    }
    // A restored room's host has no timer yet, whatever the room had asked for.
    if (at != scheduled_ || restored_) {
        scheduled_ = at;
        out.push_back(timer_action{at});
    }
}

std::optional<std::string> room::balanced_team() const {
    std::optional<std::string> best;
    int best_size = std::numeric_limits<int>::max();
    for (const auto& team : settings_.teams) {
        const auto it = team_members_.find(team);
        const int size = it != team_members_.end() ? it->second : 0;
        if (size < best_size) {
            best = team;
            best_size = size;
        }
    }
    return best;
}

} // namespace quizroom::game
