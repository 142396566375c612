#pragma once

// The Redis backend. Commits are group-committed: every batch that arrives
// within `flush_interval` goes out in one pipelined write (one MULTI per
// batch), and each batch's completion runs once Redis has answered. While
// Redis is unreachable, batches are acknowledged as not durable and queued in
// order, and sent again, idempotently, when it returns.

#include "store/redis_connection.hpp"
#include "store/store.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

namespace quizroom::store {

struct redis_store_options {
    redis_url url;
    /// The longest a commit waits to be sent with others.
    std::chrono::milliseconds flush_interval{5};
    /// Records kept while Redis is unreachable before new rooms and joins
    /// are refused.
    std::size_t max_queued_records = 200000;
    /// Epoch milliseconds, for the heartbeat that dates a crash.
    std::function<std::int64_t()> now;
};

class redis_store final : public store {
public:
    redis_store(boost::asio::any_io_executor executor, redis_store_options options);
    ~redis_store() override;

    /// Connects and starts the heartbeat.
    void start();
    /// Stops reconnecting; what was not stored by then stays unstored.
    void stop();

    void commit(std::vector<game::record> batch, completion done) override;
    bool reachable() const override { return up_; }
    bool accepting() const override { return !queue_full_; }
    std::size_t unstored() const override { return unstored_; }
    void league(const std::string& id,
                std::function<void(std::optional<league_table>)> done) override;
    void report(const std::string& code, std::function<void(report_lookup)> done) override;
    void erase_room(const std::string& code, const std::string& game_id, completion done) override;

    /// Round trips made so far (each a pipelined write of one or more batches).
    std::uint64_t round_trips() const { return round_trips_; }
    /// Records Redis has confirmed so far.
    std::uint64_t records_stored() const { return records_stored_; }
    /// Records held back by an outage (or refused by Redis), waiting to be sent again.
    std::size_t queued_records() const { return queued_now_; }

    /// How often the heartbeat is written.
    static constexpr std::chrono::seconds heartbeat_period{1};

private:
    struct pending {
        std::vector<game::record> batch;
        completion done; ///< null once it has run (queued after an outage)
        std::size_t records = 0;
    };

    void on_state(bool up);
    void flush();
    void send(std::map<std::uint64_t, pending> batches);
    void on_replies(std::map<std::uint64_t, pending> batches, std::vector<std::size_t> counts,
                    std::optional<std::vector<redis_reply>> replies);
    void requeue(std::map<std::uint64_t, pending> batches);
    void update_queue_state();
    void beat();
    void write_heartbeat();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer flush_timer_;
    boost::asio::steady_timer heartbeat_timer_;
    redis_store_options options_;
    std::shared_ptr<redis_connection> connection_;

    // Touched on the strand only. Batches are numbered as they arrive, so
    // that a resend keeps their order (later writes of a key win).
    std::uint64_t next_seq_ = 0;
    std::map<std::uint64_t, pending> waiting_; ///< to go in the next flush
    std::map<std::uint64_t, pending> queued_;  ///< failed or unsent during an outage
    std::size_t queued_records_ = 0;
    bool flush_armed_ = false;
    bool stopped_ = false;

    std::atomic<bool> up_{false};
    std::atomic<bool> queue_full_{false};
    std::atomic<std::uint64_t> round_trips_{0};
    std::atomic<std::size_t> unstored_{0};
    std::atomic<std::uint64_t> records_stored_{0};
    std::atomic<std::size_t> queued_now_{0}; ///< queued_records_, for other threads
};

} // namespace quizroom::store
