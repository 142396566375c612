#include "bench/frame_scan.hpp"

#include <charconv>

namespace quizroom::bench {
namespace {

class scanner {
public:
    explicit scanner(std::string_view text) : s_(text) {}

    frame_fields run() {
        frame_fields out;
        skip_space();
        if (!eat('{')) {
            return out;
        }
        skip_space();
        if (eat('}')) {
            out.ok = true;
            return out;
        }
        for (;;) {
            skip_space();
            std::string_view key;
            if (!string(key)) {
                return out;
            }
            skip_space();
            if (!eat(':')) {
                return out;
            }
            skip_space();
            if (!field(key, out)) {
                return out;
            }
            skip_space();
            if (eat('}')) {
                out.ok = true;
                return out;
            }
            if (!eat(',')) {
                return out;
            }
        }
    }

private:
    bool field(std::string_view key, frame_fields& out) {
        if (peek() == '"') {
            std::string_view value;
            if (!string(value)) {
                return false;
            }
            if (key == "type") {
                out.type = value;
            } else if (key == "code") {
                out.code = value;
            } else if (key == "host_token") {
                out.host_token = value;
            }
            return true;
        }
        if (key == "q") {
            const char* first = s_.data() + i_;
            const auto [end, err] = std::from_chars(first, s_.data() + s_.size(), out.q);
            if (err == std::errc{}) {
                i_ += static_cast<std::size_t>(end - first);
                return true;
            }
        }
        return skip_value();
    }

    // Strings, objects, arrays and literals, nested to any depth.
    bool skip_value() {
        int depth = 0;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '"') {
                std::string_view ignored;
                if (!string(ignored)) {
                    return false;
                }
            } else if (c == '{' || c == '[') {
                ++depth;
                ++i_;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return true;
                }
                --depth;
                ++i_;
            } else if (c == ',' && depth == 0) {
                return true;
            } else {
                ++i_;
            }
        }
        return false;
    }

    bool string(std::string_view& out) {
        if (!eat('"')) {
            return false;
        }
        const std::size_t start = i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\\') {
                i_ += 2;
            } else if (c == '"') {
                out = s_.substr(start, i_ - start);
                ++i_;
                return true;
            } else {
                ++i_;
            }
        }
        return false;
    }

    void skip_space() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
            ++i_;
        }
    }
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    bool eat(char c) {
        if (peek() != c) {
            return false;
        }
        ++i_;
        return true;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

} // namespace

frame_fields scan_frame(std::string_view text) noexcept {
    return scanner(text).run();
}

} // namespace quizroom::bench
