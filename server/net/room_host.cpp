#include "net/room_host.hpp"

#include "net/clock.hpp"
#include "net/log_event.hpp"
#include "net/metrics.hpp"
#include "protocol/codec.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <iterator>

namespace quizroom::net {

namespace asio = boost::asio;
using std::chrono::steady_clock;

room_host::room_host(asio::any_io_executor executor, game::room room, store::store& store,
                     on_ended ended)
    : strand_(asio::make_strand(executor)), timer_(strand_), room_(std::move(room)),
      teams_(room_.teams()), store_(store), ended_(std::move(ended)),
      counted_phase_(room_.phase()) {
    server_metrics().count_phase(counted_phase_, 1);
    update_summary();
}

room_host::~room_host() {
    server_metrics().count_phase(counted_phase_, -1);
    server_metrics().players.add(-counted_players_);
}

void room_host::open(std::shared_ptr<connection> from, std::optional<nlohmann::json> id,
                     api_reply reply) {
    asio::post(strand_, [self = shared_from_this(), from = std::move(from), id = std::move(id),
                         reply = std::move(reply)]() mutable {
        game::conn_id conn = 0;
        if (from) {
            conn = from->id();
            self->members_[conn] = member{from, std::nullopt, {}};
        }
        self->api_reply_ = std::move(reply);
        self->handle(game::open_event{conn, std::move(id)});
    });
}

void room_host::resume() {
    asio::post(strand_, [self = shared_from_this()] {
        log_event(spdlog::level::info, "room resumed after a restart",
                  {{"room", self->room_.code()},
                   {"phase", std::string(protocol::to_string(self->room_.phase()))},
                   {"players", std::to_string(self->room_.member_count())}});
        self->handle(game::tick_event{});
    });
}

void room_host::close_for_restart() {
    asio::post(strand_, [self = shared_from_this()] {
        // The room stays as stored: the departures this causes, and the
        // timer, must not move the game on (a question would close once
        // every player still connected had answered).
        self->frozen_ = true;
        self->timer_.cancel();
        const auto notice = std::make_shared<const std::string>(protocol::encode(
            protocol::error_msg{protocol::error::unavailable,
                                "the server is restarting; reconnect and rejoin in a moment"}));
        for (auto& [id, m] : self->members_) {
            if (auto c = m.conn.lock()) {
                c->send(notice);
                c->close(1012, "service restart");
            }
        }
    });
}

void room_host::command(std::shared_ptr<connection> from, game::command_event e) {
    // The connection calls this as it reads the command: the start of its
    // reply's latency.
    asio::post(strand_, [self = shared_from_this(), from = std::move(from), e = std::move(e),
                         received = steady_clock::now()]() mutable {
        self->members_.try_emplace(e.conn, member{from, std::nullopt, {}});
        self->handle(e, received);
    });
}

void room_host::disconnected(game::conn_id conn) {
    asio::post(strand_, [self = shared_from_this(), conn] {
        if (self->members_.erase(conn) > 0) {
            self->host_members_.erase(conn);
            self->handle(game::disconnect_event{conn});
        }
    });
}

void room_host::delivered(game::delivered_event e) {
    {
        std::lock_guard lock(delivered_mutex_);
        delivered_.push_back(e);
        if (delivered_.size() > 1) {
            return; // the post that takes the first one takes this one too
        }
    }
    asio::post(strand_, [self = shared_from_this()] { self->take_delivered(); });
}

// On the strand. Reports keep their order relative to the connection's later
// commands: a command posted after a report finds it here already.
void room_host::take_delivered() {
    std::vector<game::delivered_event> batch;
    {
        std::lock_guard lock(delivered_mutex_);
        batch.swap(delivered_);
    }
    for (const auto& e : batch) {
        handle(e);
    }
}

void room_host::forget(game::conn_id conn) {
    members_.erase(conn);
    host_members_.erase(conn);
}

void room_host::report(std::string host_token, api_result<game::game_report> done) {
    asio::post(strand_,
               [self = shared_from_this(), token = std::move(host_token), done = std::move(done)] {
                   if (!self->room_.is_host_token(token)) {
                       return done(protocol::protocol_error{protocol::error::forbidden,
                                                            "that is not this room's host token"});
                   }
                   done(self->room_.report(server_clock::now()));
               });
}

void room_host::recap(std::string player_token, api_result<protocol::recap_msg> done) {
    asio::post(strand_, [self = shared_from_this(), token = std::move(player_token),
                         done = std::move(done)] {
        auto recap = self->room_.recap(token);
        if (auto* e = std::get_if<protocol::protocol_error>(&recap)) {
            return done(std::move(*e));
        }
        done(std::get<protocol::recap_msg>(std::move(recap)));
    });
}

void room_host::erase(std::string host_token, api_result<std::monostate> done) {
    asio::post(strand_, [self = shared_from_this(), token = std::move(host_token),
                         done = std::move(done)]() mutable {
        if (!self->room_.is_host_token(token)) {
            return done(protocol::protocol_error{protocol::error::forbidden,
                                                 "that is not this room's host token"});
        }
        if (self->frozen_) {
            return done(protocol::protocol_error{
                protocol::error::unavailable, "the server is restarting; try again in a minute"});
        }
        self->erase_waiters_.push_back(std::move(done));
        self->handle(game::erase_event{});
    });
}

room_summary room_host::summary() const {
    std::lock_guard lock(summary_mutex_);
    return summary_;
}

void room_host::handle(const game::event& e, steady_time received) {
    if (frozen_) {
        return;
    }
    auto actions = room_.handle(e, server_clock::now());
    for (auto& a : actions) {
        backlog_.push_back({std::move(a), received});
    }
    update_summary();
    drain();
}

// Carries out actions in order; a commit pauses the rest until it is stored.
// A commit takes every record waiting in the backlog with it: what follows
// any of them still waits for the store, but a burst of answers costs one
// round trip rather than one each.
void room_host::drain() {
    while (!committing_ && !backlog_.empty()) {
        pending_action next = std::move(backlog_.front());
        backlog_.pop_front();
        if (auto* first = std::get_if<game::persist_action>(&next.action)) {
            gather_records(*first);
        }
        performing_received_ = next.received;
        perform(next.action);
    }
}

// One pass over the backlog: erasing each persist where it stood cost a
// shift of the deque per answer, quadratic in a burst that piled up behind
// a Redis commit.
void room_host::gather_records(game::persist_action& into) {
    std::deque<pending_action> rest;
    for (auto& p : backlog_) {
        if (auto* later = std::get_if<game::persist_action>(&p.action)) {
            std::move(later->records.begin(), later->records.end(),
                      std::back_inserter(into.records));
        } else {
            rest.push_back(std::move(p));
        }
    }
    backlog_ = std::move(rest);
}

void room_host::perform(game::action& a) {
    std::visit([this](auto& x) { perform(x); }, a);
}

void room_host::perform(game::persist_action& a) {
    committing_ = true;
    server_metrics().store_batch_records.observe(static_cast<double>(a.records.size()));
    store_.commit(std::move(a.records),
                  [self = shared_from_this(), started = steady_clock::now()](bool durable) {
                      server_metrics().store_commit_seconds.observe(steady_clock::now() - started);
                      asio::dispatch(self->strand_, [self, durable] {
                          self->committing_ = false;
                          self->last_commit_durable_ = durable;
                          self->drain();
                      });
                  });
}

// A barrier like a commit: what follows waits until the store has deleted.
void room_host::perform(game::erase_action& a) {
    committing_ = true;
    store_.erase_room(room_.code(), a.game_id, [self = shared_from_this()](bool erased) {
        asio::dispatch(self->strand_, [self, erased] {
            self->committing_ = false;
            if (erased) {
                log_event(spdlog::level::info, "room deleted by its host",
                          {{"room", self->room_.code()}});
            }
            for (auto& done : std::exchange(self->erase_waiters_, {})) {
                if (erased) {
                    done(std::monostate{});
                } else {
                    done(protocol::protocol_error{protocol::error::unavailable,
                                                  "the store cannot be reached; try again"});
                }
            }
            self->drain();
        });
    });
}

void room_host::perform(game::send_action& a) {
    if (auto* ack = std::get_if<protocol::answer_ack_msg>(&a.message);
        ack != nullptr && !last_commit_durable_) {
        ack->durable = false;
    }
    if (const auto* created = std::get_if<protocol::created_msg>(&a.message)) {
        log_event(spdlog::level::info, "room created",
                  {{"room", created->code},
                   {"quiz", room_.quiz().id},
                   {"via", a.conn == 0 ? "http" : "websocket"}});
    }
    if (a.conn == 0) {
        if (api_reply_) {
            api_reply_(a.message);
            api_reply_ = nullptr;
        }
        return;
    }
    const auto it = members_.find(a.conn);
    if (it == members_.end()) {
        return;
    }
    if (const auto* joined = std::get_if<protocol::joined_msg>(&a.message)) {
        it->second.player_id = joined->player_id;
    }
    auto c = it->second.conn.lock();
    if (!c) {
        return;
    }
    auto frame = std::make_shared<const std::string>(protocol::encode(a.message, a.id));
    auto& m = server_metrics();
    m.count_sent(a.message, frame->size());
    if (std::holds_alternative<protocol::answer_ack_msg>(a.message) &&
        performing_received_ != steady_time{}) {
        m.answer_ack_seconds.observe(steady_clock::now() - performing_received_);
    } else if (const auto* e = std::get_if<protocol::error_msg>(&a.message)) {
        m.count_error(e->code);
        log_error_sent(a.conn, *e);
    }
    c->send(std::move(frame));
}

// Each player's `result` at a close: thousands in a big room, so nothing
// here is done per frame that a send_action would not need.
void room_host::perform(game::results_action& a) {
    std::size_t bytes = 0;
    std::size_t sent = 0;
    for (auto& r : a.results) {
        const auto it = members_.find(r.conn);
        if (it == members_.end()) {
            continue;
        }
        auto c = it->second.conn.lock();
        if (!c) {
            continue;
        }
        auto frame = std::make_shared<const std::string>(protocol::encode(r.message));
        bytes += frame->size();
        ++sent;
        c->send(std::move(frame));
    }
    const auto type = protocol::server_message{protocol::result_msg{}}.index();
    server_metrics().sent[type].add(sent);
    server_metrics().sent_bytes[type].add(bytes);
}

void room_host::log_error_sent(game::conn_id conn, const protocol::error_msg& e) const {
    const auto it = members_.find(conn);
    log_event(spdlog::level::info, "error sent",
              {{"code", std::string(protocol::to_string(e.code))},
               {"conn", std::to_string(conn)},
               {"room", room_.code()},
               {"player", it != members_.end() ? it->second.player_id : std::string{}},
               {"detail", e.message}});
}

void room_host::perform(game::broadcast_action& a) {
    const auto started = steady_clock::now();
    const auto frame = std::make_shared<const std::string>(protocol::encode(a.message));
    const auto* question = std::get_if<protocol::question_msg>(&a.message);
    std::size_t recipients = 0;
    const auto deliver = [&](const member& m) {
        if (!m.role) {
            return;
        }
        const bool to_players = a.to != game::audience::hosts;
        const bool to_hosts = a.to != game::audience::players;
        const bool is_player = *m.role == game::role::player;
        if ((is_player && !to_players) || (!is_player && !to_hosts)) {
            return;
        }
        if (auto c = m.conn.lock()) {
            c->send(frame, question != nullptr && is_player ? question->q : -1);
            ++recipients;
        }
    };
    if (a.to == game::audience::hosts) {
        // Host-only frames (one `player_joined` per join) skip the players.
        for (const game::conn_id id : host_members_) {
            if (const auto it = members_.find(id); it != members_.end()) {
                deliver(it->second);
            }
        }
    } else {
        for (const auto& [id, m] : members_) {
            deliver(m);
        }
    }
    auto& m = server_metrics();
    m.count_sent(a.message, frame->size(), recipients);
    m.fanout_seconds.observe(steady_clock::now() - started);
    if (const auto* ended = std::get_if<protocol::ended_msg>(&a.message)) {
        log_event(spdlog::level::info, "room ended",
                  {{"room", room_.code()},
                   {"reason", ended->reason},
                   {"players", std::to_string(room_.member_count())}});
    }
}

void room_host::perform(game::attach_action& a) {
    auto& m = members_[a.conn];
    m.role = a.as;
    if (a.as == game::role::host) {
        host_members_.insert(a.conn);
    } else {
        host_members_.erase(a.conn);
    }
    if (auto c = m.conn.lock()) {
        c->attached(shared_from_this(), a.as);
    }
}

void room_host::perform(game::close_action& a) {
    const auto it = members_.find(a.conn);
    if (it == members_.end()) {
        return;
    }
    if (auto c = it->second.conn.lock()) {
        c->detached();
        c->close(a.code, std::move(a.reason));
    }
    forget(a.conn);
}

void room_host::perform(game::timer_action& a) {
    if (!a.at) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(server_clock::to_steady(*a.at));
    timer_.async_wait(
        [self = shared_from_this()](boost::system::error_code ec) { self->on_timer(ec); });
}

void room_host::on_timer(boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted) {
        return;
    }
    handle(game::tick_event{});
}

void room_host::perform(game::ended_action&) {
    members_.clear();
    host_members_.clear();
    if (ended_) {
        ended_(room_.code());
    }
}

void room_host::update_summary() {
    const auto phase = room_.phase();
    const int players = phase == protocol::phase::ended ? 0 : room_.member_count();
    auto& m = server_metrics();
    if (phase != counted_phase_) {
        if (counted_phase_ == protocol::phase::lobby && phase == protocol::phase::question) {
            log_event(spdlog::level::info, "room started",
                      {{"room", room_.code()}, {"players", std::to_string(room_.member_count())}});
        }
        m.count_phase(counted_phase_, -1);
        m.count_phase(phase, 1);
        counted_phase_ = phase;
    }
    if (players != counted_players_) {
        m.players.add(players - counted_players_);
        counted_players_ = players;
    }
    // summary_ is written on the strand only, so reading it here needs no lock.
    if (summary_.phase == phase && summary_.players == room_.member_count() &&
        summary_.locked == room_.locked() && !summary_.code.empty()) {
        return;
    }
    std::lock_guard lock(summary_mutex_);
    summary_ = room_summary{room_.code(), room_.phase(), room_.member_count(), room_.quiz(),
                            room_.locked()};
}

} // namespace quizroom::net
