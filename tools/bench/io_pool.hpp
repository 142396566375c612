#pragma once

// N single-threaded io_contexts, one thread each: a connection lives on one
// of them for its whole life, so its handlers need no strand and no lock.

#include "bench/bench_net.hpp"

#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace quizroom::bench {

class io_pool {
public:
    explicit io_pool(int threads) {
        for (int i = 0; i < threads; ++i) {
            contexts_.push_back(std::make_unique<asio::io_context>(1));
            guards_.emplace_back(asio::make_work_guard(*contexts_.back()));
        }
    }

    io_pool(const io_pool&) = delete;
    io_pool& operator=(const io_pool&) = delete;

    ~io_pool() { stop(); }

    asio::io_context& at(std::size_t i) { return *contexts_[i % contexts_.size()]; }
    std::size_t size() const { return contexts_.size(); }

    void run() {
        for (auto& c : contexts_) {
            threads_.emplace_back([&ioc = *c] { ioc.run(); });
        }
    }

    /// Stops every context and joins the threads; pending handlers are dropped.
    void stop() {
        guards_.clear();
        for (auto& c : contexts_) {
            c->stop();
        }
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
    }

private:
    std::vector<std::unique_ptr<asio::io_context>> contexts_;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
    std::vector<std::thread> threads_;
};

} // namespace quizroom::bench
