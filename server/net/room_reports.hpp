#pragma once

// The HTTP API's requests about a room that need its token (PROTOCOL.md,
// "HTTP API"): the host's report (`GET /api/rooms/{code}/report`), a
// player's recap (`GET /api/rooms/{code}/recap`) and the host's deletion
// (`DELETE /api/rooms/{code}`). A live room answers from memory, on its
// strand; a room that has gone (ended and dropped, or a restart since) from
// the report the store keeps for 30 days.

#include "net/http_types.hpp"
#include "net/room_directory.hpp"
#include "store/store.hpp"

#include <functional>
#include <string>

namespace quizroom::net {

class room_reports {
public:
    room_reports(room_directory& rooms, store::store& store);

    /// 200 the report as JSON, or as CSV with `?format=csv`; 403 forbidden
    /// without the host token; 404 not_found when neither the room nor a
    /// stored report is there; 503 unavailable when the store cannot be read.
    void report(const std::string& code, const http_request& request, http_responder respond) const;

    /// 200 {"items"} as in the `recap` message, with a player's token, once
    /// the game is over (409 wrong_phase before); only while the room is in
    /// memory (404 after).
    void recap(const std::string& code, const http_request& request, http_responder respond) const;

    /// 200 {"code", "deleted": true} once the room is ended and its data
    /// deleted; 403, 404 and 503 as for the report.
    void erase(const std::string& code, const http_request& request, http_responder respond) const;

private:
    /// Runs `then` with the stored report of a room that has left memory,
    /// once the token is its host's; otherwise answers 404, 403 or 503.
    void with_stored_report(const std::string& code, const std::string& token,
                            const http_responder& respond,
                            std::function<void(const game::report_record&)> then) const;

    room_directory& rooms_;
    store::store& store_;
};

} // namespace quizroom::net
