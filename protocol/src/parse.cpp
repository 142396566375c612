#include "protocol/codec.hpp"

#include "field_reader.hpp"

#include <array>

namespace quizroom::protocol {

namespace {

using detail::field_reader;

/// Room codes, tokens, player ids and deck ids are short; anything longer is not one.
constexpr std::size_t max_token_bytes = 128;
constexpr std::size_t max_league_bytes = 64;
constexpr std::size_t max_teams = 16;
constexpr int max_pause_s = 600;

constexpr std::array<std::string_view, 2> scorings = {"speed", "accuracy"};
constexpr std::array<std::string_view, 2> modes = {"classic", "interview"};
constexpr std::array<std::string_view, 3> formats = {"best_answer", "concept", "open"};

std::string read_token(field_reader& r, std::string_view key) {
    return r.text(key, 1, max_token_bytes);
}

/// An optional string that must be one of `allowed`.
template <std::size_t N>
std::optional<std::string> read_choice(field_reader& r, std::string_view key,
                                       const std::array<std::string_view, N>& allowed) {
    const auto convert = [&](const json& j) -> std::optional<std::string> {
        if (j.is_string()) {
            for (const std::string_view a : allowed) {
                if (j.get_ref<const std::string&>() == a) {
                    return std::string(a);
                }
            }
        }
        return std::nullopt;
    };
    const auto expected = [&] {
        std::string s = "must be one of";
        for (std::size_t i = 0; i < N; ++i) {
            s += (i == 0 ? " `" : ", `") + std::string(allowed[i]) + "`";
        }
        return s;
    };
    return r.read(key, false, convert, expected);
}

create_options read_options(field_reader& outer, const json& object) {
    field_reader r(object, outer.where(), "options.");
    create_options o;
    o.count = r.optional_integer("count", 1);
    o.categories = r.optional_strings("categories");
    o.shuffle = r.optional_boolean("shuffle");
    o.time_limit_s = r.optional_integer("time_limit_s", 1, 3600);
    o.scoring = read_choice(r, "scoring", scorings);
    o.streak_bonus = r.optional_boolean("streak_bonus");
    o.auto_advance = r.optional_boolean("auto_advance");
    o.reveal_s = r.optional_integer("reveal_s", 0, max_pause_s);
    o.leaderboard_s = r.optional_integer("leaderboard_s", 0, max_pause_s);
    o.podium_s = r.optional_integer("podium_s", 0, max_pause_s);
    o.max_players = r.optional_integer("max_players", 1, 100000);
    o.teams = r.optional_strings("teams", max_teams, 1);
    o.mode = read_choice(r, "mode", modes);
    o.format = read_choice(r, "format", formats);
    o.rating_s = r.optional_integer("rating_s", 1, 600);
    o.league = r.optional_text("league", 1, max_league_bytes);
    outer.absorb(r);
    return o;
}

client_message read_create(field_reader& r) {
    create_msg m;
    m.quiz = read_token(r, "quiz");
    const auto options = r.read(
        "options", false,
        [](const json& j) { return j.is_object() ? std::optional(&j) : std::nullopt; },
        [] { return "must be an object"; });
    if (options) {
        m.options = read_options(r, **options);
    }
    m.admin_token = r.optional_text("admin_token");
    return m;
}

client_message read_host(field_reader& r) {
    host_msg m;
    m.code = read_token(r, "code");
    m.host_token = read_token(r, "host_token");
    return m;
}

client_message read_join(field_reader& r) {
    join_msg m;
    m.code = read_token(r, "code");
    // Only the type is checked here: trimming and the name rules are the game's.
    m.name = r.text("name");
    m.team = r.optional_text("team");
    return m;
}

client_message read_rejoin(field_reader& r) {
    rejoin_msg m;
    m.code = read_token(r, "code");
    m.token = read_token(r, "token");
    return m;
}

client_message read_answer(field_reader& r) {
    answer_msg m;
    m.q = r.integer("q", 0);
    constexpr std::array<std::string_view, 5> answer_fields = {"choice", "choices", "text", "order",
                                                               "value"};
    int given = 0;
    for (const std::string_view f : answer_fields) {
        given += r.find(f) != nullptr ? 1 : 0;
    }
    if (given != 1) {
        r.fail("needs exactly one of `choice`, `choices`, `text`, `order`, `value`");
        return m;
    }
    if (r.find("choice") != nullptr) {
        m.value = choice_answer{r.integer("choice")};
    } else if (r.find("choices") != nullptr) {
        m.value = choices_answer{r.integers("choices")};
    } else if (r.find("text") != nullptr) {
        // 2,000 is the limit of `open`; the game holds other kinds to 200.
        const auto convert = [](const json& j) -> std::optional<std::string> {
            if (!j.is_string() ||
                detail::code_points(j.get_ref<const std::string&>()) > max_open_text_chars) {
                return std::nullopt;
            }
            return j.get<std::string>();
        };
        const auto expected = [] {
            return "must be a string of at most " + std::to_string(max_open_text_chars) +
                   " characters";
        };
        m.value = text_answer{r.read("text", true, convert, expected).value_or(std::string())};
    } else if (r.find("order") != nullptr) {
        m.value = order_answer{r.integers("order")};
    } else {
        m.value = value_answer{r.number("value")};
    }
    return m;
}

client_message read_next(field_reader& r) {
    next_msg m;
    m.q = r.optional_integer("q", 0);
    const auto convert = [](const json& j) {
        return j.is_string() ? phase_from_string(j.get_ref<const std::string&>()) : std::nullopt;
    };
    const auto expected = [] {
        return "must be one of `lobby`, `question`, `reveal`, `leaderboard`, `podium`, `ended`";
    };
    m.seen_phase = r.read("phase", false, convert, expected);
    return m;
}

client_message read_kick(field_reader& r) {
    return kick_msg{read_token(r, "player_id")};
}

client_message read_lock(field_reader& r) {
    return lock_msg{r.boolean("locked")};
}

client_message read_rate(field_reader& r) {
    rate_msg m;
    m.player_id = read_token(r, "player_id");
    m.score = r.integer("score", 1, 5);
    return m;
}

client_message read_candidate(field_reader& r) {
    return candidate_msg{read_token(r, "player_id")};
}

client_message read_override(field_reader& r) {
    override_msg m;
    m.player_id = read_token(r, "player_id");
    m.q = r.integer("q", 0);
    m.credit = r.number("credit", 0.0, 1.0);
    return m;
}

client_message read_ping(field_reader& r) {
    return ping_msg{r.value("t")};
}

/// Messages without fields.
template <class T> client_message read_empty(field_reader&) {
    return T{};
}

using read_fn = client_message (*)(field_reader&);

struct reader_entry {
    std::string_view type;
    read_fn read;
};

constexpr reader_entry readers[] = {
    {"create", read_create},
    {"host", read_host},
    {"join", read_join},
    {"rejoin", read_rejoin},
    {"answer", read_answer},
    {"start", read_empty<start_msg>},
    {"next", read_next},
    {"pause", read_empty<pause_msg>},
    {"resume", read_empty<resume_msg>},
    {"end", read_empty<end_msg>},
    {"kick", read_kick},
    {"lock", read_lock},
    {"rate", read_rate},
    {"candidate", read_candidate},
    {"override", read_override},
    {"ping", read_ping},
    {"leave", read_empty<leave_msg>},
};

/// A number, or a string, whose text is at most `max_id_bytes`.
bool valid_id(const json& id) {
    return (id.is_number() || id.is_string()) && id.dump().size() <= max_id_bytes;
}

protocol_error failure(error code, std::string message) {
    return protocol_error{code, std::move(message)};
}

} // namespace

parsed parse(std::string_view frame, std::size_t max_bytes) noexcept {
    parsed out;
    try {
        if (frame.size() > max_bytes) {
            out.failure = failure(error::too_big,
                                  "the message is over " + std::to_string(max_bytes) + " bytes");
            return out;
        }
        // The non-throwing parse also refuses invalid UTF-8 and lone surrogates.
        const json doc = json::parse(frame.begin(), frame.end(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            out.failure = failure(error::bad_json, "the message must be one JSON object in UTF-8");
            return out;
        }
        if (const auto id = doc.find("id"); id != doc.end()) {
            if (!valid_id(*id)) {
                out.failure =
                    failure(error::bad_message, "`id` must be a number or a string of at most " +
                                                    std::to_string(max_id_bytes) + " bytes");
                return out;
            }
            out.id = *id;
        }
        const auto type = doc.find("type");
        if (type == doc.end() || !type->is_string()) {
            out.failure = failure(error::bad_message, "`type` must be a string");
            return out;
        }
        const auto& name = type->get_ref<const std::string&>();
        for (const reader_entry& entry : readers) {
            if (entry.type == name) {
                field_reader r(doc, entry.type);
                out.message = entry.read(r);
                out.failure = r.failure();
                return out;
            }
        }
        // The unknown name is not echoed: it could be up to 4 KiB of anything.
        out.failure = failure(error::unknown_type, "`type` names no client message");
    } catch (...) {
        // Only a failed allocation can get here; the empty message does not allocate.
        out.failure = protocol_error{error::internal, std::string()};
    }
    return out;
}

std::variant<create_options, protocol_error> parse_create_options(const json& options) noexcept {
    try {
        const json message = json::object();
        field_reader r(message, "create");
        create_options o = read_options(r, options);
        if (r.failure()) {
            return *r.failure();
        }
        return o;
    } catch (...) {
        return protocol_error{error::internal, std::string()};
    }
}

std::optional<answer_value> parse_answer_value(const json& fields) noexcept {
    try {
        if (!fields.is_object()) {
            return std::nullopt;
        }
        // Read as the `answer` message it came from, so every answer shape it
        // accepts is accepted here too; `q` is not part of the answer.
        json message = fields;
        message["q"] = 0;
        field_reader r(message, "answer");
        client_message m = read_answer(r);
        if (r.failure()) {
            return std::nullopt;
        }
        return std::get<answer_msg>(std::move(m)).value;
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace quizroom::protocol
