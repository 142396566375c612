#pragma once

// What a room host needs of a client connection. Implemented by
// websocket_session; kept free of Beast so room code compiles fast.

#include "game/room_actions.hpp"

#include <memory>
#include <string>

namespace quizroom::net {

class room_host;

/// One encoded frame, shared by every recipient of a broadcast.
using shared_frame = std::shared_ptr<const std::string>;

class connection {
public:
    virtual ~connection() = default;

    virtual game::conn_id id() const noexcept = 0;

    /// Queues a frame. When `question` is >= 0 this is that question's frame,
    /// and the connection reports to its room when it hands it to the socket.
    /// Thread-safe.
    virtual void send(shared_frame frame, int question = -1) = 0;

    /// Closes after the frames already queued. Thread-safe.
    virtual void close(int code, std::string reason) = 0;

    /// The room accepted this connection as a host screen or player. Thread-safe.
    virtual void attached(std::shared_ptr<room_host> room, game::role as) = 0;

    /// The room let this connection go (kick, leave, replaced, game over). Thread-safe.
    virtual void detached() = 0;
};

} // namespace quizroom::net
