#pragma once

#include "net/limits.hpp"
#include "net/token_bucket.hpp"

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace quizroom::net {

/// A token bucket per key (a client address, a room code), in bounded
/// memory: a bucket that has refilled is forgotten (a new one would be the
/// same), and past `max_keys` the least recently used one goes. Time is
/// passed in (milliseconds of any steady clock). Thread-safe.
class keyed_rate_limiter {
public:
    keyed_rate_limiter(rate_limit shape, std::size_t max_keys);

    /// Takes a token from `key`'s bucket; false when it has none.
    bool take(const std::string& key, std::int64_t now_ms);
    /// Whether `key`'s bucket has a token, without taking it.
    bool has_token(const std::string& key, std::int64_t now_ms) const;
    /// Buckets held now.
    std::size_t size() const;

private:
    struct entry {
        token_bucket bucket;
        std::list<std::string>::iterator in_order;
    };

    void forget_refilled(std::int64_t now_ms);

    const rate_limit shape_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> buckets_;
    std::list<std::string> order_; ///< least recently used first
};

} // namespace quizroom::net
