#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace quizroom::game {

/// Digits and upper-case letters without look-alikes (no 0, O, 1, I, L).
inline constexpr std::string_view room_code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t room_code_length = 6;

/// A random code; `random` returns uniformly distributed 64-bit values.
std::string make_room_code(const std::function<std::uint64_t()>& random);

/// The canonical (upper-case) form of a code a person typed; nullopt when it
/// cannot be a room code.
std::optional<std::string> normalize_room_code(std::string_view typed);

} // namespace quizroom::game
