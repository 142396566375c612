#include "bench/broadcast_run.hpp"

#include "bench/concat.hpp"
#include "bench/frame_scan.hpp"
#include "bench/io_pool.hpp"
#include "bench/proc_sample.hpp"
#include "bench/step_waiter.hpp"

#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <memory>
#include <thread>
#include <vector>

namespace quizroom::bench {

namespace {

constexpr std::int64_t ms = 1'000'000;
constexpr std::int64_t pause_between = 200 * ms;

/// Step q counts the receivers of broadcast q; the last one counts opened connections.
struct shared_state {
    step_waiter& steps;
    int questions;
    std::atomic<int> open{0};
};

class receiver final : public connection_owner {
public:
    receiver(shared_state& s, asio::io_context& ioc)
        : arrived(static_cast<std::size_t>(s.questions), 0), s_(s),
          conn_(std::make_shared<ws_connection>(ioc, *this)) {}

    void start_at(std::int64_t at, const ws_target& target,
                  std::optional<asio::ip::address> source) {
        asio::post(conn_->executor(), [this, at, target, source] {
            conn_->call_at(at, [this, target, source] {
                connect_start = now_ns();
                conn_->start(target, source);
            });
        });
    }
    void send(std::string text) {
        asio::post(conn_->executor(), [this, text = std::move(text)] { conn_->send(text); });
    }
    void stop() {
        asio::post(conn_->executor(), [this] { conn_->close(); });
    }

    void on_open(beast::error_code ec) override {
        if (ec) {
            ++errors[concat("connect: ", ec.message())];
        } else {
            connect_done = now_ns();
            ++s_.open;
        }
        s_.steps.arrive(static_cast<std::size_t>(s_.questions));
    }
    void on_frame(std::string_view text, std::int64_t at) override {
        ++frames;
        const frame_fields f = scan_frame(text);
        if (!f.ok || f.q < 0 || f.q >= s_.questions) {
            ++errors["unexpected_frame"];
            return;
        }
        auto& slot = arrived[static_cast<std::size_t>(f.q)];
        if (slot != 0) {
            ++errors["duplicate_frame"];
            return;
        }
        slot = at;
        s_.steps.arrive(static_cast<std::size_t>(f.q));
    }
    void on_closed(beast::error_code) override { --s_.open; }

    std::int64_t connect_start = 0;
    std::int64_t connect_done = 0;
    std::vector<std::int64_t> arrived;
    std::int64_t frames = 0;
    std::map<std::string, std::int64_t> errors;

private:
    shared_state& s_;
    std::shared_ptr<ws_connection> conn_;
};

} // namespace

raw_results run_broadcast(const options& opts, const deck_info& deck, const ws_target& target,
                          int receivers, std::optional<int> pid) {
    const std::int64_t cpu_before = self_cpu_ns();
    raw_results out;
    // Declared first, so that it outlives every socket and timer below.
    io_pool pool(opts.threads);
    step_waiter steps(pool.at(0).get_executor());
    const int questions = opts.questions;
    steps.resize(static_cast<std::size_t>(questions) + 1);
    shared_state state{steps, questions};

    std::vector<asio::ip::address> sources;
    for (const auto& s : opts.sources) {
        sources.push_back(asio::ip::make_address(s));
    }
    // Client 0 sends; it receives its own broadcasts too, and they count.
    std::vector<std::unique_ptr<receiver>> clients;
    for (int i = 0; i <= receivers; ++i) {
        clients.push_back(std::make_unique<receiver>(state, pool.at(static_cast<std::size_t>(i))));
    }
    for (int q = 0; q < questions; ++q) {
        steps.set(static_cast<std::size_t>(q), receivers + 1);
    }
    steps.set(static_cast<std::size_t>(questions), receivers + 1);

    std::vector<std::int64_t> sent_at(static_cast<std::size_t>(questions), 0);
    std::latch done(1);
    pool.run();
    const std::int64_t start = now_ns() + 100 * ms;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const std::int64_t slot =
            opts.joins_per_second > 0
                ? start + static_cast<std::int64_t>(static_cast<double>(i) * 1e9 /
                                                    opts.joins_per_second)
                : 0;
        clients[i]->start_at(slot, target,
                             sources.empty() ? std::nullopt
                                             : std::optional(sources[i % sources.size()]));
    }
    const std::int64_t step_timeout = std::int64_t{opts.step_timeout_ms} * ms;
    asio::co_spawn(
        pool.at(0),
        [&]() -> asio::awaitable<void> {
            const std::int64_t all_slots =
                opts.joins_per_second > 0
                    ? start + static_cast<std::int64_t>(static_cast<double>(clients.size()) * 1e9 /
                                                        opts.joins_per_second)
                    : now_ns();
            if (!co_await steps.wait(static_cast<std::size_t>(questions),
                                     all_slots + step_timeout)) {
                out.add_error("timeout: connect");
            }
            co_await steps.sleep_until(now_ns() + pause_between);
            for (int q = 0; q < questions; ++q) {
                const auto qi = static_cast<std::size_t>(q);
                const proc_sample before = pid ? sample_process(*pid) : proc_sample{};
                sent_at[qi] = now_ns();
                clients[0]->send(deck.question_frames[qi]);
                if (!co_await steps.wait(qi, now_ns() + step_timeout)) {
                    out.add_error(concat("timeout: broadcast ", std::to_string(q)));
                } else if (pid) {
                    out.fanout_cpu_ns += sample_process(*pid).cpu_ns - before.cpu_ns;
                    out.fanout_frames += receivers + 1;
                }
                co_await steps.sleep_until(now_ns() + pause_between);
            }
            done.count_down();
        },
        asio::detached);
    done.wait();
    for (auto& c : clients) {
        c->stop();
    }
    const auto give_up = bench_clock::now() + std::chrono::seconds(5);
    while (state.open > 0 && bench_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pool.stop();

    std::vector<std::int64_t> last(static_cast<std::size_t>(questions), 0);
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto& c = *clients[i];
        for (const auto& [code, n] : c.errors) {
            out.add_error(code, n);
        }
        out.frames += c.frames;
        ++out.players;
        if (c.connect_done == 0) {
            continue;
        }
        ++out.connected;
        out.connect.push_back(c.connect_done - c.connect_start);
        out.first_connect_ns = std::min(out.first_connect_ns, c.connect_start);
        out.last_connect_ns = std::max(out.last_connect_ns, c.connect_done);
        for (std::size_t q = 0; q < last.size(); ++q) {
            if (sent_at[q] == 0) {
                continue;
            }
            if (c.arrived[q] == 0) {
                out.add_error("missing_broadcast");
                continue;
            }
            // The sender's own copy is not a recipient's.
            if (i > 0) {
                out.fanout.push_back(c.arrived[q] - sent_at[q]);
                last[q] = std::max(last[q], c.arrived[q]);
            }
        }
    }
    for (std::size_t q = 0; q < last.size(); ++q) {
        if (last[q] != 0) {
            out.fanout_last.push_back(last[q] - sent_at[q]);
        }
    }
    // Nothing to join here: a connected client is in the broadcast.
    out.joined = out.connected;
    out.fanout_cpu_measured = pid.has_value();
    out.bench_cpu_ns = self_cpu_ns() - cpu_before;
    return out;
}

} // namespace quizroom::bench
