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
