#include "net/http_routes.hpp"

#include "game/deck_formats.hpp"
#include "game/question_kind.hpp"
#include "game/room_code.hpp"
#include "net/metrics.hpp"
#include "net/qr_svg.hpp"
#include "net/url_decode.hpp"

namespace quizroom::net {
namespace {

using nlohmann::json;

http_response json_response(int status, const json& body) {
    return {status, "application/json", body.dump(), {}};
}

std::string path_of(const std::string& target) {
    return target.substr(0, target.find('?'));
}

/// "/api/quizzes/abc" with prefix "/api/quizzes/" -> "abc"; empty when nested deeper.
std::string tail_after(const std::string& path, std::string_view prefix) {
    std::string rest = path.substr(prefix.size());
    return rest.find('/') == std::string::npos ? rest : std::string{};
}

/// The code of "/api/rooms/{code}{suffix}"; empty when the path is not that.
std::string room_code_of(const std::string& path, std::string_view suffix) {
    constexpr std::string_view prefix = "/api/rooms/";
    if (!path.starts_with(prefix) || !path.ends_with(suffix) ||
        path.size() < prefix.size() + suffix.size()) {
        return {};
    }
    return tail_after(path.substr(0, path.size() - suffix.size()), prefix);
}

// A Host header worth echoing into a join address: a name or address and a port.
bool plausible_host(const std::string& host) {
    if (host.empty() || host.size() > 255) {
        return false;
    }
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' ||
                        c == ']' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Everything that gives an answer away stays on the server.
json public_question(const game::question& q) {
    json j = {{"id", q.id},         {"category", q.category},         {"kind", q.kind},
              {"prompt", q.prompt}, {"time_limit_s", q.time_limit_s}, {"points", q.points}};
    if (auto choices = game::find_kind(q.kind)->shown_choices(q)) {
        j["choices"] = *choices;
    }
    return j;
}

} // namespace

http_response error_response(protocol::error code, std::string message) {
    server_metrics().count_error(code);
    return json_response(protocol::http_status(code),
                         {{"error", protocol::to_string(code)}, {"message", std::move(message)}});
}

http_routes::http_routes(room_directory& rooms, store::store& store, static_files files,
                         const std::atomic<bool>& draining, room_code_guard& codes,
                         std::string public_url, upload_policy uploads, allowed_origins origins)
    : rooms_(rooms), store_(store), files_(std::move(files)), draining_(draining), codes_(codes),
      public_url_(std::move(public_url)), uploads_(rooms, store, std::move(uploads), draining),
      reports_(rooms, store), origins_(std::move(origins)) {
    while (!public_url_.empty() && public_url_.back() == '/') {
        public_url_.pop_back();
    }
}

void http_routes::route(const http_request& request, http_responder respond) const {
    const std::string path = path_of(request.target);
    const bool get = request.method == "GET";
    const bool api = path.starts_with("/api/");
    const auto wrong_method = [&] {
        respond(error_response(protocol::error::bad_message,
                               request.method + " is not allowed on " + path));
    };

    if (path == "/healthz") {
        return get ? respond(json_response(200, {{"status", "ok"}})) : wrong_method();
    }
    if (path == "/readyz") {
        return get ? respond(readiness()) : wrong_method();
    }
    if (path == "/metrics") {
        return get ? respond({200, metrics_content_type, server_metrics().render(), {}})
                   : wrong_method();
    }
    if (path == "/api/quizzes") {
        if (request.method == "POST") {
            return uploads_.handle(request, std::move(respond));
        }
        return get ? respond(quizzes()) : wrong_method();
    }
    if (path.starts_with("/api/quizzes/")) {
        return get ? respond(quiz(tail_after(path, "/api/quizzes/"))) : wrong_method();
    }
    if (path == "/api/rooms") {
        return request.method == "POST" ? create_room(request, std::move(respond)) : wrong_method();
    }
    if (path.starts_with("/api/rooms/")) {
        return room_route(path, request, std::move(respond));
    }
    if (path.starts_with("/api/leagues/")) {
        return get ? league(url_decode(tail_after(path, "/api/leagues/")), std::move(respond))
                   : wrong_method();
    }
    if (!api && get) {
        if (auto file = files_.get(path)) {
            return respond(std::move(*file));
        }
    }
    respond(error_response(protocol::error::not_found, "nothing here: " + path));
}

// `/api/rooms/{code}` and below: each request tries a code, as `join` does,
// and shares its limits.
void http_routes::room_route(const std::string& path, const http_request& request,
                             http_responder respond) const {
    constexpr std::string_view prefix = "/api/rooms/";
    const std::string rest = path.substr(prefix.size());
    const std::string typed_code = rest.substr(0, rest.find('/'));
    const auto code = game::normalize_room_code(typed_code);
    if (auto why = codes_.refuse(request.client, code.value_or(typed_code),
                                 rooms_.find(typed_code) != nullptr, steady_now_ms())) {
        return respond(error_response(protocol::error::rate_limited, std::move(*why)));
    }
    const bool get = request.method == "GET";
    const auto wrong_method = [&] {
        respond(error_response(protocol::error::bad_message,
                               request.method + " is not allowed on " + path));
    };
    if (path.ends_with("/qr.svg")) {
        const auto room_path = path.substr(0, path.size() - std::string_view("/qr.svg").size());
        return get ? respond(room_qr(tail_after(room_path, prefix), request)) : wrong_method();
    }
    if (path.ends_with("/report")) {
        return get ? reports_.report(room_code_of(path, "/report"), request, std::move(respond))
                   : wrong_method();
    }
    if (path.ends_with("/recap")) {
        return get ? reports_.recap(room_code_of(path, "/recap"), request, std::move(respond))
                   : wrong_method();
    }
    const std::string code_path = tail_after(path, prefix);
    if (request.method == "DELETE") {
        return reports_.erase(code_path, request, std::move(respond));
    }
    get ? respond(room(code_path, request)) : wrong_method();
}

void http_routes::league(const std::string& id, http_responder respond) const {
    if (id.empty() || id.size() > 64) {
        return respond(error_response(protocol::error::not_found, "there is no such league"));
    }
    store_.league(id, [id, respond = std::move(respond)](std::optional<store::league_table> t) {
        if (!t) {
            return respond(error_response(protocol::error::unavailable,
                                          "league standings cannot be read right now"));
        }
        if (t->players.empty() && t->teams.empty()) {
            return respond(error_response(protocol::error::not_found,
                                          "no finished game has added to league `" + id + "`"));
        }
        const auto rows = [](const std::vector<game::league_standing>& standings) {
            json out = json::array();
            for (const auto& s : standings) {
                out.push_back(
                    {{"rank", s.rank}, {"name", s.name}, {"total", s.total}, {"games", s.games}});
            }
            return out;
        };
        respond(json_response(
            200, {{"league", id}, {"players", rows(t->players)}, {"teams", rows(t->teams)}}));
    });
}

http_response http_routes::readiness() const {
    if (draining_) {
        return json_response(503, {{"status", "draining"}});
    }
    if (!store_.reachable()) {
        return json_response(200, {{"status", "degraded"}, {"store", "unreachable"}});
    }
    return json_response(200, {{"status", "ready"}});
}

http_response http_routes::quizzes() const {
    json list = json::array();
    for (const auto& d : rooms_.decks()) {
        list.push_back({{"id", d->id},
                        {"title", d->title},
                        {"description", d->description},
                        {"questions", d->questions.size()},
                        {"categories", d->categories()},
                        {"formats", game::offered_formats(*d)}});
    }
    return json_response(200, list);
}

http_response http_routes::quiz(const std::string& id) const {
    const auto d = rooms_.find_deck(id);
    if (!d) {
        return error_response(protocol::error::not_found, "there is no quiz `" + id + "`");
    }
    json questions = json::array();
    for (const auto& q : d->questions) {
        questions.push_back(public_question(q));
    }
    return json_response(200, {{"id", d->id},
                               {"title", d->title},
                               {"description", d->description},
                               {"source", d->source},
                               {"categories", d->categories()},
                               {"questions", questions}});
}

void http_routes::create_room(const http_request& request, http_responder respond) const {
    if (draining_) {
        return respond(error_response(protocol::error::unavailable, "the server is restarting"));
    }
    // The body is a `create` message without its type: one validator for both.
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return respond(
            error_response(protocol::error::bad_message, "the body must be a JSON object"));
    }
    body["type"] = "create";
    body.erase("id");
    const auto parsed = protocol::parse(body.dump());
    if (!parsed) {
        return respond(error_response(parsed.failure->code, parsed.failure->message));
    }
    auto created = rooms_.create(std::get<protocol::create_msg>(parsed.message));
    if (auto* e = std::get_if<protocol::protocol_error>(&created)) {
        return respond(error_response(e->code, e->message));
    }
    std::get<std::shared_ptr<room_host>>(created)->open(
        nullptr, std::nullopt, [respond](const protocol::server_message& m) {
            if (const auto* c = std::get_if<protocol::created_msg>(&m)) {
                respond(json_response(201, {{"code", c->code}, {"host_token", c->host_token}}));
            } else if (const auto* e = std::get_if<protocol::error_msg>(&m)) {
                respond(error_response(e->code, e->message));
            }
        });
}

http_response http_routes::room(const std::string& code, const http_request& request) const {
    const auto host = rooms_.find(code);
    if (!host) {
        return error_response(protocol::error::not_found, "there is no room with that code");
    }
    const room_summary s = host->summary();
    json body = {{"code", s.code},
                 {"phase", protocol::to_string(s.phase)},
                 {"players", s.players},
                 {"quiz", {{"id", s.quiz.id}, {"title", s.quiz.title}}},
                 {"locked", s.locked}};
    body["teams"] = host->teams();
    if (auto url = join_url(s.code, request)) {
        body["join_url"] = *url;
    }
    return json_response(200, body);
}

http_response http_routes::room_qr(const std::string& code, const http_request& request) const {
    const auto host = rooms_.find(code);
    if (!host) {
        return error_response(protocol::error::not_found, "there is no room with that code");
    }
    const auto url = join_url(host->summary().code, request);
    if (!url) {
        return error_response(protocol::error::bad_message,
                              "no join address: start the server with --public-url");
    }
    auto svg = qr_svg(*url);
    if (!svg) {
        return error_response(protocol::error::internal,
                              "the join address is too long for a QR code");
    }
    return {200, "image/svg+xml", std::move(*svg), {{"Cache-Control", "no-cache"}}};
}

std::optional<http_response>
http_routes::upgrade_refusal(const std::optional<std::string_view>& origin) const {
    if (origins_.allows(origin)) {
        return std::nullopt;
    }
    return error_response(protocol::error::forbidden,
                          "pages of this origin may not connect here (--allowed-origins)");
}

// `--public-url` when given, else the address this request came to.
std::optional<std::string> http_routes::join_url(const std::string& code,
                                                 const http_request& request) const {
    if (!public_url_.empty()) {
        return public_url_ + "/?room=" + code;
    }
    if (plausible_host(request.host)) {
        return (request.secure ? "https://" : "http://") + request.host + "/?room=" + code;
    }
    return std::nullopt;
}

} // namespace quizroom::net
