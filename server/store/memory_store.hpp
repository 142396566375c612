#pragma once

// The embedded backend: everything in this process's memory, nothing to set
// up. For one node: a classroom, the tests, the quick start.

#include "store/store.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace quizroom::store {

class memory_store final : public store {
public:
    void commit(std::vector<game::record> batch, completion done) override;
    bool reachable() const override { return true; }
    bool accepting() const override { return true; }
    std::size_t unstored() const override { return 0; }
    void league(const std::string& id,
                std::function<void(std::optional<league_table>)> done) override;
    /// Reports are kept for the life of the process (no 30-day expiry here).
    void report(const std::string& code, std::function<void(report_lookup)> done) override;
    void erase_room(const std::string& code, const std::string& game_id, completion done) override;

    // Reads, for the HTTP API and tests. Each returns a copy.
    std::optional<game::room_record> room(const std::string& code) const;
    std::map<std::string, game::player_record> players(const std::string& code) const;
    std::map<std::string, game::answer_record> answers(const std::string& code, int q) const;
    /// The room code and player id a token hash belongs to, unless kicked.
    std::optional<std::pair<std::string, std::string>> session(const std::string& token_hash) const;
    /// An uploaded deck's JSON text.
    std::optional<std::string> deck(const std::string& id) const;
    /// Batches committed so far.
    std::size_t commits() const;

private:
    void apply(game::room_record r);
    void apply(game::player_record p);
    void apply(game::answer_record a);
    void apply(game::deck_record d);
    void apply(game::league_record l);
    void apply(game::report_record r);

    mutable std::mutex mutex_;
    std::map<std::string, game::room_record> rooms_;
    std::map<std::string, std::map<std::string, game::player_record>> players_;
    std::map<std::pair<std::string, int>, std::map<std::string, game::answer_record>> answers_;
    std::map<std::string, std::pair<std::string, std::string>> sessions_;
    std::map<std::string, std::string> decks_;
    /// League id -> game id -> that game's contribution.
    std::map<std::string, std::map<std::string, game::league_record>> leagues_;
    std::map<std::string, game::report_record> reports_; ///< by game id
    std::map<std::string, std::string> report_of_;       ///< room code -> its last game id
    std::size_t commits_ = 0;
};

} // namespace quizroom::store
