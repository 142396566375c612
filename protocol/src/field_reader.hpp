#pragma once

// Typed reads of one JSON object's fields, shared by parse (client frames)
// and decode (server frames). The first failure is kept, with a message that
// names the field; reads after a failure return empty values, so a caller
// reads every field in a row and checks once at the end.
//
// An optional field that is null counts as absent: clients often write
// `null` for "not given" (a host screen echoes `state.q`, which is null in
// the lobby, as `next.q`).

#include "protocol/codec.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quizroom::protocol::detail {

/// `j` as an integer within [min, max]; nullopt for anything else, floats
/// (even 1.0) and booleans included.
inline std::optional<std::int64_t> to_integer(const json& j, std::int64_t min, std::int64_t max) {
    if (j.is_number_unsigned()) {
        const auto v = j.get<std::uint64_t>();
        if (max < 0 || v > static_cast<std::uint64_t>(max)) {
            return std::nullopt;
        }
        const auto s = static_cast<std::int64_t>(v);
        return s < min ? std::nullopt : std::optional(s);
    }
    if (j.is_number_integer()) {
        const auto v = j.get<std::int64_t>();
        return v < min || v > max ? std::nullopt : std::optional(v);
    }
    return std::nullopt;
}

/// Unicode code points in `s`, which must be valid UTF-8 (as every string
/// nlohmann::json accepted is): every byte but continuation bytes starts one.
inline std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

/// `v` for a message: "1" rather than "1.0" for whole numbers.
inline std::string format_number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return json(v).dump();
}

class field_reader {
public:
    static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();
    static constexpr int int_min = std::numeric_limits<int>::min();
    static constexpr int int_max = std::numeric_limits<int>::max();
    static constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
    static constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

    /// `where` opens each failure message ("join"); `prefix` goes before the
    /// field names ("options."). All three must outlive the reader.
    field_reader(const json& object, std::string_view where, std::string_view prefix = {})
        : object_(object), where_(where), prefix_(prefix) {
        if (!object_.is_object()) {
            // Appended rather than `"`" + std::string(...)`: GCC 12 at -O3
            // takes that form for an overlapping memcpy (-Wrestrict, GCC bug
            // 105651), which -Werror turns into a failed Release build.
            std::string what = "the message must be an object";
            if (!prefix_.empty()) {
                what = "`";
                what.append(prefix_.substr(0, prefix_.size() - 1)).append("` must be an object");
            }
            fail(what);
        }
    }

    bool ok() const noexcept { return !failure_; }
    const std::optional<protocol_error>& failure() const noexcept { return failure_; }
    std::string_view where() const noexcept { return where_; }

    /// Takes on the failure of a reader of a nested object, if it has one.
    void absorb(const field_reader& nested) {
        if (!failure_) {
            failure_ = nested.failure_;
        }
    }

    /// The field, or nullptr when it is absent or null.
    const json* find(std::string_view key) const {
        // find() answers end() for a non-object too.
        const auto it = object_.find(key);
        return it == object_.end() || it->is_null() ? nullptr : &*it;
    }

    /// Keeps `what` (prefixed with `where`) unless a failure is already kept.
    void fail(std::string_view what) {
        if (!failure_) {
            failure_ =
                protocol_error{error::bad_message, std::string(where_) + ": " + std::string(what)};
        }
    }

    void fail(std::string_view key, std::string_view expected) {
        std::string what = "`";
        what.append(prefix_).append(key).append("` ").append(expected);
        fail(what);
    }

    /// The general read: `convert` maps the field to std::optional<T> (nullopt
    /// when it does not fit); `expected` says what fits, for the message, and
    /// is called only on failure.
    template <class Convert, class Expected>
    auto read(std::string_view key, bool required, Convert convert, Expected expected)
        -> decltype(convert(std::declval<const json&>())) {
        if (failure_) {
            return std::nullopt;
        }
        const json* field = find(key);
        if (field == nullptr) {
            if (required) {
                fail(key, expected());
            }
            return std::nullopt;
        }
        auto value = convert(*field);
        if (!value) {
            fail(key, expected());
        }
        return value;
    }

    std::optional<std::string> optional_text(std::string_view key, std::size_t min_bytes = 0,
                                             std::size_t max_bytes = unlimited) {
        return read_text(key, false, min_bytes, max_bytes);
    }
    std::string text(std::string_view key, std::size_t min_bytes = 0,
                     std::size_t max_bytes = unlimited) {
        return read_text(key, true, min_bytes, max_bytes).value_or(std::string());
    }

    std::optional<int> optional_integer(std::string_view key, int min = int_min,
                                        int max = int_max) {
        const auto v = read_integer(key, false, min, max, int_min, int_max);
        return v ? std::optional(static_cast<int>(*v)) : std::nullopt;
    }
    int integer(std::string_view key, int min = int_min, int max = int_max) {
        return static_cast<int>(read_integer(key, true, min, max, int_min, int_max).value_or(0));
    }

    std::optional<std::int64_t> optional_integer64(std::string_view key) {
        return read_integer(key, false, int64_min, int64_max, int64_min, int64_max);
    }
    std::int64_t integer64(std::string_view key) {
        return read_integer(key, true, int64_min, int64_max, int64_min, int64_max).value_or(0);
    }

    /// A finite number within [min, max].
    double number(std::string_view key, double min = std::numeric_limits<double>::lowest(),
                  double max = std::numeric_limits<double>::max()) {
        const auto convert = [&](const json& j) -> std::optional<double> {
            if (!j.is_number()) {
                return std::nullopt;
            }
            const auto v = j.get<double>();
            return std::isfinite(v) && v >= min && v <= max ? std::optional(v) : std::nullopt;
        };
        const auto expected = [&] {
            return min == std::numeric_limits<double>::lowest()
                       ? std::string("must be a number")
                       : "must be a number from " + format_number(min) + " to " +
                             format_number(max);
        };
        return read(key, true, convert, expected).value_or(0.0);
    }

    std::optional<bool> optional_boolean(std::string_view key) { return read_boolean(key, false); }
    bool boolean(std::string_view key) { return read_boolean(key, true).value_or(false); }

    /// Any JSON value; null when absent.
    json value(std::string_view key) const {
        const json* field = find(key);
        return field == nullptr ? json() : *field;
    }

    std::optional<std::vector<int>> optional_integers(std::string_view key) {
        return read_integers(key, false);
    }
    std::vector<int> integers(std::string_view key) {
        return read_integers(key, true).value_or(std::vector<int>());
    }

    /// An array of strings; `max_count` elements at most, each of at least `min_bytes`.
    std::optional<std::vector<std::string>> optional_strings(std::string_view key,
                                                             std::size_t max_count = unlimited,
                                                             std::size_t min_bytes = 0) {
        const auto convert = [&](const json& j) -> std::optional<std::vector<std::string>> {
            if (!j.is_array() || j.size() > max_count) {
                return std::nullopt;
            }
            std::vector<std::string> out;
            out.reserve(j.size());
            for (const json& e : j) {
                if (!e.is_string() || e.get_ref<const std::string&>().size() < min_bytes) {
                    return std::nullopt;
                }
                out.push_back(e.get<std::string>());
            }
            return out;
        };
        const auto expected = [&] {
            std::string s = "must be an array of ";
            if (max_count != unlimited) {
                s += "at most " + std::to_string(max_count) + " ";
            }
            return s + (min_bytes > 0 ? "non-empty strings" : "strings");
        };
        return read(key, false, convert, expected);
    }

private:
    std::optional<std::string> read_text(std::string_view key, bool required, std::size_t min_bytes,
                                         std::size_t max_bytes) {
        const auto convert = [&](const json& j) -> std::optional<std::string> {
            if (!j.is_string()) {
                return std::nullopt;
            }
            const auto& s = j.get_ref<const std::string&>();
            return s.size() >= min_bytes && s.size() <= max_bytes ? std::optional(s) : std::nullopt;
        };
        const auto expected = [&] {
            std::string s = min_bytes > 0 ? "must be a non-empty string" : "must be a string";
            if (max_bytes != unlimited) {
                s += " of at most " + std::to_string(max_bytes) + " bytes";
            }
            return s;
        };
        return read(key, required, convert, expected);
    }

    std::optional<std::int64_t> read_integer(std::string_view key, bool required, std::int64_t min,
                                             std::int64_t max, std::int64_t type_min,
                                             std::int64_t type_max) {
        const auto convert = [&](const json& j) {
            return to_integer(j, min, max);
        };
        const auto expected = [&] {
            if (min == type_min && max == type_max) {
                return std::string("must be an integer");
            }
            if (max == type_max) {
                return "must be an integer >= " + std::to_string(min);
            }
            return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
        };
        return read(key, required, convert, expected);
    }

    std::optional<bool> read_boolean(std::string_view key, bool required) {
        const auto convert = [](const json& j) {
            return j.is_boolean() ? std::optional(j.get<bool>()) : std::nullopt;
        };
        return read(key, required, convert, [] { return "must be true or false"; });
    }

    std::optional<std::vector<int>> read_integers(std::string_view key, bool required) {
        const auto convert = [](const json& j) -> std::optional<std::vector<int>> {
            if (!j.is_array()) {
                return std::nullopt;
            }
            std::vector<int> out;
            out.reserve(j.size());
            for (const json& e : j) {
                const auto v = to_integer(e, int_min, int_max);
                if (!v) {
                    return std::nullopt;
                }
                out.push_back(static_cast<int>(*v));
            }
            return out;
        };
        return read(key, required, convert, [] { return "must be an array of integers"; });
    }

    const json& object_;
    std::string_view where_;
    std::string_view prefix_;
    std::optional<protocol_error> failure_;
};

} // namespace quizroom::protocol::detail
