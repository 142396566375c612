#pragma once

// The server's Prometheus metrics (`GET /metrics`). Instruments are relaxed
// atomics with label sets fixed at compile time (message types, error codes
// and phases are enums), so counting on a hot path is one atomic add: no
// lock, no allocation, no lookup by name.

#include "protocol/error.hpp"
#include "protocol/messages.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

namespace quizroom::net {

class counter {
public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class gauge {
public:
    void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

/// Holds one unit of a gauge for as long as it lives (an open connection).
class gauge_hold {
public:
    gauge_hold() = default;
    gauge_hold(const gauge_hold&) = delete;
    gauge_hold& operator=(const gauge_hold&) = delete;
    ~gauge_hold() { release(); }

    void hold(gauge& g) noexcept {
        release();
        held_ = &g;
        g.add(1);
    }
    void release() noexcept {
        if (held_ != nullptr) {
            held_->add(-1);
            held_ = nullptr;
        }
    }

private:
    gauge* held_ = nullptr;
};

/// A histogram over fixed upper bounds (at most `max_bounds`, ascending).
class histogram {
public:
    static constexpr std::size_t max_bounds = 15;

    explicit histogram(std::initializer_list<double> bounds) noexcept;

    void observe(double v) noexcept;
    void observe(std::chrono::steady_clock::duration d) noexcept {
        observe(std::chrono::duration<double>(d).count());
    }

    struct snapshot {
        std::vector<double> bounds;
        std::vector<std::uint64_t> cumulative; ///< one per bound, then +Inf
        double sum = 0;
    };
    snapshot read() const;

private:
    std::array<double, max_bounds> bounds_{};
    std::size_t size_ = 0;
    std::array<std::atomic<std::uint64_t>, max_bounds + 1> buckets_{};
    std::atomic<double> sum_{0};
};

/// Every metric of the process. One instance (server_metrics()); its
/// instruments may be used from any thread.
class metrics {
public:
    static constexpr std::size_t client_types = std::variant_size_v<protocol::client_message>;
    static constexpr std::size_t server_types = std::variant_size_v<protocol::server_message>;
    static constexpr std::size_t error_codes = std::size(protocol::all_errors);
    static constexpr std::size_t phases = static_cast<std::size_t>(protocol::phase::ended) + 1;

    metrics();

    gauge connections;          ///< WebSocket connections open now
    counter connections_opened; ///< WebSocket handshakes completed
    std::array<gauge, phases> rooms_by_phase;
    gauge players; ///< players of rooms that have not ended, connected or not

    /// Frames read, by client message type; the last slot counts frames that
    /// were refused before they had a type (bad JSON, rate limited, ...).
    std::array<counter, client_types + 1> received;
    std::array<counter, client_types + 1> received_bytes;
    /// Frames queued for sending, by server message type (a broadcast counts
    /// once per recipient).
    std::array<counter, server_types> sent;
    std::array<counter, server_types> sent_bytes;

    histogram answer_ack_seconds;   ///< answer read -> its answer_ack queued
    histogram fanout_seconds;       ///< a broadcast encoded and queued to every recipient
    histogram store_batch_records;  ///< records per room commit
    histogram store_commit_seconds; ///< a room's commit -> stored (or queued)

    counter slow_consumers_closed;
    std::array<counter, error_codes> errors; ///< sent over WebSocket or HTTP

    void count_received(const protocol::client_message& m, std::size_t bytes) noexcept {
        received[m.index()].add();
        received_bytes[m.index()].add(bytes);
    }
    void count_unparsed(std::size_t bytes) noexcept {
        received[client_types].add();
        received_bytes[client_types].add(bytes);
    }
    void count_sent(const protocol::server_message& m, std::size_t bytes,
                    std::size_t recipients = 1) noexcept {
        sent[m.index()].add(recipients);
        sent_bytes[m.index()].add(bytes * recipients);
    }
    void count_error(protocol::error e) noexcept { errors[static_cast<std::size_t>(e)].add(); }
    void count_phase(protocol::phase p, std::int64_t n) noexcept {
        rooms_by_phase[static_cast<std::size_t>(p)].add(n);
    }

    /// A figure read when scraped (the store's queue, ...). Register them
    /// before the server serves: the list is read without a lock.
    void add_sampled(std::string name, std::string help, std::string type,
                     std::function<double()> read);

    /// Everything in Prometheus text format 0.0.4.
    std::string render() const;

private:
    struct sampled {
        std::string name;
        std::string help;
        std::string type;
        std::function<double()> read;
    };
    std::vector<sampled> sampled_;
};

/// The process's metrics.
metrics& server_metrics() noexcept;

/// The Content-Type of `render()`.
inline constexpr const char* metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

} // namespace quizroom::net
