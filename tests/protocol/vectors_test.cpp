// The golden vectors of protocol/vectors (see its README.md), which the
// browser client's tests read too.

#include "protocol/codec.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace qp = quizroom::protocol;
namespace fs = std::filesystem;
using qp::json;

namespace {

const fs::path vectors_dir = QUIZROOM_VECTORS_DIR;

std::vector<fs::path> files_in(const std::string& sub) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(vectors_dir / sub)) {
        if (entry.path().extension() == ".json") {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// "answer" for answer-choice.json: the part of the name before the first '-'.
std::string name_prefix(const fs::path& path) {
    const std::string stem = path.stem().string();
    return stem.substr(0, stem.find('-'));
}

std::set<std::string_view> all_type_names_client() {
    return {"create", "host", "join", "rejoin", "answer",    "start",    "next", "pause", "resume",
            "end",    "kick", "lock", "rate",   "candidate", "override", "ping", "leave"};
}

/// The frames the fuzz loop starts from: every client vector, without the
/// files' indentation so that mutations hit content, and every error frame.
std::vector<std::string> client_frames() {
    std::vector<std::string> out;
    for (const auto& path : files_in("client")) {
        out.push_back(json::parse(read_file(path)).dump());
    }
    for (const auto& path : files_in("errors")) {
        out.push_back(json::parse(read_file(path))["frame"].get<std::string>());
    }
    return out;
}

/// Prefixes of `frame`, and `frame` with a byte flipped by a few masks: at
/// every position of short frames, at about 256 spread positions of long ones
/// (every position of a 4 KiB frame would be ~10^8 bytes to parse).
template <class Visit> void mutations(const std::string& frame, Visit visit) {
    const std::size_t step = std::max<std::size_t>(1, frame.size() / 256);
    for (std::size_t n = 0; n < frame.size(); n += step) {
        visit(frame.substr(0, n));
    }
    for (std::size_t i = 0; i < frame.size(); i += step) {
        for (const unsigned char mask : {0x01, 0x20, 0x80}) {
            std::string flipped = frame;
            flipped[i] = static_cast<char>(static_cast<unsigned char>(flipped[i]) ^ mask);
            visit(flipped);
        }
    }
}

} // namespace

TEST_CASE("client vectors parse and encode back to the same object") {
    const auto files = files_in("client");
    REQUIRE_FALSE(files.empty());
    std::set<std::string_view> seen;
    for (const auto& path : files) {
        CAPTURE(path.filename().string());
        const std::string text = read_file(path);
        const json expected = json::parse(text);
        const qp::parsed p = qp::parse(text);
        INFO("failure: " << (p.failure ? p.failure->message : ""));
        REQUIRE(static_cast<bool>(p));
        CHECK(qp::type_name(p.message) == expected["type"].get<std::string>());
        CHECK(qp::type_name(p.message) == name_prefix(path));
        if (expected.contains("id")) {
            CHECK(p.id == expected["id"]);
        } else {
            CHECK_FALSE(p.id.has_value());
        }
        CHECK(json::parse(qp::encode(p.message, p.id)) == expected);
        seen.insert(qp::type_name(p.message));
    }
    CHECK(seen == all_type_names_client());
}

TEST_CASE("server vectors decode and encode back to the same object") {
    const auto files = files_in("server");
    REQUIRE_FALSE(files.empty());
    std::set<std::string_view> seen;
    std::set<qp::phase> state_phases;
    for (const auto& path : files) {
        CAPTURE(path.filename().string());
        const std::string text = read_file(path);
        const json expected = json::parse(text);
        const auto f = qp::decode(text);
        REQUIRE(f.has_value());
        CHECK(qp::type_name(f->message) == expected["type"].get<std::string>());
        CHECK(qp::type_name(f->message) == name_prefix(path));
        CHECK(qp::to_json_object(f->message, f->id) == expected);
        CHECK(json::parse(qp::encode(f->message, f->id)) == expected);
        seen.insert(qp::type_name(f->message));
        if (const auto* s = std::get_if<qp::state_msg>(&f->message)) {
            state_phases.insert(s->current);
        }
    }
    CHECK(seen.size() == std::variant_size_v<qp::server_message>);
    CHECK(state_phases.size() == 6);
}

TEST_CASE("error vectors give their code and echo their id") {
    const auto files = files_in("errors");
    REQUIRE_FALSE(files.empty());
    std::set<qp::error> seen;
    for (const auto& path : files) {
        CAPTURE(path.filename().string());
        const json vector = json::parse(read_file(path));
        const auto code = qp::error_from_string(vector.at("error").get<std::string>());
        REQUIRE(code.has_value());
        CHECK(qp::to_string(*code) == name_prefix(path));
        const qp::parsed p = qp::parse(vector.at("frame").get<std::string>());
        REQUIRE(p.failure.has_value());
        INFO("message: " << p.failure->message);
        CHECK(p.failure->code == *code);
        CHECK_FALSE(p.failure->message.empty());
        if (vector.contains("id")) {
            CHECK(p.id == vector["id"]);
        } else {
            CHECK_FALSE(p.id.has_value());
        }
        seen.insert(*code);
    }
    CHECK(seen == std::set<qp::error>{qp::error::bad_json, qp::error::bad_message,
                                      qp::error::unknown_type, qp::error::too_big});
}

TEST_CASE("mangled client frames yield a message or one of parse's codes") {
    const std::set<qp::error> parse_codes{qp::error::bad_json, qp::error::bad_message,
                                          qp::error::unknown_type, qp::error::too_big};
    std::size_t accepted = 0;
    std::size_t refused = 0;
    std::vector<std::string> wrong;
    for (const std::string& frame : client_frames()) {
        mutations(frame, [&](const std::string& text) {
            const qp::parsed p = qp::parse(text);
            if (p.failure) {
                ++refused;
                const bool id_ok = !p.id || ((p.id->is_number() || p.id->is_string()) &&
                                             p.id->dump().size() <= qp::max_id_bytes);
                if (!parse_codes.contains(p.failure->code) || p.failure->message.empty() ||
                    !id_ok) {
                    wrong.push_back(text);
                }
                return;
            }
            ++accepted;
            // What parse accepts, encode writes back in a form parse reads the same way.
            const std::string again = qp::encode(p.message, p.id);
            const qp::parsed q = qp::parse(again);
            if (!q || qp::encode(q.message, q.id) != again) {
                wrong.push_back(text);
            }
        });
    }
    INFO("first wrong: " << (wrong.empty() ? std::string() : wrong.front()));
    CHECK(wrong.empty());
    CHECK(accepted > 100);
    CHECK(refused > 1000);
}

TEST_CASE("mangled server frames decode to nothing or to a stable message") {
    std::size_t decoded = 0;
    std::size_t refused = 0;
    std::vector<std::string> wrong;
    for (const auto& path : files_in("server")) {
        mutations(json::parse(read_file(path)).dump(), [&](const std::string& text) {
            const auto f = qp::decode(text);
            if (!f) {
                ++refused;
                return;
            }
            ++decoded;
            const json once = qp::to_json_object(f->message, f->id);
            const auto again = qp::decode(qp::encode(f->message, f->id));
            if (!again || qp::to_json_object(again->message, again->id) != once) {
                wrong.push_back(text);
            }
        });
    }
    INFO("first wrong: " << (wrong.empty() ? std::string() : wrong.front()));
    CHECK(wrong.empty());
    CHECK(decoded > 100);
    CHECK(refused > 1000);
}
