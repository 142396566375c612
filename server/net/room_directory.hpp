#pragma once

// Every room of this node by code. Thread-safe: sessions on any thread look
// rooms up here; each room's state stays on its own strand.

#include "game/deck.hpp"
#include "game/name_filter.hpp"
#include "game/secrets.hpp"
#include "net/limits.hpp"
#include "net/room_host.hpp"
#include "protocol/codec.hpp"
#include "store/store.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

namespace quizroom::net {

class room_directory {
public:
    /// `limits`: rooms at most (`max_rooms`) and players per room at most
    /// (`max_players_per_room`). `blocked_names`: words no player name may
    /// contain (`--name-filter`), or null.
    room_directory(boost::asio::any_io_executor executor, store::store& store,
                   game::secrets& secrets, std::vector<game::deck> decks,
                   const server_limits& limits,
                   std::shared_ptr<const game::name_filter> blocked_names = nullptr);

    // The deck catalog: the bundled decks, then uploaded ones. Thread-safe;
    // a deck never changes once added, so callers keep what they got.
    std::vector<std::shared_ptr<const game::deck>> decks() const;
    std::shared_ptr<const game::deck> find_deck(const std::string& id) const;
    /// Adds an uploaded deck; false (and nothing added) when its id is taken.
    bool add_deck(game::deck d);

    /// A new room with a fresh random code, not yet opened; `unavailable`
    /// while this node holds its maximum of rooms that have not ended.
    std::variant<std::shared_ptr<room_host>, protocol::protocol_error>
    create(const protocol::create_msg& request);

    /// Rebuilds rooms a previous run stored (see game::room::restore); their
    /// open questions get `downtime_ms` more. Returns how many came back; a
    /// room whose deck is gone or whose records do not fit is logged and left.
    std::size_t restore(std::vector<game::stored_room> stored, std::int64_t downtime_ms);

    /// Tells every room's connections that the server is going down (see
    /// room_host::close_for_restart).
    void drain();

    /// The room for a code as a person typed it; null when there is none.
    std::shared_ptr<room_host> find(std::string_view typed_code) const;

    std::size_t size() const;

    /// Forgets a room at once (its data deleted by the host): its code finds nothing.
    void remove(const std::string& code);

    /// A token's stored form, to check one against a stored report.
    std::string hash_token(std::string_view token) const { return secrets_.hash(token); }

    /// False while the store cannot take new rooms and players (its outage
    /// queue is full).
    bool accepting() const { return store_.accepting(); }

private:
    void ended(const std::string& code);
    void forget_old_rooms();

    boost::asio::any_io_executor executor_;
    store::store& store_;
    game::secrets& secrets_;
    const std::size_t max_rooms_;
    const int max_players_;
    std::shared_ptr<const game::name_filter> blocked_names_;

    mutable std::mutex decks_mutex_;
    std::vector<std::shared_ptr<const game::deck>> decks_;

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<room_host>> rooms_;
    std::map<std::string, std::chrono::steady_clock::time_point> ended_at_;
};

/// Why a new room or player is refused while the store's queue is full.
inline constexpr const char* store_full_message =
    "the server cannot store anything new right now; try again in a minute";

/// How long an ended room stays readable (its final state) before it is dropped.
inline constexpr std::chrono::minutes ended_room_retention{30};

} // namespace quizroom::net
