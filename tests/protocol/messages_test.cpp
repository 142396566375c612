#include "protocol/messages.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

namespace qp = quizroom::protocol;
using qp::json;

TEST_CASE("phases round-trip through their wire names") {
    const qp::phase all[] = {qp::phase::lobby,       qp::phase::question, qp::phase::reveal,
                             qp::phase::leaderboard, qp::phase::podium,   qp::phase::ended};
    for (const qp::phase p : all) {
        CAPTURE(qp::to_string(p));
        CHECK(qp::phase_from_string(qp::to_string(p)) == p);
    }
    CHECK(qp::to_string(qp::phase::leaderboard) == "leaderboard");
    CHECK_FALSE(qp::phase_from_string("Lobby").has_value());
    CHECK_FALSE(qp::phase_from_string("").has_value());
}

TEST_CASE("answer_to_json writes the one answer field") {
    CHECK(qp::answer_to_json(qp::choice_answer{2}) == json::parse(R"({"choice":2})"));
    CHECK(qp::answer_to_json(qp::choices_answer{{0, 2}}) == json::parse(R"({"choices":[0,2]})"));
    CHECK(qp::answer_to_json(qp::choices_answer{}) == json::parse(R"({"choices":[]})"));
    CHECK(qp::answer_to_json(qp::text_answer{"Ada"}) == json::parse(R"({"text":"Ada"})"));
    CHECK(qp::answer_to_json(qp::order_answer{{2, 0, 1}}) == json::parse(R"({"order":[2,0,1]})"));
    CHECK(qp::answer_to_json(qp::value_answer{4.5}) == json::parse(R"({"value":4.5})"));
}

TEST_CASE("type names") {
    CHECK(qp::type_name(qp::client_message{qp::create_msg{}}) == "create");
    CHECK(qp::type_name(qp::client_message{qp::override_msg{}}) == "override");
    CHECK(qp::type_name(qp::client_message{qp::leave_msg{}}) == "leave");
    CHECK(qp::type_name(qp::server_message{qp::created_msg{}}) == "created");
    CHECK(qp::type_name(qp::server_message{qp::answer_ack_msg{}}) == "answer_ack");
    CHECK(qp::type_name(qp::server_message{qp::player_left_msg{}}) == "player_left");
    CHECK(qp::type_name(qp::server_message{qp::error_msg{}}) == "error");
}

template <class Variant, std::size_t... I>
std::set<std::string_view> names_of_all(std::index_sequence<I...>) {
    return {qp::type_name(Variant{std::in_place_index<I>})...};
}

TEST_CASE("every message type has its own name") {
    CHECK(names_of_all<qp::client_message>(
              std::make_index_sequence<std::variant_size_v<qp::client_message>>())
              .size() == std::variant_size_v<qp::client_message>);
    CHECK(names_of_all<qp::server_message>(
              std::make_index_sequence<std::variant_size_v<qp::server_message>>())
              .size() == std::variant_size_v<qp::server_message>);
}
