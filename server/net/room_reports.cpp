#include "net/room_reports.hpp"

#include "game/report.hpp"
#include "game/room_code.hpp"
#include "game/secrets.hpp"
#include "net/http_request_parts.hpp"
#include "net/http_routes.hpp"
#include "protocol/codec.hpp"

#include <memory>

namespace quizroom::net {
namespace {

using nlohmann::json;

// Reports hold people's names and answers: no cache keeps a copy.
const std::pair<std::string, std::string> no_store{"Cache-Control", "no-store"};

http_response json_ok(const json& body) {
    return {200, "application/json", body.dump(), {no_store}};
}

http_response error_of(const protocol::protocol_error& e) {
    return error_response(e.code, e.message);
}

http_response missing_token(std::string_view whose) {
    return error_response(protocol::error::forbidden,
                          "send `Authorization: Bearer <" + std::string(whose) + " token>`");
}

http_response no_room() {
    return error_response(protocol::error::not_found, "there is no room or report with that code");
}

http_response unreachable() {
    return error_response(protocol::error::unavailable, "the store cannot be reached; try again");
}

/// The report as the request asks for it; `csv` is false for JSON.
http_response render(const game::game_report& r, bool csv) {
    if (!csv) {
        return json_ok(game::to_json(r));
    }
    return {
        200,
        "text/csv; charset=utf-8",
        game::to_csv(r),
        {no_store,
         {"Content-Disposition", "attachment; filename=\"quizroom-" + r.code + "-report.csv\""}}};
}

} // namespace

room_reports::room_reports(room_directory& rooms, store::store& store)
    : rooms_(rooms), store_(store) {}

void room_reports::report(const std::string& typed_code, const http_request& request,
                          http_responder respond) const {
    const auto query = query_of(request.target);
    const auto format = query.contains("format") ? query.at("format") : std::string("json");
    if (format != "json" && format != "csv") {
        return respond(error_response(protocol::error::bad_message,
                                      "format `" + format + "` is not one of json, csv"));
    }
    const bool csv = format == "csv";
    const std::string token = bearer_token(request.authorization);
    if (token.empty()) {
        return respond(missing_token("host"));
    }
    const auto code = game::normalize_room_code(typed_code);
    if (!code) {
        return respond(no_room());
    }
    if (const auto host = rooms_.find(*code)) {
        return host->report(
            token, [respond, csv](std::variant<game::game_report, protocol::protocol_error> r) {
                if (const auto* e = std::get_if<protocol::protocol_error>(&r)) {
                    return respond(error_of(*e));
                }
                respond(render(std::get<game::game_report>(r), csv));
            });
    }
    with_stored_report(*code, token, respond, [respond, csv](const game::report_record& r) {
        respond(render(r.report, csv));
    });
}

void room_reports::recap(const std::string& typed_code, const http_request& request,
                         http_responder respond) const {
    const std::string token = bearer_token(request.authorization);
    if (token.empty()) {
        return respond(missing_token("player"));
    }
    const auto host = rooms_.find(typed_code);
    if (!host) {
        return respond(error_response(protocol::error::not_found,
                                      "there is no room with that code (a recap is kept only "
                                      "while its room is)"));
    }
    host->recap(token, [respond](std::variant<protocol::recap_msg, protocol::protocol_error> r) {
        if (const auto* e = std::get_if<protocol::protocol_error>(&r)) {
            return respond(error_of(*e));
        }
        json body = protocol::to_json_object(std::get<protocol::recap_msg>(std::move(r)));
        body.erase("type");
        respond(json_ok(body));
    });
}

void room_reports::erase(const std::string& typed_code, const http_request& request,
                         http_responder respond) const {
    const std::string token = bearer_token(request.authorization);
    if (token.empty()) {
        return respond(missing_token("host"));
    }
    const auto code = game::normalize_room_code(typed_code);
    if (!code) {
        return respond(no_room());
    }
    const auto deleted = [respond, code = *code] {
        respond(json_ok({{"code", code}, {"deleted", true}}));
    };
    if (const auto host = rooms_.find(*code)) {
        return host->erase(token, [this, respond, deleted, code = *code](
                                      std::variant<std::monostate, protocol::protocol_error> r) {
            if (const auto* e = std::get_if<protocol::protocol_error>(&r)) {
                return respond(error_of(*e));
            }
            rooms_.remove(code);
            deleted();
        });
    }
    // The room has gone: its stored report says whose it was.
    with_stored_report(*code, token, respond,
                       [this, respond, deleted, code = *code](const game::report_record& r) {
                           store_.erase_room(code, r.game_id, [respond, deleted](bool erased) {
                               if (!erased) {
                                   return respond(unreachable());
                               }
                               deleted();
                           });
                       });
}

void room_reports::with_stored_report(const std::string& code, const std::string& token,
                                      const http_responder& respond,
                                      std::function<void(const game::report_record&)> then) const {
    store_.report(code, [respond, then = std::move(then),
                         hash = rooms_.hash_token(token)](store::report_lookup l) {
        if (!l.readable) {
            return respond(unreachable());
        }
        if (!l.report) {
            return respond(no_room());
        }
        if (!game::equal_constant_time(hash, l.report->host_token_hash)) {
            return respond(
                error_response(protocol::error::forbidden, "that is not this room's host token"));
        }
        then(*l.report);
    });
}

} // namespace quizroom::net
