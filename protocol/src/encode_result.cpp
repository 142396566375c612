#include "encode_result.hpp"

#include <array>
#include <charconv>

namespace quizroom::protocol::detail {

namespace {

void append_int(std::string& out, long long v) {
    std::array<char, 24> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), v).ptr;
    out.append(buf.data(), end);
}

void append_json(std::string& out, const json& j) {
    if (j.is_boolean()) {
        out += j.get<bool>() ? "true" : "false";
    } else if (j.is_null()) {
        out += "null";
    } else {
        // A fraction (partial credit) or anything unexpected: nlohmann's own
        // number format, so that the bytes match the generic encoder's.
        out += j.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

} // namespace

// The generic encoder writes `type`, then `id`, then the body's keys in
// nlohmann's (sorted) order: correct, of, points, q, rank, score, streak.
std::string encode_result(const result_msg& m, const std::optional<json>& id) {
    std::string out;
    out.reserve(128);
    out += R"({"type":"result")";
    if (id) {
        out += R"(,"id":)";
        append_json(out, *id);
    }
    out += R"(,"correct":)";
    append_json(out, m.correct);
    out += R"(,"of":)";
    append_int(out, m.of);
    out += R"(,"points":)";
    append_int(out, m.points);
    out += R"(,"q":)";
    append_int(out, m.q);
    out += R"(,"rank":)";
    append_int(out, m.rank);
    out += R"(,"score":)";
    append_int(out, m.score);
    out += R"(,"streak":)";
    append_int(out, m.streak);
    out += '}';
    return out;
}

} // namespace quizroom::protocol::detail
