#include "net/keyed_rate_limiter.hpp"

namespace quizroom::net {
namespace {

/// Refilled buckets looked at per call: enough to keep up with the calls
/// that add one, few enough to keep each call short.
constexpr int sweep_per_call = 2;

} // namespace

keyed_rate_limiter::keyed_rate_limiter(rate_limit shape, std::size_t max_keys)
    : shape_(shape), max_keys_(max_keys < 1 ? 1 : max_keys) {}

bool keyed_rate_limiter::take(const std::string& key, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    forget_refilled(now_ms);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) {
            buckets_.erase(order_.front());
            order_.pop_front();
        }
        order_.push_back(key);
        it = buckets_
                 .emplace(key,
                          entry{token_bucket(shape_.per_s, shape_.burst), std::prev(order_.end())})
                 .first;
    } else {
        order_.splice(order_.end(), order_, it->second.in_order);
    }
    return it->second.bucket.take(now_ms);
}

bool keyed_rate_limiter::has_token(const std::string& key, std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    const auto it = buckets_.find(key);
    return it == buckets_.end() ? shape_.burst >= 1.0 : it->second.bucket.available(now_ms) >= 1.0;
}

std::size_t keyed_rate_limiter::size() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

// The least recently used buckets are the likeliest to have refilled.
void keyed_rate_limiter::forget_refilled(std::int64_t now_ms) {
    for (int i = 0; i < sweep_per_call && !order_.empty(); ++i) {
        const auto it = buckets_.find(order_.front());
        if (!it->second.bucket.full(now_ms)) {
            return;
        }
        buckets_.erase(it);
        order_.pop_front();
    }
}

} // namespace quizroom::net
