#include "net/room_host.hpp"

#include "net/clock.hpp"
#include "protocol/codec.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace quizroom::net {

namespace asio = boost::asio;

room_host::room_host(asio::any_io_executor executor, game::room room, store::store& store,
                     on_ended ended)
    : strand_(asio::make_strand(executor)), timer_(strand_), room_(std::move(room)), store_(store),
      ended_(std::move(ended)) {
    update_summary();
}

void room_host::open(std::shared_ptr<connection> from, std::optional<nlohmann::json> id,
                     api_reply reply) {
    asio::post(strand_, [self = shared_from_this(), from = std::move(from), id = std::move(id),
                         reply = std::move(reply)]() mutable {
        game::conn_id conn = 0;
        if (from) {
            conn = from->id();
            self->members_[conn] = member{from, std::nullopt};
        }
        self->api_reply_ = std::move(reply);
        self->handle(game::open_event{conn, std::move(id)});
    });
}

void room_host::command(std::shared_ptr<connection> from, game::command_event e) {
    asio::post(strand_,
               [self = shared_from_this(), from = std::move(from), e = std::move(e)]() mutable {
                   self->members_.try_emplace(e.conn, member{from, std::nullopt});
                   self->handle(e);
               });
}

void room_host::disconnected(game::conn_id conn) {
    asio::post(strand_, [self = shared_from_this(), conn] {
        if (self->members_.erase(conn) > 0) {
            self->handle(game::disconnect_event{conn});
        }
    });
}

void room_host::delivered(game::delivered_event e) {
    asio::post(strand_, [self = shared_from_this(), e] { self->handle(e); });
}

room_summary room_host::summary() const {
    std::lock_guard lock(summary_mutex_);
    return summary_;
}

void room_host::handle(const game::event& e) {
    auto actions = room_.handle(e, server_clock::now());
    for (auto& a : actions) {
        backlog_.push_back(std::move(a));
    }
    update_summary();
    drain();
}

// Carries out actions in order; a commit pauses the rest until it is stored.
void room_host::drain() {
    while (!committing_ && !backlog_.empty()) {
        game::action a = std::move(backlog_.front());
        backlog_.pop_front();
        perform(a);
    }
}

void room_host::perform(game::action& a) {
    std::visit([this](auto& x) { perform(x); }, a);
}

void room_host::perform(game::persist_action& a) {
    committing_ = true;
    store_.commit(std::move(a.records), [self = shared_from_this()](bool durable) {
        asio::dispatch(self->strand_, [self, durable] {
            self->committing_ = false;
            self->last_commit_durable_ = durable;
            self->drain();
        });
    });
}

void room_host::perform(game::send_action& a) {
    if (auto* ack = std::get_if<protocol::answer_ack_msg>(&a.message);
        ack != nullptr && !last_commit_durable_) {
        ack->durable = false;
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
    if (auto c = it->second.conn.lock()) {
        c->send(std::make_shared<const std::string>(protocol::encode(a.message, a.id)));
    }
}

void room_host::perform(game::broadcast_action& a) {
    const auto frame = std::make_shared<const std::string>(protocol::encode(a.message));
    const auto* question = std::get_if<protocol::question_msg>(&a.message);
    for (auto& [id, m] : members_) {
        if (!m.role) {
            continue;
        }
        const bool to_players = a.to != game::audience::hosts;
        const bool to_hosts = a.to != game::audience::players;
        const bool is_player = *m.role == game::role::player;
        if ((is_player && !to_players) || (!is_player && !to_hosts)) {
            continue;
        }
        if (auto c = m.conn.lock()) {
            c->send(frame, question != nullptr && is_player ? question->q : -1);
        }
    }
}

void room_host::perform(game::attach_action& a) {
    auto& m = members_[a.conn];
    m.role = a.as;
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
    members_.erase(it);
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
    if (ended_) {
        ended_(room_.code());
    }
}

void room_host::update_summary() {
    std::lock_guard lock(summary_mutex_);
    summary_ = room_summary{room_.code(), room_.phase(), room_.member_count(), room_.quiz(),
                            room_.locked()};
}

} // namespace quizroom::net
