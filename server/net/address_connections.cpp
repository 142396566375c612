#include "net/address_connections.hpp"

namespace quizroom::net {

address_connections::slot::slot(address_connections& owner, std::string key)
    : owner_(owner), key_(std::move(key)) {}

address_connections::slot::~slot() {
    owner_.release(key_);
}

std::unique_ptr<address_connections::slot> address_connections::open(const std::string& key) {
    {
        std::lock_guard lock(mutex_);
        auto& n = open_[key];
        if (n >= per_address_) {
            if (n == 0) {
                open_.erase(key);
            }
            return nullptr;
        }
        ++n;
    }
    return std::make_unique<slot>(*this, key);
}

std::size_t address_connections::count(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = open_.find(key);
    return it == open_.end() ? 0 : it->second;
}

void address_connections::release(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto it = open_.find(key);
    if (it != open_.end() && --it->second == 0) {
        open_.erase(it);
    }
}

} // namespace quizroom::net
