#include "protocol/codec.hpp"

#include "field_reader.hpp"

namespace quizroom::protocol {

namespace {

using detail::field_reader;

// Each reader below takes one object and gives the struct, or nullopt when
// a field is missing or ill-typed. The failure messages of field_reader are
// not needed on this side; only whether it failed.

template <class T> std::optional<T> done(const field_reader& r, T value) {
    return r.ok() ? std::optional<T>(std::move(value)) : std::nullopt;
}

/// A converter for field_reader::read that reads an array of objects with `from`.
template <class From> auto list_of(From from) {
    return [from](const json& j) {
        using item = typename decltype(from(j))::value_type;
        std::optional<std::vector<item>> out;
        if (!j.is_array()) {
            return out;
        }
        out.emplace();
        out->reserve(j.size());
        for (const json& e : j) {
            auto v = from(e);
            if (!v) {
                return decltype(out)();
            }
            out->push_back(std::move(*v));
        }
        return out;
    };
}

constexpr auto malformed = [] {
    return "is malformed";
};

std::optional<candidate_ref> candidate_from(const json& j) {
    field_reader r(j, "candidate");
    candidate_ref c{r.text("id"), r.text("name")};
    return done(r, std::move(c));
}

std::optional<player_ref> player_from(const json& j) {
    field_reader r(j, "player");
    player_ref p{r.text("id"), r.text("name"), r.optional_text("team")};
    return done(r, std::move(p));
}

std::optional<roster_entry> roster_entry_from(const json& j) {
    field_reader r(j, "roster");
    roster_entry e{r.text("id"), r.text("name"), r.optional_text("team"), r.boolean("connected")};
    return done(r, std::move(e));
}

std::optional<standing> standing_from(const json& j) {
    field_reader r(j, "top");
    standing s{r.text("id"), r.text("name"), r.integer("score"), r.integer("delta"),
               r.integer("rank")};
    return done(r, std::move(s));
}

std::optional<team_standing> team_standing_from(const json& j) {
    field_reader r(j, "teams");
    team_standing t{r.text("name"), r.integer("score"), r.integer("rank")};
    return done(r, std::move(t));
}

std::optional<recap_item> recap_item_from(const json& j) {
    field_reader r(j, "items");
    recap_item i{r.integer("q"),     r.text("prompt"),      r.value("your_answer"),
                 r.value("correct"), r.text("explanation"), r.number("credit")};
    return done(r, std::move(i));
}

std::optional<quiz_ref> quiz_from(const json& j) {
    field_reader r(j, "quiz");
    quiz_ref q{r.text("id"), r.text("title")};
    return done(r, std::move(q));
}

std::optional<you_info> you_from(const json& j) {
    field_reader r(j, "you");
    you_info y{r.text("player_id"), r.text("name"),    r.optional_text("team"),
               r.integer("score"),  r.integer("rank"), r.boolean("answered"),
               r.value("answer")};
    return done(r, std::move(y));
}

std::optional<question_msg> question_from(const json& j) {
    field_reader r(j, "question");
    question_msg m;
    m.q = r.integer("q");
    m.total = r.integer("total");
    m.kind = r.text("kind");
    m.prompt = r.text("prompt");
    m.choices = r.optional_strings("choices");
    m.category = r.text("category");
    m.time_limit_ms = r.integer64("time_limit_ms");
    m.deadline = r.integer64("deadline");
    m.points = r.integer("points");
    m.candidate = r.read("candidate", false, candidate_from, malformed);
    return done(r, std::move(m));
}

std::optional<reveal_msg> reveal_from(const json& j) {
    field_reader r(j, "reveal");
    reveal_msg m;
    m.q = r.integer("q");
    m.correct = r.value("correct");
    m.distribution = r.optional_integers("distribution");
    m.answered = r.integer("answered");
    m.correct_count = r.integer("correct_count");
    m.explanation = r.text("explanation");
    m.covered = r.optional_strings("covered");
    m.rating_deadline = r.optional_integer64("rating_deadline");
    return done(r, std::move(m));
}

std::optional<leaderboard_msg> leaderboard_from(const json& j) {
    field_reader r(j, "leaderboard");
    leaderboard_msg m;
    m.q = r.integer("q");
    m.top =
        r.read("top", true, list_of(standing_from), malformed).value_or(std::vector<standing>());
    m.teams = r.read("teams", false, list_of(team_standing_from), malformed);
    return done(r, std::move(m));
}

std::optional<podium_msg> podium_from(const json& j) {
    field_reader r(j, "podium");
    podium_msg m;
    m.top =
        r.read("top", true, list_of(standing_from), malformed).value_or(std::vector<standing>());
    m.teams = r.read("teams", false, list_of(team_standing_from), malformed);
    m.report = r.optional_text("report");
    return done(r, std::move(m));
}

std::optional<state_msg> state_from(const json& j) {
    field_reader r(j, "state");
    state_msg m;
    const auto phase_of = [](const json& p) {
        return p.is_string() ? phase_from_string(p.get_ref<const std::string&>()) : std::nullopt;
    };
    m.current = r.read("phase", true, phase_of, malformed).value_or(phase::lobby);
    m.code = r.text("code");
    m.quiz = r.read("quiz", true, quiz_from, malformed).value_or(quiz_ref());
    m.q = r.optional_integer("q");
    m.total = r.integer("total");
    m.players = r.integer("players");
    m.connected = r.integer("connected");
    m.locked = r.boolean("locked");
    m.paused = r.boolean("paused");
    m.question = r.read("question", false, question_from, malformed);
    m.deadline = r.optional_integer64("deadline");
    m.remaining_ms = r.optional_integer64("remaining_ms");
    m.reveal = r.read("reveal", false, reveal_from, malformed);
    m.leaderboard = r.read("leaderboard", false, leaderboard_from, malformed);
    m.podium = r.read("podium", false, podium_from, malformed);
    m.you = r.read("you", false, you_from, malformed);
    m.roster = r.read("roster", false, list_of(roster_entry_from), malformed);
    return done(r, std::move(m));
}

// ---- one per server message type --------------------------------------------

using decode_fn = std::optional<server_message> (*)(const json&);

/// Lifts a nested-payload reader to a whole message.
template <auto From> std::optional<server_message> message_from(const json& j) {
    auto m = From(j);
    return m ? std::optional<server_message>(std::move(*m)) : std::nullopt;
}

std::optional<created_msg> created_from(const json& j) {
    field_reader r(j, "created");
    created_msg m{r.text("code"), r.text("host_token")};
    return done(r, std::move(m));
}

std::optional<joined_msg> joined_from(const json& j) {
    field_reader r(j, "joined");
    joined_msg m{r.text("player_id"), r.text("token"), r.text("name"), r.optional_text("team")};
    return done(r, std::move(m));
}

std::optional<player_joined_msg> player_joined_from(const json& j) {
    field_reader r(j, "player_joined");
    player_joined_msg m;
    m.player = r.read("player", true, player_from, malformed).value_or(player_ref());
    m.players = r.integer("players");
    return done(r, std::move(m));
}

std::optional<player_left_msg> player_left_from(const json& j) {
    field_reader r(j, "player_left");
    player_left_msg m{r.text("player_id"), r.integer("players"), r.boolean("gone")};
    return done(r, std::move(m));
}

std::optional<lobby_msg> lobby_from(const json& j) {
    field_reader r(j, "lobby");
    lobby_msg m{r.integer("players"), r.integer("connected")};
    return done(r, std::move(m));
}

std::optional<answers_msg> answers_from(const json& j) {
    field_reader r(j, "answers");
    answers_msg m{r.integer("q"), r.integer("answered"), r.integer("connected")};
    return done(r, std::move(m));
}

std::optional<answer_ack_msg> answer_ack_from(const json& j) {
    field_reader r(j, "answer_ack");
    answer_ack_msg m{r.integer("q"), r.integer64("ms"), r.optional_boolean("durable")};
    return done(r, std::move(m));
}

std::optional<rated_msg> rated_from(const json& j) {
    field_reader r(j, "rated");
    rated_msg m;
    m.q = r.integer("q");
    m.candidate = r.read("candidate", true, candidate_from, malformed).value_or(candidate_ref());
    m.median = r.number("median");
    m.ratings = r.integer("ratings");
    m.points = r.integer("points");
    return done(r, std::move(m));
}

std::optional<open_answer> open_answer_from(const json& j) {
    field_reader r(j, "open_answers.answers");
    open_answer a{r.text("player_id"), r.text("name"), r.text("text"), r.number("credit"),
                  r.integer("points")};
    return done(r, std::move(a));
}

std::optional<open_answers_msg> open_answers_from(const json& j) {
    field_reader r(j, "open_answers");
    open_answers_msg m;
    m.q = r.integer("q");
    m.answers = r.read("answers", true, list_of(open_answer_from), malformed)
                    .value_or(std::vector<open_answer>());
    return done(r, std::move(m));
}

std::optional<recap_msg> recap_from(const json& j) {
    field_reader r(j, "recap");
    recap_msg m;
    m.items = r.read("items", true, list_of(recap_item_from), malformed)
                  .value_or(std::vector<recap_item>());
    return done(r, std::move(m));
}

std::optional<result_msg> result_from(const json& j) {
    field_reader r(j, "result");
    result_msg m{r.integer("q"),     r.value("correct"), r.integer("points"), r.integer("streak"),
                 r.integer("score"), r.integer("rank"),  r.integer("of")};
    return done(r, std::move(m));
}

std::optional<ended_msg> ended_from(const json& j) {
    field_reader r(j, "ended");
    ended_msg m{r.text("reason")};
    return done(r, std::move(m));
}

std::optional<paused_msg> paused_from(const json& j) {
    field_reader r(j, "paused");
    paused_msg m{r.integer64("remaining_ms")};
    return done(r, std::move(m));
}

std::optional<resumed_msg> resumed_from(const json& j) {
    field_reader r(j, "resumed");
    resumed_msg m{r.integer64("deadline")};
    return done(r, std::move(m));
}

std::optional<kicked_msg> kicked_from(const json&) {
    return kicked_msg{};
}

std::optional<pong_msg> pong_from(const json& j) {
    field_reader r(j, "pong");
    pong_msg m{r.value("t"), r.integer64("now")};
    return done(r, std::move(m));
}

std::optional<error_msg> error_from(const json& j) {
    field_reader r(j, "error");
    const auto code_of = [](const json& c) {
        return c.is_string() ? error_from_string(c.get_ref<const std::string&>()) : std::nullopt;
    };
    error_msg m;
    m.code = r.read("code", true, code_of, malformed).value_or(error::internal);
    m.message = r.text("message");
    return done(r, std::move(m));
}

struct decoder_entry {
    std::string_view type;
    decode_fn decode;
};

constexpr decoder_entry decoders[] = {
    {"created", message_from<created_from>},
    {"joined", message_from<joined_from>},
    {"state", message_from<state_from>},
    {"player_joined", message_from<player_joined_from>},
    {"player_left", message_from<player_left_from>},
    {"lobby", message_from<lobby_from>},
    {"question", message_from<question_from>},
    {"answers", message_from<answers_from>},
    {"answer_ack", message_from<answer_ack_from>},
    {"reveal", message_from<reveal_from>},
    {"rated", message_from<rated_from>},
    {"open_answers", message_from<open_answers_from>},
    {"recap", message_from<recap_from>},
    {"result", message_from<result_from>},
    {"leaderboard", message_from<leaderboard_from>},
    {"podium", message_from<podium_from>},
    {"ended", message_from<ended_from>},
    {"paused", message_from<paused_from>},
    {"resumed", message_from<resumed_from>},
    {"kicked", message_from<kicked_from>},
    {"pong", message_from<pong_from>},
    {"error", message_from<error_from>},
};

} // namespace

std::optional<server_frame> decode(std::string_view frame) noexcept {
    try {
        const json doc = json::parse(frame.begin(), frame.end(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            return std::nullopt;
        }
        const auto type = doc.find("type");
        if (type == doc.end() || !type->is_string()) {
            return std::nullopt;
        }
        for (const decoder_entry& entry : decoders) {
            if (entry.type != type->get_ref<const std::string&>()) {
                continue;
            }
            auto message = entry.decode(doc);
            if (!message) {
                return std::nullopt;
            }
            server_frame out{std::nullopt, std::move(*message)};
            if (const auto id = doc.find("id"); id != doc.end()) {
                out.id = *id;
            }
            return out;
        }
        return std::nullopt;
    } catch (...) {
        // Only a failed allocation can get here.
        return std::nullopt;
    }
}

} // namespace quizroom::protocol
