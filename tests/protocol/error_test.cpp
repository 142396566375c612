#include "protocol/error.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

namespace qp = quizroom::protocol;
using qp::error;

TEST_CASE("all_errors lists every code once, in declaration order") {
    CHECK(std::size(qp::all_errors) == static_cast<std::size_t>(error::internal) + 1);
    for (std::size_t i = 0; i < std::size(qp::all_errors); ++i) {
        CHECK(static_cast<std::size_t>(qp::all_errors[i]) == i);
    }
}

TEST_CASE("every code round-trips through its wire string") {
    std::set<std::string_view> seen;
    for (const error e : qp::all_errors) {
        const auto s = qp::to_string(e);
        CAPTURE(s);
        CHECK(seen.insert(s).second);
        const auto back = qp::error_from_string(s);
        REQUIRE(back.has_value());
        CHECK(*back == e);
    }
}

TEST_CASE("wire strings are the ones PROTOCOL.md lists") {
    CHECK(qp::to_string(error::bad_json) == "bad_json");
    CHECK(qp::to_string(error::unknown_type) == "unknown_type");
    CHECK(qp::to_string(error::rate_limited) == "rate_limited");
    CHECK(qp::to_string(error::too_big) == "too_big");
    CHECK(qp::to_string(error::internal) == "internal");
}

TEST_CASE("error_from_string refuses what names no code") {
    CHECK_FALSE(qp::error_from_string("").has_value());
    CHECK_FALSE(qp::error_from_string("BAD_JSON").has_value());
    CHECK_FALSE(qp::error_from_string("bad_json ").has_value());
    CHECK_FALSE(qp::error_from_string("timeout").has_value());
}

TEST_CASE("default messages are distinct sentences") {
    std::set<std::string_view> seen;
    for (const error e : qp::all_errors) {
        const auto m = qp::default_message(e);
        CAPTURE(qp::to_string(e));
        REQUIRE(m.size() > 5);
        CHECK(m.back() == '.');
        CHECK(seen.insert(m).second);
    }
}

TEST_CASE("http_status") {
    for (const error e : {error::bad_json, error::bad_message, error::unknown_type,
                          error::name_invalid, error::bad_answer}) {
        CHECK(qp::http_status(e) == 400);
    }
    CHECK(qp::http_status(error::forbidden) == 403);
    CHECK(qp::http_status(error::not_found) == 404);
    for (const error e : {error::name_taken, error::room_full, error::room_locked,
                          error::wrong_phase, error::late, error::duplicate}) {
        CHECK(qp::http_status(e) == 409);
    }
    CHECK(qp::http_status(error::too_big) == 413);
    CHECK(qp::http_status(error::rate_limited) == 429);
    CHECK(qp::http_status(error::unavailable) == 503);
    CHECK(qp::http_status(error::internal) == 500);
}
