#include "net/deck_uploads.hpp"

#include "game/secrets.hpp"
#include "import/importer.hpp"
#include "net/http_request_parts.hpp"
#include "net/http_routes.hpp"

#include <map>
#include <optional>

namespace quizroom::net {
namespace {

using nlohmann::json;

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
    std::string out;
    for (const char c : s) {
        out += lower(c);
    }
    return out;
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

/// Which importer reads the body: `?format=` first, then the Content-Type.
std::variant<importer::format, std::string>
body_format(const http_request& r, const std::map<std::string, std::string>& query) {
    if (const auto it = query.find("format"); it != query.end()) {
        if (auto f = importer::parse_format(it->second)) {
            return *f;
        }
        return "format `" + it->second + "` is not one of json, markdown, csv, gift";
    }
    const std::string type = lower(trim(r.content_type.substr(0, r.content_type.find(';'))));
    if (type == "application/json" || type.ends_with("+json")) {
        return importer::format::json;
    }
    if (type == "text/csv" || type == "application/csv") {
        return importer::format::csv;
    }
    if (type == "text/markdown" || type == "text/x-markdown") {
        return importer::format::markdown;
    }
    if (type == "text/x-gift" || type == "application/x-gift") {
        return importer::format::gift;
    }
    if (type.empty() && r.body.find_first_not_of(" \t\r\n") != std::string::npos &&
        r.body[r.body.find_first_not_of(" \t\r\n")] == '{') {
        return importer::format::json;
    }
    const std::string said = type.empty() ? "no Content-Type" : "Content-Type `" + type + "`";
    return "cannot tell what the body is (" + said +
           "): send application/json, text/csv, text/markdown or text/x-gift, or add "
           "?format=json|markdown|csv|gift";
}

http_response problems_response(const std::vector<importer::problem>& problems) {
    json list = json::array();
    for (const auto& p : problems) {
        list.push_back(
            {{"line", p.line > 0 ? json(p.line) : json(nullptr)}, {"message", p.message}});
    }
    std::string message = "the deck was not added: " + importer::describe(problems.front());
    if (problems.size() > 1) {
        message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
                   (problems.size() == 2 ? "" : "s") + ")";
    }
    return {400,
            "application/json",
            json{{"error", protocol::to_string(protocol::error::bad_message)},
                 {"message", message},
                 {"problems", list}}
                .dump(),
            {}};
}

} // namespace

deck_uploads::deck_uploads(room_directory& rooms, store::store& store, upload_policy policy,
                           const std::atomic<bool>& draining)
    : rooms_(rooms), store_(store), policy_(std::move(policy)), draining_(draining) {}

void deck_uploads::handle(const http_request& request, http_responder respond) const {
    if (draining_) {
        return respond(error_response(protocol::error::unavailable, "the server is restarting"));
    }
    // Who: checked before the body is read at all.
    if (!policy_.open) {
        if (policy_.admin_token.empty()) {
            return respond(error_response(
                protocol::error::forbidden,
                "uploads are turned off on this server: start it with --admin-token TOKEN (or "
                "QUIZROOM_ADMIN_TOKEN) and send `Authorization: Bearer TOKEN`, or with "
                "--open-uploads to let anyone upload"));
        }
        if (!game::equal_constant_time(bearer_token(request.authorization), policy_.admin_token)) {
            return respond(error_response(protocol::error::forbidden,
                                          "uploads need the admin token: send "
                                          "`Authorization: Bearer <admin token>`"));
        }
    }

    const auto query = query_of(request.target);
    const auto f = body_format(request, query);
    if (const auto* why = std::get_if<std::string>(&f)) {
        return respond(error_response(protocol::error::bad_message, *why));
    }
    importer::options options;
    if (const auto it = query.find("id"); it != query.end()) {
        options.id = it->second;
    }
    if (const auto it = query.find("title"); it != query.end()) {
        options.title = it->second;
    }
    auto result = importer::import_deck(request.body, std::get<importer::format>(f), options);
    if (const auto* problems = std::get_if<std::vector<importer::problem>>(&result)) {
        return respond(problems_response(*problems));
    }

    auto& deck = std::get<importer::imported>(result);
    const std::string id = deck.deck.id;
    std::string stored = deck.json.dump();
    // The catalog decides who wins a race between two uploads of one id.
    if (!rooms_.add_deck(std::move(deck.deck))) {
        return respond(error_response(protocol::error::duplicate,
                                      "there is already a deck with id `" + id +
                                          "`: choose another id (the deck's `id`, or ?id=)"));
    }
    store_.commit({game::deck_record{id, std::move(stored)}}, [respond, id](bool durable) {
        json body = {{"id", id}};
        if (!durable) {
            body["durable"] = false;
        }
        respond({201, "application/json", body.dump(), {}});
    });
}

} // namespace quizroom::net
