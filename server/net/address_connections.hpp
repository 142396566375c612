#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace quizroom::net {

/// Counts open WebSocket connections per client address (its address_key),
/// up to a maximum each. Thread-safe.
class address_connections {
public:
    /// Held by a connection while it is open; gives its place back when destroyed.
    class slot {
    public:
        slot(address_connections& owner, std::string key);
        ~slot();
        slot(const slot&) = delete;
        slot& operator=(const slot&) = delete;

    private:
        address_connections& owner_;
        std::string key_;
    };

    explicit address_connections(std::size_t per_address) : per_address_(per_address) {}

    /// A place for one more connection from `key`; null when it has the maximum.
    std::unique_ptr<slot> open(const std::string& key);
    std::size_t count(const std::string& key) const;

private:
    void release(const std::string& key);

    const std::size_t per_address_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> open_; ///< no entry at zero
};

} // namespace quizroom::net
