#pragma once

// The HTTP API of PROTOCOL.md ("HTTP API") and the browser client's files.

#include "net/allowed_origins.hpp"
#include "net/deck_uploads.hpp"
#include "net/http_types.hpp"
#include "net/room_code_guard.hpp"
#include "net/room_directory.hpp"
#include "net/room_reports.hpp"
#include "net/static_files.hpp"
#include "store/store.hpp"

#include <atomic>
#include <optional>
#include <string>

namespace quizroom::net {

class http_routes {
public:
    /// `codes`: the limits on trying room codes, which `/api/rooms/{code}`
    /// shares with `join`. `public_url`: the address players join at
    /// (`--public-url`); when empty, the join address is built from each
    /// request's Host header. `uploads`: who may add decks (by default nobody).
    /// `origins`: the web pages that may open a WebSocket (by default any).
    http_routes(room_directory& rooms, store::store& store, static_files files,
                const std::atomic<bool>& draining, room_code_guard& codes,
                std::string public_url = {}, upload_policy uploads = {},
                allowed_origins origins = {});

    /// Answers a request through `respond`, at once or once a room is stored.
    void route(const http_request& request, http_responder respond) const;

    /// The answer that refuses a WebSocket handshake from a page of an origin
    /// not allowed (`origin`: its Origin header, nullopt when it sent none);
    /// nullopt when the handshake may go on.
    std::optional<http_response>
    upgrade_refusal(const std::optional<std::string_view>& origin) const;

private:
    http_response quizzes() const;
    http_response quiz(const std::string& id) const;
    void create_room(const http_request& request, http_responder respond) const;
    void room_route(const std::string& path, const http_request& request,
                    http_responder respond) const;
    http_response room(const std::string& code, const http_request& request) const;
    http_response room_qr(const std::string& code, const http_request& request) const;
    std::optional<std::string> join_url(const std::string& code, const http_request& request) const;
    void league(const std::string& id, http_responder respond) const;
    http_response readiness() const;

    room_directory& rooms_;
    store::store& store_;
    static_files files_;
    const std::atomic<bool>& draining_;
    room_code_guard& codes_;
    std::string public_url_;
    deck_uploads uploads_;
    room_reports reports_;
    allowed_origins origins_;
};

/// `{"error": code, "message": text}` with the code's HTTP status.
http_response error_response(protocol::error code, std::string message);

} // namespace quizroom::net
