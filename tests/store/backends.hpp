#pragma once

// The two store backends behind one test interface, so that the contract
// suite runs the same tests against both: the memory store, and the Redis
// store against a real redis-server started on a free loopback port.

#include "store/memory_store.hpp"
#include "store/redis_loader.hpp"
#include "store/redis_schema.hpp"
#include "store/redis_store.hpp"
#include "tests/support/redis_process.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace quizroom::store_tests {

/// Commits and waits for the completion (at most 10 s): what it reported.
std::optional<bool> commit_and_wait(store::store& s, std::vector<game::record> batch);

/// A league's standings, waited for.
std::optional<store::league_table> league_of(store::store& s, const std::string& id);

/// The report a room code points to, waited for.
std::optional<store::report_lookup> report_of(store::store& s, const std::string& code);

/// Erases a room and waits: what the store reported.
std::optional<bool> erase_and_wait(store::store& s, const std::string& code,
                                   const std::string& game_id);

/// Polls `ready` every 10 ms for up to 10 s.
template <class F> bool eventually(F ready) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ready()) {
        if (std::chrono::steady_clock::now() > give_up) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

class memory_backend {
public:
    store::store& store() { return store_; }
    /// Everything stored about a room, as a restart would read it.
    std::optional<game::stored_room> read(const std::string& code);
    bool has_session(const std::string& token_hash) const;

private:
    store::memory_store store_;
};

/// Runs the Redis store on its own io_context thread; `redis` is public so
/// that tests can stop and start it (an outage) and read keys directly.
class redis_backend {
public:
    /// `redis_args` go to redis-server; the store is given its address with
    /// `password` and database `db`.
    explicit redis_backend(store::redis_store_options options = {},
                           std::vector<std::string> redis_args = {}, std::string password = {},
                           int db = 0);
    ~redis_backend();

    store::store& store() { return *store_; }
    store::redis_store& redis_store() { return *store_; }
    std::optional<game::stored_room> read(const std::string& code);
    bool has_session(const std::string& token_hash) const;
    /// Waits up to 3 s for the store to connect.
    bool connected();

    testkit::redis_process redis;
    std::string url;

private:
    boost::asio::io_context ioc_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::unique_ptr<store::redis_store> store_;
    std::thread thread_;
};

/// A unique folder under the build tree for one redis-server's data.
std::string redis_dir();

} // namespace quizroom::store_tests
