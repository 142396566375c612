#pragma once

// A hash and a random sequence that are the same on every platform and
// build, for choices that must not change between runs (deck formats,
// imported decks). std::hash and the standard distributions do not promise
// that; these do.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace quizroom::game {

/// FNV-1a, 64 bits.
constexpr std::uint64_t stable_hash(std::string_view s) noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

/// splitmix64: its sequence is fixed by its seed.
class stable_random {
public:
    constexpr explicit stable_random(std::uint64_t seed) noexcept : state_(seed) {}

    constexpr std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    /// A number from 0 to n - 1 (n > 0); the slight modulo bias does not matter here.
    constexpr std::size_t below(std::size_t n) noexcept {
        return static_cast<std::size_t>(next() % n);
    }

private:
    std::uint64_t state_;
};

} // namespace quizroom::game
