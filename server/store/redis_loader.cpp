#include "store/redis_loader.hpp"

#include "store/redis_schema.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace quizroom::store {

namespace {

struct context_deleter {
    void operator()(redisContext* c) const { redisFree(c); }
};
struct reply_deleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using context_ptr = std::unique_ptr<redisContext, context_deleter>;
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

reply_ptr run(redisContext* c, const redis_command& command) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : command) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    return reply_ptr(static_cast<redisReply*>(
        redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

std::vector<std::string> strings(const redisReply* r) {
    std::vector<std::string> out;
    if (r != nullptr && r->type == REDIS_REPLY_ARRAY) {
        for (std::size_t i = 0; i < r->elements; ++i) {
            out.emplace_back(r->element[i]->str, r->element[i]->len);
        }
    }
    return out;
}

std::optional<std::string> string(const redisReply* r) {
    if (r == nullptr || r->type != REDIS_REPLY_STRING) {
        return std::nullopt;
    }
    return std::string(r->str, r->len);
}

/// The JSON values of a hash (HGETALL's every second element).
std::vector<nlohmann::json> hash_values(redisContext* c, const std::string& key) {
    std::vector<nlohmann::json> out;
    const auto all = strings(run(c, {"HGETALL", key}).get());
    for (std::size_t i = 1; i < all.size(); i += 2) {
        out.push_back(nlohmann::json::parse(all[i], nullptr, false));
    }
    return out;
}

std::optional<game::stored_room> load_room(redisContext* c, const std::string& code) {
    const auto text = string(run(c, {"HGET", redis_keys::room(code), "snapshot"}).get());
    if (!text) {
        return std::nullopt; // expired
    }
    auto room = game::room_record_from_json(nlohmann::json::parse(*text, nullptr, false));
    if (!room) {
        spdlog::error("redis: room {} has an unreadable snapshot; not resuming it", code);
        return std::nullopt;
    }
    game::stored_room out{*room, {}, {}};
    for (const auto& j : hash_values(c, redis_keys::players(code))) {
        if (auto p = game::player_record_from_json(j)) {
            out.players.push_back(std::move(*p));
        } else {
            spdlog::error("redis: room {} has an unreadable player; skipped", code);
        }
    }
    for (int q = 0; q <= room->q; ++q) {
        for (const auto& j : hash_values(c, redis_keys::answers(code, q))) {
            if (auto a = game::answer_record_from_json(j)) {
                out.answers.push_back(std::move(*a));
            } else {
                spdlog::error("redis: room {} has an unreadable answer; skipped", code);
            }
        }
    }
    return out;
}

} // namespace

std::optional<redis_snapshot> load_redis_snapshot(const redis_url& url, std::string& why) {
    const timeval timeout{2, 0};
    context_ptr c(redisConnectWithTimeout(url.host.c_str(), url.port, timeout));
    if (!c || c->err != 0) {
        why = c ? c->errstr : "out of memory";
        return std::nullopt;
    }
    redisSetTimeout(c.get(), timeout);
    std::vector<redis_command> hello;
    if (!url.password.empty()) {
        hello.push_back({"AUTH", url.password});
    }
    hello.push_back({"SELECT", std::to_string(url.db)});
    for (const auto& command : hello) {
        const auto r = run(c.get(), command);
        if (!r || r->type == REDIS_REPLY_ERROR) {
            why = r ? std::string(r->str, r->len) : std::string(c->errstr);
            return std::nullopt;
        }
    }

    redis_snapshot out;
    for (const auto& code : strings(run(c.get(), {"SMEMBERS", redis_keys::rooms}).get())) {
        if (auto room = load_room(c.get(), code)) {
            out.rooms.push_back(std::move(*room));
        }
    }
    for (const auto& id : strings(run(c.get(), {"SMEMBERS", redis_keys::decks}).get())) {
        if (auto json = string(run(c.get(), {"GET", redis_keys::deck(id)}).get())) {
            out.decks.push_back(std::move(*json));
        }
    }
    if (const auto beat = string(run(c.get(), {"GET", redis_keys::heartbeat}).get())) {
        try {
            out.heartbeat = std::stoll(*beat);
        } catch (const std::exception&) {
            out.heartbeat.reset();
        }
    }
    if (c->err != 0) {
        why = c->errstr;
        return std::nullopt;
    }
    return out;
}

} // namespace quizroom::store
