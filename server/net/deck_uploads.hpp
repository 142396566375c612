#pragma once

// `POST /api/quizzes` (PROTOCOL.md, "HTTP API"): a deck as JSON, or a file
// in an import format, validated whole, added to the catalog, stored.

#include "net/http_types.hpp"
#include "net/room_directory.hpp"
#include "store/store.hpp"

#include <atomic>
#include <string>

namespace quizroom::net {

/// Who may upload decks (ARCHITECTURE.md, "Security and privacy").
struct upload_policy {
    std::string admin_token; ///< when set, uploads need `Authorization: Bearer <it>`
    bool open = false;       ///< `--open-uploads`: anyone may upload
};

class deck_uploads {
public:
    deck_uploads(room_directory& rooms, store::store& store, upload_policy policy,
                 const std::atomic<bool>& draining);

    /// Answers through `respond`: at once when refused, else once the deck is stored.
    ///
    /// 201 {"id"}; 400 bad_message with "problems" [{"line","message"}] (line
    /// null when a problem has none: a JSON deck's fields); 403 forbidden
    /// without the admin token; 409 duplicate when the id is taken; 503 while
    /// draining. The body limit (1 MiB, 413) is the HTTP session's.
    void handle(const http_request& request, http_responder respond) const;

private:
    room_directory& rooms_;
    store::store& store_;
    upload_policy policy_;
    const std::atomic<bool>& draining_;
};

} // namespace quizroom::net
