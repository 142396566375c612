#pragma once

#include <cstdint>

namespace quizroom::net {

/// Message rate limit: `rate` tokens a second, up to `burst` saved up.
/// Time is passed in, so the rule is tested without sleeping.
class token_bucket {
public:
    token_bucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

    /// Takes a token at time `now_ms`; false when none is left.
    bool take(std::int64_t now_ms) {
        if (last_ms_ >= 0) {
            tokens_ += static_cast<double>(now_ms - last_ms_) * rate_ / 1000.0;
            if (tokens_ > burst_) {
                tokens_ = burst_;
            }
        }
        last_ms_ = now_ms;
        if (tokens_ < 1.0) {
            return false;
        }
        tokens_ -= 1.0;
        return true;
    }

private:
    double rate_;
    double burst_;
    double tokens_;
    std::int64_t last_ms_ = -1;
};

} // namespace quizroom::net
