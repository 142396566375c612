#include "tests/store/backends.hpp"

#include <unistd.h>

#include <atomic>

namespace quizroom::store_tests {

std::optional<bool> commit_and_wait(store::store& s, std::vector<game::record> batch) {
    auto promise = std::make_shared<std::promise<bool>>();
    auto future = promise->get_future();
    s.commit(std::move(batch), [promise](bool durable) { promise->set_value(durable); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        return std::nullopt;
    }
    return future.get();
}

std::optional<store::league_table> league_of(store::store& s, const std::string& id) {
    auto promise = std::make_shared<std::promise<std::optional<store::league_table>>>();
    auto future = promise->get_future();
    s.league(id, [promise](std::optional<store::league_table> t) { promise->set_value(t); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        return std::nullopt;
    }
    return future.get();
}

std::optional<store::report_lookup> report_of(store::store& s, const std::string& code) {
    auto promise = std::make_shared<std::promise<store::report_lookup>>();
    auto future = promise->get_future();
    s.report(code, [promise](store::report_lookup l) { promise->set_value(std::move(l)); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        return std::nullopt;
    }
    return future.get();
}

std::optional<bool> erase_and_wait(store::store& s, const std::string& code,
                                   const std::string& game_id) {
    auto promise = std::make_shared<std::promise<bool>>();
    auto future = promise->get_future();
    s.erase_room(code, game_id, [promise](bool erased) { promise->set_value(erased); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        return std::nullopt;
    }
    return future.get();
}

std::optional<game::stored_room> memory_backend::read(const std::string& code) {
    auto room = store_.room(code);
    if (!room) {
        return std::nullopt;
    }
    game::stored_room out{*room, {}, {}};
    for (auto& [id, p] : store_.players(code)) {
        out.players.push_back(p);
    }
    for (int q = 0; q <= room->q; ++q) {
        for (auto& [id, a] : store_.answers(code, q)) {
            out.answers.push_back(a);
        }
    }
    return out;
}

bool memory_backend::has_session(const std::string& token_hash) const {
    return store_.session(token_hash).has_value();
}

std::string redis_dir() {
    static std::atomic<int> n{0};
    return std::string(QUIZROOM_TEST_TMP) + "/redis-" + std::to_string(::getpid()) + "-" +
           std::to_string(n++);
}

redis_backend::redis_backend(store::redis_store_options options,
                             std::vector<std::string> redis_args, std::string password, int db)
    : redis(redis_dir(), std::move(redis_args)),
      url("redis://" + (password.empty() ? "" : ":" + password + "@") +
          "127.0.0.1:" + std::to_string(redis.port()) + "/" + std::to_string(db)),
      work_(boost::asio::make_work_guard(ioc_)) {
    std::string why;
    options.url = *store::parse_redis_url(url, why);
    if (!options.now) {
        options.now = [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
    store_ = std::make_unique<store::redis_store>(ioc_.get_executor(), std::move(options));
    store_->start();
    thread_ = std::thread([this] { ioc_.run(); });
    connected();
}

bool redis_backend::connected() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!store_->reachable() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return store_->reachable();
}

redis_backend::~redis_backend() {
    store_->stop();
    work_.reset();
    thread_.join();
}

std::optional<game::stored_room> redis_backend::read(const std::string& code) {
    std::string why;
    auto snapshot = store::load_redis_snapshot(*store::parse_redis_url(url, why), why);
    if (!snapshot) {
        return std::nullopt;
    }
    for (auto& r : snapshot->rooms) {
        if (r.room.code == code) {
            return r;
        }
    }
    return std::nullopt;
}

bool redis_backend::has_session(const std::string& token_hash) const {
    return redis.query({"EXISTS", store::redis_keys::session(token_hash)}).str == "1";
}

} // namespace quizroom::store_tests
