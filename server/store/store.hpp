#pragma once

// Where rooms, players, answers and sessions are kept. The interface is
// asynchronous and batch-shaped so that a networked backend (Redis) can
// group-commit many rooms' writes in one round trip without changing callers.

#include "game/records.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace quizroom::store {

class store {
public:
    /// Runs once the batch is stored; `durable` is false when the backend
    /// could only queue it (store unreachable). May run on any thread, and
    /// may run before commit() returns.
    using completion = std::function<void(bool durable)>;

    virtual ~store() = default;

    /// Stores a batch of one room's records, in order.
    virtual void commit(std::vector<game::record> batch, completion done) = 0;

    /// False while the backend cannot reach its storage (reported by /readyz).
    virtual bool reachable() const = 0;
};

} // namespace quizroom::store
