#include "net/room_directory.hpp"

#include "game/room_code.hpp"
#include "game/room_settings.hpp"
#include "net/clock.hpp"
#include "net/openssl_secrets.hpp"

#include <spdlog/spdlog.h>

namespace quizroom::net {

room_directory::room_directory(boost::asio::any_io_executor executor, store::store& store,
                               game::secrets& secrets, std::vector<game::deck> decks,
                               const server_limits& limits,
                               std::shared_ptr<const game::name_filter> blocked_names)
    : executor_(std::move(executor)), store_(store), secrets_(secrets),
      max_rooms_(limits.max_rooms), max_players_(limits.max_players_per_room),
      blocked_names_(std::move(blocked_names)) {
    for (auto& d : decks) {
        decks_.push_back(std::make_shared<const game::deck>(std::move(d)));
    }
}

std::vector<std::shared_ptr<const game::deck>> room_directory::decks() const {
    std::lock_guard lock(decks_mutex_);
    return decks_;
}

std::shared_ptr<const game::deck> room_directory::find_deck(const std::string& id) const {
    std::lock_guard lock(decks_mutex_);
    for (const auto& d : decks_) {
        if (d->id == id) {
            return d;
        }
    }
    return nullptr;
}

bool room_directory::add_deck(game::deck d) {
    auto added = std::make_shared<const game::deck>(std::move(d));
    std::lock_guard lock(decks_mutex_);
    for (const auto& existing : decks_) {
        if (existing->id == added->id) {
            return false;
        }
    }
    decks_.push_back(std::move(added));
    return true;
}

std::variant<std::shared_ptr<room_host>, protocol::protocol_error>
room_directory::create(const protocol::create_msg& request) {
    if (!accepting()) {
        return protocol::protocol_error{protocol::error::unavailable, store_full_message};
    }
    const auto d = find_deck(request.quiz);
    if (!d) {
        return protocol::protocol_error{protocol::error::not_found,
                                        "there is no quiz `" + request.quiz + "`"};
    }
    auto settings = game::make_room_settings(*d, request.options, random_u64(), max_players_);
    if (auto* e = std::get_if<protocol::protocol_error>(&settings)) {
        return *e;
    }
    std::get<game::room_settings>(settings).blocked_names = blocked_names_;
    forget_old_rooms();

    std::lock_guard lock(mutex_);
    // Ended rooms stay readable for a while; only live ones count.
    if (rooms_.size() - ended_at_.size() >= max_rooms_) {
        return protocol::protocol_error{protocol::error::unavailable,
                                        "this server holds as many rooms as it may (" +
                                            std::to_string(max_rooms_) +
                                            "); try again later or on another server"};
    }
    std::string code;
    do {
        code = game::make_room_code(random_u64);
    } while (rooms_.contains(code));
    auto host = std::make_shared<room_host>(
        executor_, game::room(code, std::move(std::get<game::room_settings>(settings)), secrets_),
        store_, [this](const std::string& c) { ended(c); });
    rooms_.emplace(code, host);
    return host;
}

std::size_t room_directory::restore(std::vector<game::stored_room> stored,
                                    std::int64_t downtime_ms) {
    std::size_t resumed = 0;
    for (auto& s : stored) {
        const auto& code = s.room.code;
        const auto d = find_deck(s.room.quiz_id);
        if (!d) {
            spdlog::error("room {}: its deck `{}` is gone; not resumed", code, s.room.quiz_id);
            continue;
        }
        auto settings = game::restore_room_settings(*d, s.room, max_players_);
        if (auto* e = std::get_if<protocol::protocol_error>(&settings)) {
            spdlog::error("room {}: its options no longer apply ({}); not resumed", code,
                          e->message);
            continue;
        }
        std::get<game::room_settings>(settings).blocked_names = blocked_names_;
        auto room = game::room::restore(code, std::move(std::get<game::room_settings>(settings)),
                                        secrets_, s, server_clock::now(), downtime_ms);
        if (auto* why = std::get_if<std::string>(&room)) {
            spdlog::error("room {}: stored records do not fit together ({}); not resumed", code,
                          *why);
            continue;
        }
        auto host = std::make_shared<room_host>(executor_, std::move(std::get<game::room>(room)),
                                                store_, [this](const std::string& c) { ended(c); });
        {
            std::lock_guard lock(mutex_);
            rooms_[code] = host;
        }
        host->resume();
        ++resumed;
    }
    return resumed;
}

void room_directory::drain() {
    std::lock_guard lock(mutex_);
    for (auto& [code, host] : rooms_) {
        host->close_for_restart();
    }
}

std::shared_ptr<room_host> room_directory::find(std::string_view typed_code) const {
    const auto code = game::normalize_room_code(typed_code);
    if (!code) {
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(*code);
    return it == rooms_.end() ? nullptr : it->second;
}

std::size_t room_directory::size() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

void room_directory::remove(const std::string& code) {
    std::lock_guard lock(mutex_);
    rooms_.erase(code);
    ended_at_.erase(code);
}

void room_directory::ended(const std::string& code) {
    std::lock_guard lock(mutex_);
    // A room removed already (deleted by its host) is not kept again.
    if (rooms_.contains(code)) {
        ended_at_[code] = std::chrono::steady_clock::now();
    }
}

void room_directory::forget_old_rooms() {
    const auto cutoff = std::chrono::steady_clock::now() - ended_room_retention;
    std::lock_guard lock(mutex_);
    for (auto it = ended_at_.begin(); it != ended_at_.end();) {
        if (it->second < cutoff) {
            rooms_.erase(it->first);
            it = ended_at_.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace quizroom::net
