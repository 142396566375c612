// The room's judgement of answers in people's own words: interview mode's
// candidates and peer ratings, and the host's override of an `open`
// question's credit (PROTOCOL.md, "Interview mode" and `override`). The
// rules themselves are pure functions in interview.hpp and scoring.hpp.

#include "game/question_kind.hpp"
#include "game/room.hpp"

namespace quizroom::game {

using protocol::epoch_ms;
using protocol::error;
using protocol::phase;

bool room::rating_open() const {
    return settings_.interview && phase_ == phase::reveal && !rounds_.empty() &&
           !rounds_.back().rated;
}

// The next connected player after the last question's candidate.
std::optional<std::string> room::pick_candidate() const {
    std::vector<candidate_slot> slots;
    for (const auto& p : players_) {
        slots.push_back({p.status == player_status::active, p.conn != 0});
    }
    std::optional<std::size_t> previous;
    if (!rounds_.empty() && rounds_.back().candidate) {
        previous = player_index_.at(*rounds_.back().candidate);
    }
    const auto next = next_candidate(slots, previous);
    return next ? std::optional<std::string>(players_[*next].id) : std::nullopt;
}

interview_outcome room::rating_outcome(const round& r) const {
    double coverage = 0;
    if (r.candidate) {
        if (const auto a = r.answers.find(*r.candidate); a != r.answers.end()) {
            const question& q = settings_.questions[static_cast<std::size_t>(q_)];
            coverage = find_kind(q.kind)->credit(q, a->second.value).value_or(0.0);
        }
    }
    return score_interview(r.ratings, r.host_rating, coverage);
}

std::optional<std::string> room::load_interview(const room_record& rec, std::int64_t shift) {
    round& r = rounds_.back();
    if (rec.candidate && !player_index_.contains(*rec.candidate)) {
        return "candidate " + *rec.candidate + " is not a player of the room";
    }
    for (const auto& [rater, score] : rec.ratings) {
        if (!player_index_.contains(rater) || rater == rec.candidate) {
            return "the rating of " + rater + " does not fit the room";
        }
    }
    r.candidate = rec.candidate;
    r.rated = rec.rated;
    r.ratings = rec.ratings;
    r.host_rating = rec.host_rating;
    // Nobody rates while the room is gone, as nobody answers.
    const bool open = rec.phase == phase::reveal && !rec.rated;
    r.rating_deadline = rec.rating_deadline.value_or(0) + (open ? shift : 0);
    if (open && !rec.rating_deadline) {
        return "rating is open without a deadline";
    }
    return std::nullopt;
}

// ---- commands ----------------------------------------------------------------

void room::on_rate(const command_event& e, const protocol::rate_msg& m, epoch_ms now,
                   actions& out) {
    if (!settings_.interview) {
        error(e, error::wrong_phase, "rating is only open in interview mode", out);
        return;
    }
    const player* rater = player_by_conn(e.conn);
    if (rater == nullptr && !is_host(e.conn)) {
        error(e, error::forbidden, "only players and the host of this room rate", out);
        return;
    }
    if (phase_ == phase::lobby || phase_ == phase::question) {
        error(e, error::wrong_phase, "rating opens when the candidate's question closes", out);
        return;
    }
    round& r = rounds_.back();
    if (!rating_open() || e.read_at > r.rating_deadline) {
        error(e, error::late, "rating has closed", out);
        return;
    }
    if (rater != nullptr && rater->id == r.candidate) {
        error(e, error::forbidden, "the candidate does not rate their own answer", out);
        return;
    }
    if (m.player_id != r.candidate) {
        error(e, error::bad_message, "`player_id` must be this question's candidate", out);
        return;
    }
    const bool rated_before =
        rater != nullptr ? r.ratings.contains(rater->id) : r.host_rating.has_value();
    if (rated_before) {
        error(e, error::duplicate, "you have already rated this answer", out);
        return;
    }
    if (rater != nullptr) {
        r.ratings[rater->id] = m.score;
    } else {
        r.host_rating = m.score;
    }
    persist(out, {room_state(now)});
    out.push_back(send_action{e.conn, protocol::answer_ack_msg{q_, 0, std::nullopt}, e.id});
}

void room::on_candidate(const command_event& e, const protocol::candidate_msg& m, epoch_ms now,
                        actions& out) {
    if (!settings_.interview) {
        error(e, error::wrong_phase, "candidates exist only in interview mode", out);
        return;
    }
    if (!require_host(e, out)) {
        return;
    }
    if (phase_ != phase::question) {
        error(e, error::wrong_phase, "a candidate is picked while the question is open", out);
        return;
    }
    const player* p = player_by_id(m.player_id);
    if (p == nullptr || p->status != player_status::active) {
        error(e, error::not_found, "no such player in this room", out);
        return;
    }
    rounds_.back().candidate = p->id;
    persist(out, {room_state(now)});
    // The same question again: its clocks were stamped once and stand.
    out.push_back(broadcast_action{audience::everyone, question_view()});
}

void room::on_override(const command_event& e, const protocol::override_msg& m, actions& out) {
    if (!require_host(e, out)) {
        return;
    }
    if (settings_.interview) {
        error(e, error::wrong_phase, "interview answers are rated, not overridden", out);
        return;
    }
    if (phase_ != phase::reveal || m.q != q_) {
        error(e, error::wrong_phase, "credit is overridden during the question's reveal", out);
        return;
    }
    const question& q = settings_.questions[static_cast<std::size_t>(q_)];
    if (q.kind != "open") {
        error(e, error::bad_message, "only an `open` question's credit can be overridden", out);
        return;
    }
    player* p = player_by_id(m.player_id);
    if (p == nullptr || p->status == player_status::kicked) {
        error(e, error::not_found, "no such player in this room", out);
        return;
    }
    round& r = rounds_.back();
    const auto found = r.answers.find(p->id);
    if (found == r.answers.end()) {
        error(e, error::bad_message, "that player did not answer this question", out);
        return;
    }

    // Scored again as if the keywords had given this credit: the same
    // answer time, the streak from where it stood before the question.
    answer_entry& a = found->second;
    const int old_points = a.points;
    const std::int64_t limit_ms = std::int64_t{q.time_limit_s} * 1000;
    a.credit = m.credit;
    a.points = base_points(settings_.scoring, q.points, a.ms, limit_ms, m.credit);
    a.streak_after = m.credit >= 1.0 ? a.streak_before + 1 : 0;
    if (m.credit >= 1.0 && settings_.streak_bonus) {
        a.points += streak_bonus(a.streak_after);
    }
    p->score += a.points - old_points;
    p->delta = a.points;
    p->streak = a.streak_after;

    persist(out, {answer_record{code_, q_, p->id, protocol::answer_to_json(a.value), a.ms, a.points,
                                a.credit, a.streak_after, a.streak_before},
                  player_state(*p)});
    if (p->conn != 0 && p->status == player_status::active) {
        const int rank = ranks()[player_index_.at(p->id)];
        out.push_back(
            send_action{p->conn, result_for(*p, correct_json(m.credit), rank), std::nullopt});
    }
    out.push_back(broadcast_action{audience::hosts, open_answers_view()});
}

// In join order, so that the host's list stays put as credits change.
protocol::open_answers_msg room::open_answers_view() const {
    const round& r = rounds_.back();
    protocol::open_answers_msg m;
    m.q = q_;
    for (const auto& p : players_) {
        const auto a = r.answers.find(p.id);
        if (a == r.answers.end() || p.status == player_status::kicked) {
            continue;
        }
        const auto* text = std::get_if<protocol::text_answer>(&a->second.value);
        m.answers.push_back({p.id, p.name, text != nullptr ? text->text : std::string{},
                             a->second.credit.value_or(0.0), a->second.points});
    }
    return m;
}

// ---- phases ----------------------------------------------------------------

// An interview question closes into a reveal that waits for ratings: nothing
// is scored yet, only the candidate's answer time counts.
void room::open_rating(epoch_ms now, actions& out) {
    round& r = rounds_.back();
    r.rating_deadline = now + std::int64_t{settings_.rating_s} * 1000;
    advance_at_.reset();
    std::vector<record> records;
    for (auto& p : players_) {
        p.delta = 0;
        if (const auto it = r.answers.find(p.id); it != r.answers.end()) {
            p.total_ms += it->second.ms;
            records.push_back(player_state(p));
        }
    }
    records.push_back(room_state(now));
    persist(out, std::move(records));
    if (answers_.pending_at) {
        answers_.pending_at = now;
        flush_throttles(now, out);
    }
    out.push_back(broadcast_action{audience::everyone, reveal_view()});
}

void room::close_rating(epoch_ms now, actions& out) {
    round& r = rounds_.back();
    r.rated = true;
    const interview_outcome o = rating_outcome(r);
    advance_at_ = settings_.auto_advance
                      ? std::optional<epoch_ms>(now + std::int64_t{settings_.reveal_s} * 1000)
                      : std::nullopt;

    std::vector<record> records;
    for (auto& p : players_) {
        const auto bonus = o.rater_points.find(p.id);
        p.delta = p.id == r.candidate             ? o.candidate_points
                  : bonus != o.rater_points.end() ? bonus->second
                                                  : 0;
        if (p.delta != 0) {
            p.score += p.delta;
            records.push_back(player_state(p));
        }
    }
    if (r.candidate) {
        if (const auto a = r.answers.find(*r.candidate); a != r.answers.end()) {
            a->second.credit = o.candidate_credit;
            a->second.points = o.candidate_points;
            records.push_back(answer_record{code_, q_, a->first,
                                            protocol::answer_to_json(a->second.value), a->second.ms,
                                            a->second.points, a->second.credit,
                                            a->second.streak_after, a->second.streak_before});
        }
    }
    records.push_back(room_state(now));
    persist(out, std::move(records));

    // Without a candidate (nobody had joined) there is nobody to announce.
    if (r.candidate) {
        const player& c = players_[player_index_.at(*r.candidate)];
        out.push_back(broadcast_action{
            audience::everyone,
            protocol::rated_msg{q_, {c.id, c.name}, o.median, o.ratings, o.candidate_points}});
    }
    const auto rank_of = ranks();
    results_action results;
    for (std::size_t i = 0; i < players_.size(); ++i) {
        const player& p = players_[i];
        if (p.conn == 0 || p.status != player_status::active) {
            continue;
        }
        // The candidate's credit; whether a rater agreed with the host, when
        // the host rated; nothing for the others.
        nlohmann::json correct = nullptr;
        if (p.id == r.candidate) {
            correct = correct_json(o.candidate_credit);
        } else if (r.host_rating && r.ratings.contains(p.id)) {
            correct = o.rater_points.at(p.id) > 0;
        }
        results.results.push_back({p.conn, result_for(p, std::move(correct), rank_of[i])});
    }
    if (!results.results.empty()) {
        out.push_back(std::move(results));
    }
}

} // namespace quizroom::game
