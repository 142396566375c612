#include "net/metrics.hpp"

#include "net/process_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

namespace quizroom::net {
namespace {

using namespace std::string_view_literals;

/// The wire name of every alternative of a message variant, by index.
template <class Variant> std::vector<std::string_view> type_names() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return std::vector<std::string_view>{
            protocol::type_name(Variant{std::in_place_index<I>})...};
    }
    (std::make_index_sequence<std::variant_size_v<Variant>>{});
}

class text_writer {
public:
    explicit text_writer(std::string& out) : out_(out) {}

    void family(std::string_view name, std::string_view type, std::string_view help) {
        fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name,
                       type);
    }
    template <class V> void sample(std::string_view name, V value) {
        fmt::format_to(std::back_inserter(out_), "{} {}\n", name, value);
    }
    template <class V>
    void sample(std::string_view name, std::string_view label, std::string_view label_value,
                V value) {
        fmt::format_to(std::back_inserter(out_), "{}{{{}=\"{}\"}} {}\n", name, label, label_value,
                       value);
    }
    template <std::size_t N>
    void by_label(std::string_view name, std::string_view type, std::string_view help,
                  std::string_view label, const std::vector<std::string_view>& values,
                  const std::array<counter, N>& counters) {
        family(name, type, help);
        for (std::size_t i = 0; i < N; ++i) {
            sample(name, label, values[i], counters[i].value());
        }
    }
    void histogram(std::string_view name, std::string_view help, const net::histogram& h) {
        family(name, "histogram", help);
        const auto s = h.read();
        for (std::size_t i = 0; i < s.bounds.size(); ++i) {
            fmt::format_to(std::back_inserter(out_), "{}_bucket{{le=\"{}\"}} {}\n", name,
                           s.bounds[i], s.cumulative[i]);
        }
        fmt::format_to(std::back_inserter(out_), "{}_bucket{{le=\"+Inf\"}} {}\n", name,
                       s.cumulative.back());
        fmt::format_to(std::back_inserter(out_), "{}_sum {}\n{}_count {}\n", name, s.sum, name,
                       s.cumulative.back());
    }

private:
    std::string& out_;
};

} // namespace

histogram::histogram(std::initializer_list<double> bounds) noexcept
    : size_(std::min(bounds.size(), max_bounds)) {
    std::copy_n(bounds.begin(), size_, bounds_.begin());
}

void histogram::observe(double v) noexcept {
    std::size_t i = 0;
    while (i < size_ && v > bounds_[i]) {
        ++i;
    }
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
}

histogram::snapshot histogram::read() const {
    snapshot s;
    s.bounds.assign(bounds_.begin(), bounds_.begin() + static_cast<std::ptrdiff_t>(size_));
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= size_; ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        s.cumulative.push_back(running);
    }
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

metrics::metrics()
    : answer_ack_seconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
      fanout_seconds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                     0.01,   0.025,   0.05,   0.1,   0.25,   1},
      store_batch_records{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024},
      store_commit_seconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                           0.1,    0.25,  0.5,    1,     2.5,  10} {}

void metrics::add_sampled(std::string name, std::string help, std::string type,
                          std::function<double()> read) {
    sampled_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

std::string metrics::render() const {
    static const auto client_names = [] {
        auto names = type_names<protocol::client_message>();
        names.push_back("other");
        return names;
    }();
    static const auto server_names = type_names<protocol::server_message>();
    static const auto error_names = [] {
        std::vector<std::string_view> names;
        for (const auto e : protocol::all_errors) {
            names.push_back(protocol::to_string(e));
        }
        return names;
    }();

    std::string out;
    out.reserve(16 * 1024);
    text_writer w(out);

    w.family("quizroom_connections", "gauge", "WebSocket connections open now.");
    w.sample("quizroom_connections", connections.value());
    w.family("quizroom_connections_opened_total", "counter",
             "WebSocket connections accepted since the start.");
    w.sample("quizroom_connections_opened_total", connections_opened.value());

    w.family("quizroom_rooms", "gauge", "Rooms on this node by phase (ended ones stay a while).");
    for (std::size_t p = 0; p < phases; ++p) {
        w.sample("quizroom_rooms", "phase", protocol::to_string(static_cast<protocol::phase>(p)),
                 rooms_by_phase[p].value());
    }
    w.family("quizroom_players", "gauge",
             "Players of the rooms that have not ended, connected or not.");
    w.sample("quizroom_players", players.value());

    w.by_label("quizroom_messages_received_total", "counter",
               "WebSocket frames read, by client message type (other: refused before parsing).",
               "type", client_names, received);
    w.by_label("quizroom_message_bytes_received_total", "counter",
               "Bytes of WebSocket frames read, by client message type.", "type", client_names,
               received_bytes);
    w.by_label("quizroom_messages_sent_total", "counter",
               "WebSocket frames queued for sending, by server message type.", "type", server_names,
               sent);
    w.by_label("quizroom_message_bytes_sent_total", "counter",
               "Bytes of WebSocket frames queued for sending, by server message type.", "type",
               server_names, sent_bytes);

    w.histogram("quizroom_answer_ack_seconds",
                "From an answer read off its socket to its answer_ack queued (store commit "
                "included).",
                answer_ack_seconds);
    w.histogram("quizroom_fanout_seconds",
                "Time to encode a broadcast once and queue it to every recipient.", fanout_seconds);
    w.histogram("quizroom_store_batch_records", "Records per room commit.", store_batch_records);
    w.histogram("quizroom_store_commit_seconds",
                "From a room's commit to the store's answer (stored, or queued in an outage).",
                store_commit_seconds);

    w.family("quizroom_slow_consumers_closed_total", "counter",
             "Connections closed (1013) because their write queue was full.");
    w.sample("quizroom_slow_consumers_closed_total", slow_consumers_closed.value());
    w.by_label("quizroom_errors_total", "counter",
               "Errors sent to clients (WebSocket error frames and HTTP error bodies), by code.",
               "code", error_names, errors);

    for (const auto& s : sampled_) {
        w.family(s.name, s.type, s.help);
        w.sample(s.name, s.read());
    }

    if (const auto p = read_process_stats()) {
        w.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.");
        w.sample("process_cpu_seconds_total", p->cpu_seconds);
        w.family("process_resident_memory_bytes", "gauge", "Resident memory size.");
        w.sample("process_resident_memory_bytes", p->resident_bytes);
        w.family("process_virtual_memory_bytes", "gauge", "Virtual memory size.");
        w.sample("process_virtual_memory_bytes", p->virtual_bytes);
        w.family("process_open_fds", "gauge", "Open file descriptors.");
        w.sample("process_open_fds", p->open_fds);
        w.family("process_max_fds", "gauge", "The open file descriptor limit.");
        w.sample("process_max_fds", p->max_fds);
    }
    return out;
}

metrics& server_metrics() noexcept {
    static metrics instance;
    return instance;
}

} // namespace quizroom::net
