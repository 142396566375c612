#include "tests/support/redis_process.hpp"

#include "tests/support/free_port.hpp"

#include <hiredis/hiredis.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

namespace quizroom::testkit {

redis_process::redis_process(std::string dir, std::vector<std::string> extra_args)
    : dir_(std::move(dir)), extra_args_(std::move(extra_args)) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    start();
}

void redis_process::start() {
    if (child_ && child_->running()) {
        return;
    }
    std::vector<std::string> argv{"/usr/bin/redis-server",
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--dir",
                                  dir_,
                                  "--appendonly",
                                  "yes",
                                  "--appendfsync",
                                  "everysec",
                                  "--save",
                                  "",
                                  "--daemonize",
                                  "no"};
    argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
    child_ = std::make_unique<child_process>(std::move(argv), dir_ + "/redis.log", true);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
        if (!child_->running()) {
            throw std::runtime_error("redis-server " + describe_wait_status(child_->wait_status()) +
                                     ":\n" + tail(child_->log(), 2000));
        }
        // With --requirepass, a PING without AUTH answers NOAUTH: alive too.
        const auto pong = query({"PING"}).str.value_or("");
        if (pong == "PONG" || pong.starts_with("NOAUTH")) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not answer PING:\n" + tail(child_->log(), 2000));
}

void redis_process::stop() {
    if (child_) {
        child_->stop();
    }
}

redis_answer redis_process::query(const std::vector<std::string>& command) const {
    redis_answer out;
    const timeval timeout{2, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, timeout);
    if (c == nullptr || c->err != 0) {
        redisFree(c);
        return out;
    }
    const auto run = [c](const std::vector<std::string>& args) {
        std::vector<const char*> argv;
        std::vector<std::size_t> lengths;
        for (const auto& a : args) {
            argv.push_back(a.data());
            lengths.push_back(a.size());
        }
        return static_cast<redisReply*>(
            redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    };
    if (!password.empty()) {
        freeReplyObject(run({"AUTH", password}));
    }
    if (db != 0) {
        freeReplyObject(run({"SELECT", std::to_string(db)}));
    }
    auto* r = run(command);
    if (r != nullptr) {
        out.ok = r->type != REDIS_REPLY_ERROR;
        if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
            r->type == REDIS_REPLY_ERROR) {
            out.str = std::string(r->str, r->len);
        } else if (r->type == REDIS_REPLY_INTEGER) {
            out.str = std::to_string(r->integer);
        } else if (r->type == REDIS_REPLY_ARRAY) {
            for (std::size_t i = 0; i < r->elements; ++i) {
                const auto* e = r->element[i];
                out.items.emplace_back(e->str != nullptr ? std::string(e->str, e->len)
                                                         : std::to_string(e->integer));
            }
        }
        freeReplyObject(r);
    }
    redisFree(c);
    return out;
}

} // namespace quizroom::testkit
