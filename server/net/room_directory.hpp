#pragma once

// Every room of this node by code. Thread-safe: sessions on any thread look
// rooms up here; each room's state stays on its own strand.

#include "game/deck.hpp"
#include "game/secrets.hpp"
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
    room_directory(boost::asio::any_io_executor executor, store::store& store,
                   game::secrets& secrets, std::vector<game::deck> decks);

    // The deck catalog: the bundled decks, then uploaded ones. Thread-safe;
    // a deck never changes once added, so callers keep what they got.
    std::vector<std::shared_ptr<const game::deck>> decks() const;
    std::shared_ptr<const game::deck> find_deck(const std::string& id) const;
    /// Adds an uploaded deck; false (and nothing added) when its id is taken.
    bool add_deck(game::deck d);

    /// A new room with a fresh random code, not yet opened.
    std::variant<std::shared_ptr<room_host>, protocol::protocol_error>
    create(const protocol::create_msg& request);

    /// The room for a code as a person typed it; null when there is none.
    std::shared_ptr<room_host> find(std::string_view typed_code) const;

    std::size_t size() const;

private:
    void ended(const std::string& code);
    void forget_old_rooms();

    boost::asio::any_io_executor executor_;
    store::store& store_;
    game::secrets& secrets_;

    mutable std::mutex decks_mutex_;
    std::vector<std::shared_ptr<const game::deck>> decks_;

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<room_host>> rooms_;
    std::map<std::string, std::chrono::steady_clock::time_point> ended_at_;
};

/// How long an ended room stays readable (its final state) before it is dropped.
inline constexpr std::chrono::minutes ended_room_retention{30};

} // namespace quizroom::net
