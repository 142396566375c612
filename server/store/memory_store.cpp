#include "store/memory_store.hpp"

namespace quizroom::store {

void memory_store::commit(std::vector<game::record> batch, completion done) {
    {
        std::lock_guard lock(mutex_);
        for (auto& r : batch) {
            std::visit([this](auto& x) { apply(std::move(x)); }, r);
        }
        ++commits_;
    }
    done(true);
}

void memory_store::apply(game::room_record r) {
    rooms_[r.code] = std::move(r);
}

void memory_store::apply(game::player_record p) {
    if (p.status == game::player_status::kicked) {
        sessions_.erase(p.token_hash);
    } else {
        sessions_[p.token_hash] = {p.code, p.player_id};
    }
    auto& room = players_[p.code];
    room[p.player_id] = std::move(p);
}

void memory_store::apply(game::answer_record a) {
    auto& answers = answers_[{a.code, a.q}];
    answers[a.player_id] = std::move(a);
}

void memory_store::apply(game::deck_record d) {
    decks_[d.id] = std::move(d.json);
}

void memory_store::apply(game::league_record l) {
    auto& games = leagues_[l.league];
    games[l.game_id] = std::move(l);
}

void memory_store::apply(game::report_record r) {
    report_of_[r.code] = r.game_id;
    reports_[r.game_id] = std::move(r);
}

namespace {

using entries = std::vector<game::league_record::entry>;

void add_up(std::map<std::string, game::league_standing>& totals, const entries& game) {
    for (const auto& e : game) {
        auto& row = totals[e.key];
        row.name = e.name;
        row.total += e.score;
        ++row.games;
    }
}

std::vector<game::league_standing> ranked(std::map<std::string, game::league_standing> totals) {
    std::vector<game::league_standing> rows;
    for (auto& [key, row] : totals) {
        rows.push_back(std::move(row));
    }
    return rank_league(std::move(rows));
}

} // namespace

void memory_store::league(const std::string& id,
                          std::function<void(std::optional<league_table>)> done) {
    std::map<std::string, game::league_standing> players;
    std::map<std::string, game::league_standing> teams;
    {
        std::lock_guard lock(mutex_);
        if (const auto it = leagues_.find(id); it != leagues_.end()) {
            for (const auto& [game_id, game] : it->second) {
                add_up(players, game.players);
                add_up(teams, game.teams);
            }
        }
    }
    done(league_table{ranked(std::move(players)), ranked(std::move(teams))});
}

void memory_store::report(const std::string& code, std::function<void(report_lookup)> done) {
    report_lookup found;
    {
        std::lock_guard lock(mutex_);
        if (const auto game = report_of_.find(code); game != report_of_.end()) {
            if (const auto it = reports_.find(game->second); it != reports_.end()) {
                found.report = it->second;
            }
        }
    }
    done(std::move(found));
}

void memory_store::erase_room(const std::string& code, const std::string& game_id,
                              completion done) {
    {
        std::lock_guard lock(mutex_);
        if (const auto it = players_.find(code); it != players_.end()) {
            for (const auto& [id, p] : it->second) {
                sessions_.erase(p.token_hash);
            }
            players_.erase(it);
        }
        rooms_.erase(code);
        std::erase_if(answers_, [&code](const auto& kv) { return kv.first.first == code; });
        reports_.erase(game_id);
        if (const auto it = report_of_.find(code);
            it != report_of_.end() && it->second == game_id) {
            report_of_.erase(it);
        }
    }
    done(true);
}

std::optional<game::room_record> memory_store::room(const std::string& code) const {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(code);
    return it == rooms_.end() ? std::nullopt : std::optional{it->second};
}

std::map<std::string, game::player_record> memory_store::players(const std::string& code) const {
    std::lock_guard lock(mutex_);
    const auto it = players_.find(code);
    return it == players_.end() ? std::map<std::string, game::player_record>{} : it->second;
}

std::map<std::string, game::answer_record> memory_store::answers(const std::string& code,
                                                                 int q) const {
    std::lock_guard lock(mutex_);
    const auto it = answers_.find({code, q});
    return it == answers_.end() ? std::map<std::string, game::answer_record>{} : it->second;
}

std::optional<std::pair<std::string, std::string>>
memory_store::session(const std::string& token_hash) const {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(token_hash);
    return it == sessions_.end() ? std::nullopt : std::optional{it->second};
}

std::optional<std::string> memory_store::deck(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = decks_.find(id);
    return it == decks_.end() ? std::nullopt : std::optional{it->second};
}

std::size_t memory_store::commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
}

} // namespace quizroom::store
