#include "game/records.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace quizroom::game {
namespace {

using nlohmann::json;

std::optional<player_status> player_status_from_string(std::string_view s) {
    for (const auto status : {player_status::active, player_status::left, player_status::kicked}) {
        if (to_string(status) == s) {
            return status;
        }
    }
    return std::nullopt;
}

/// Typed reads of one record's fields. The first missing or ill-typed field
/// marks the whole record bad; later reads then return empty values, so a
/// record is read field after field and checked once.
class fields {
public:
    static constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
    static constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

    explicit fields(const json& j) : j_(j), ok_(j.is_object()) {}

    bool ok() const noexcept { return ok_; }

    std::string text(const char* key) {
        const json* v = find(key);
        return v != nullptr && check(v->is_string()) ? v->get<std::string>() : std::string();
    }

    bool boolean(const char* key) {
        const json* v = find(key);
        return v != nullptr && check(v->is_boolean()) && v->get<bool>();
    }

    /// An integer (never a float or a boolean) within [min, max].
    std::int64_t integer(const char* key, std::int64_t min = int64_min,
                         std::int64_t max = int64_max) {
        const json* v = find(key);
        return v != nullptr ? integer_value(*v, min, max) : 0;
    }

    int small_integer(const char* key, int min = std::numeric_limits<int>::min(),
                      int max = std::numeric_limits<int>::max()) {
        return static_cast<int>(integer(key, min, max));
    }

    /// Absent and null both mean "none".
    std::optional<std::int64_t> optional_integer(const char* key) {
        const json* v = find_optional(key);
        return v != nullptr ? std::optional(integer_value(*v, int64_min, int64_max)) : std::nullopt;
    }

    std::optional<std::string> optional_text(const char* key) {
        const json* v = find_optional(key);
        return v != nullptr && check(v->is_string()) ? std::optional(v->get<std::string>())
                                                     : std::nullopt;
    }

    std::optional<bool> optional_boolean(const char* key) {
        const json* v = find_optional(key);
        return v != nullptr && check(v->is_boolean()) ? std::optional(v->get<bool>())
                                                      : std::nullopt;
    }

    /// A rating, 1 to 5.
    std::optional<int> optional_rating(const char* key) {
        const json* v = find_optional(key);
        return v != nullptr ? std::optional(static_cast<int>(integer_value(*v, 1, 5)))
                            : std::nullopt;
    }

    std::optional<int> optional_streak(const char* key) {
        const json* v = find_optional(key);
        return v != nullptr ? std::optional(static_cast<int>(
                                  integer_value(*v, 0, std::numeric_limits<int>::max())))
                            : std::nullopt;
    }

    /// An object of ratings (1 to 5) by player id; absent means none.
    std::map<std::string, int> ratings(const char* key) {
        std::map<std::string, int> out;
        const json* v = find_optional(key);
        if (v == nullptr || !check(v->is_object())) {
            return out;
        }
        for (const auto& [id, score] : v->items()) {
            out[id] = static_cast<int>(integer_value(score, 1, 5));
        }
        return out;
    }

    /// A number from 0 to 1.
    std::optional<double> optional_fraction(const char* key) {
        const json* v = find_optional(key);
        if (v == nullptr || !check(v->is_number())) {
            return std::nullopt;
        }
        const double d = v->get<double>();
        return check(std::isfinite(d) && d >= 0.0 && d <= 1.0) ? std::optional(d) : std::nullopt;
    }

    json object(const char* key) {
        const json* v = find(key);
        return v != nullptr && check(v->is_object()) ? *v : json::object();
    }

    /// A 64-bit unsigned integer written as decimal digits.
    std::uint64_t decimal(const char* key) {
        const std::string s = text(key);
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        check(!s.empty() && ec == std::errc() && end == s.data() + s.size());
        return value;
    }

    protocol::phase phase(const char* key) {
        const auto p = protocol::phase_from_string(text(key));
        check(p.has_value());
        return p.value_or(protocol::phase::lobby);
    }

    player_status status(const char* key) {
        const auto s = player_status_from_string(text(key));
        check(s.has_value());
        return s.value_or(player_status::active);
    }

private:
    bool check(bool good) {
        ok_ = ok_ && good;
        return ok_;
    }

    const json* find(const char* key) {
        if (!ok_) {
            return nullptr;
        }
        const auto it = j_.find(key);
        return check(it != j_.end()) ? &*it : nullptr;
    }

    const json* find_optional(const char* key) {
        if (!ok_) {
            return nullptr;
        }
        const auto it = j_.find(key);
        return it == j_.end() || it->is_null() ? nullptr : &*it;
    }

    std::int64_t integer_value(const json& v, std::int64_t min, std::int64_t max) {
        std::int64_t value = 0;
        if (v.is_number_unsigned()) {
            const auto u = v.get<std::uint64_t>();
            if (!check(u <= static_cast<std::uint64_t>(int64_max))) {
                return 0;
            }
            value = static_cast<std::int64_t>(u);
        } else if (check(v.is_number_integer())) {
            value = v.get<std::int64_t>();
        } else {
            return 0;
        }
        return check(value >= min && value <= max) ? value : 0;
    }

    const json& j_;
    bool ok_;
};

template <class T> std::optional<T> checked(const fields& f, T value) {
    return f.ok() ? std::optional<T>(std::move(value)) : std::nullopt;
}

json optional_json(const auto& value) {
    return value ? json(*value) : json(nullptr);
}

} // namespace

std::string_view to_string(player_status s) noexcept {
    switch (s) {
    case player_status::active:
        return "active";
    case player_status::left:
        return "left";
    case player_status::kicked:
        return "kicked";
    }
    return "active";
}

json to_json(const room_record& r) {
    return {
        {"code", r.code},
        {"quiz_id", r.quiz_id},
        {"phase", protocol::to_string(r.phase)},
        {"q", r.q},
        {"locked", r.locked},
        {"paused", r.paused},
        {"host_token_hash", r.host_token_hash},
        {"options", r.options},
        {"updated_at", r.updated_at},
        // As digits: other JSON readers (Lua's cjson, JavaScript) would round a
        // 64-bit number to a double and so change the questions of the room.
        {"seed", std::to_string(r.seed)},
        {"game_id", r.game_id},
        {"opened_at", r.opened_at},
        {"deadline", r.deadline},
        {"paused_total_ms", r.paused_total_ms},
        {"paused_at", r.paused_at},
        {"remaining_ms", r.remaining_ms},
        {"advance_at", optional_json(r.advance_at)},
        {"final", r.final},
        {"end_reason", r.end_reason},
        {"next_player_number", r.next_player_number},
        {"candidate", optional_json(r.candidate)},
        {"rating_deadline", optional_json(r.rating_deadline)},
        {"rated", r.rated},
        {"ratings", r.ratings},
        {"host_rating", optional_json(r.host_rating)},
    };
}

json to_json(const player_record& p) {
    return {
        {"code", p.code},
        {"player_id", p.player_id},
        {"name", p.name},
        {"team", optional_json(p.team)},
        {"token_hash", p.token_hash},
        {"score", p.score},
        {"streak", p.streak},
        {"total_ms", p.total_ms},
        {"status", to_string(p.status)},
    };
}

json to_json(const answer_record& a) {
    return {
        {"code", a.code},
        {"q", a.q},
        {"player_id", a.player_id},
        {"answer", a.answer},
        {"ms", a.ms},
        {"points", a.points},
        {"credit", optional_json(a.credit)},
        {"streak_after", a.streak_after},
        {"streak_before", optional_json(a.streak_before)},
    };
}

std::optional<room_record> room_record_from_json(const json& j) {
    try {
        fields f(j);
        room_record r;
        r.code = f.text("code");
        r.quiz_id = f.text("quiz_id");
        r.phase = f.phase("phase");
        r.q = f.small_integer("q", -1);
        r.locked = f.boolean("locked");
        r.paused = f.boolean("paused");
        r.host_token_hash = f.text("host_token_hash");
        r.options = f.object("options");
        r.updated_at = f.integer("updated_at");
        r.seed = f.decimal("seed");
        r.game_id = f.text("game_id");
        r.opened_at = f.integer("opened_at");
        r.deadline = f.integer("deadline");
        r.paused_total_ms = f.integer("paused_total_ms", 0);
        r.paused_at = f.integer("paused_at");
        r.remaining_ms = f.integer("remaining_ms", 0);
        r.advance_at = f.optional_integer("advance_at");
        r.final = f.boolean("final");
        r.end_reason = f.text("end_reason");
        r.next_player_number = f.small_integer("next_player_number", 1);
        r.candidate = f.optional_text("candidate");
        r.rating_deadline = f.optional_integer("rating_deadline");
        r.rated = f.optional_boolean("rated").value_or(false);
        r.ratings = f.ratings("ratings");
        r.host_rating = f.optional_rating("host_rating");
        return checked(f, std::move(r));
    } catch (...) {
        // Only a failed allocation can get here: every read checks its type first.
        return std::nullopt;
    }
}

std::optional<player_record> player_record_from_json(const json& j) {
    try {
        fields f(j);
        player_record p;
        p.code = f.text("code");
        p.player_id = f.text("player_id");
        p.name = f.text("name");
        p.team = f.optional_text("team");
        p.token_hash = f.text("token_hash");
        p.score = f.small_integer("score");
        p.streak = f.small_integer("streak", 0);
        p.total_ms = f.integer("total_ms", 0);
        p.status = f.status("status");
        return checked(f, std::move(p));
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<answer_record> answer_record_from_json(const json& j) {
    try {
        fields f(j);
        answer_record a;
        a.code = f.text("code");
        a.q = f.small_integer("q", 0);
        a.player_id = f.text("player_id");
        a.answer = f.object("answer");
        a.ms = f.integer("ms", 0);
        a.points = f.small_integer("points");
        a.credit = f.optional_fraction("credit");
        a.streak_after = f.small_integer("streak_after", 0);
        a.streak_before = f.optional_streak("streak_before");
        return checked(f, std::move(a));
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace quizroom::game
