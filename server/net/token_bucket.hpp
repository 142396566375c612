#pragma once

#include <cstdint>

namespace quizroom::net {

/// Message rate limit: `rate` tokens a second, up to `burst` saved up.
/// Time is passed in, so the rule is tested without sleeping.
class token_bucket {
public:
    token_bucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

    /// The tokens there would be at `now_ms`.
    double available(std::int64_t now_ms) const {
        if (last_ms_ < 0 || now_ms <= last_ms_) {
            return tokens_;
        }
        const double refilled = tokens_ + static_cast<double>(now_ms - last_ms_) * rate_ / 1000.0;
        return refilled > burst_ ? burst_ : refilled;
    }

    /// True when a bucket left alone this long would be no different from a new one.
    bool full(std::int64_t now_ms) const { return available(now_ms) >= burst_; }

    /// Takes a token at time `now_ms`; false when none is left.
    bool take(std::int64_t now_ms) {
        tokens_ = available(now_ms);
        if (now_ms > last_ms_) {
            last_ms_ = now_ms;
        }
        was_full_ = tokens_ >= burst_;
        if (tokens_ < 1.0) {
            return false;
        }
        tokens_ -= 1.0;
        return true;
    }

    /// Whether the last take found the whole burst saved up: the client had
    /// gone quiet for long enough to have kept to the rate since.
    bool was_full() const { return was_full_; }

private:
    double rate_;
    double burst_;
    double tokens_;
    std::int64_t last_ms_ = -1;
    bool was_full_ = true;
};

} // namespace quizroom::net
