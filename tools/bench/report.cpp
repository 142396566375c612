#include "bench/report.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace quizroom::bench {

namespace {

double round3(double v) {
    return std::round(v * 1000.0) / 1000.0;
}

double ns_to_ms(std::int64_t ns) {
    return round3(static_cast<double>(ns) / 1e6);
}

// Nearest-rank percentile of sorted samples.
std::int64_t percentile(const samples& sorted, double p) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

nlohmann::ordered_json summary_ms(samples s) {
    if (s.empty()) {
        return {{"n", 0}};
    }
    std::sort(s.begin(), s.end());
    return {{"n", s.size()},
            {"p50", ns_to_ms(percentile(s, 50))},
            {"p90", ns_to_ms(percentile(s, 90))},
            {"p99", ns_to_ms(percentile(s, 99))},
            {"max", ns_to_ms(s.back())}};
}

std::optional<double> p_ms(samples s, double p) {
    if (s.empty()) {
        return std::nullopt;
    }
    std::sort(s.begin(), s.end());
    return static_cast<double>(percentile(s, p)) / 1e6;
}

nlohmann::ordered_json rate(std::int64_t n, std::int64_t first, std::int64_t last) {
    if (n == 0 || last <= first) {
        return nullptr;
    }
    return std::round(static_cast<double>(n) / (static_cast<double>(last - first) / 1e9));
}

std::optional<double> cpu_us_per_frame(const raw_results& r) {
    if (!r.fanout_cpu_measured || r.fanout_frames == 0) {
        return std::nullopt;
    }
    return static_cast<double>(r.fanout_cpu_ns) / 1e3 / static_cast<double>(r.fanout_frames);
}

nlohmann::ordered_json optional_value(std::optional<double> v) {
    return v ? nlohmann::ordered_json(round3(*v)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json ratio(std::optional<double> a, std::optional<double> b) {
    if (!a || !b || *b <= 0) {
        return nullptr;
    }
    return std::round(*a / *b * 100.0) / 100.0;
}

nlohmann::ordered_json fanout_section(const raw_results& r) {
    return {{"fanout_ms", summary_ms(r.fanout)},
            {"fanout_last_ms", summary_ms(r.fanout_last)},
            {"cpu_us_per_delivered_frame", optional_value(cpu_us_per_frame(r))},
            {"frames_in_cpu_windows", r.fanout_frames},
            {"connected", r.connected},
            {"errors", r.errors}};
}

} // namespace

bool is_clean(const raw_results& run) {
    return run.errors.empty() && run.answers_acked == run.answers_sent &&
           run.late_refused == run.late_sent && run.joined == run.players;
}

nlohmann::ordered_json make_report(const run_facts& f, const raw_results& run) {
    const auto& o = f.opts;
    nlohmann::ordered_json j;
    j["mode"] = o.mode == run_mode::game ? "game" : "broadcast";
    j["url"] = f.url;
    j["config"] = {
        {"rooms", o.rooms},
        {"players_per_room", o.players},
        {"questions", o.questions},
        {"answer_after_ms", o.answer_after_ms},
        {"spread_ms", o.spread_ms},
        {"shares",
         {{"correct", o.correct}, {"wrong", o.wrong}, {"late", o.late}, {"none", o.none}}},
        {"joins_per_second", o.joins_per_second},
        {"threads", o.threads},
        {"processes", f.processes},
        {"sources", o.sources},
        {"seed", o.seed}};
    j["connect"] = {{"players", run.players},
                    {"connected", run.connected},
                    {"per_s", rate(run.connected, run.first_connect_ns, run.last_connect_ns)},
                    {"latency_ms", summary_ms(run.connect)}};
    j["join"] = {{"joined", run.joined},
                 {"per_s", rate(run.joined, run.first_join_ns, run.last_join_ns)},
                 {"latency_ms", summary_ms(run.join)}};
    j["fanout_ms"] = summary_ms(run.fanout);
    j["fanout_last_ms"] = summary_ms(run.fanout_last);
    j["answer_ack_ms"] = summary_ms(run.answer_ack);
    j["reveal_ms"] = summary_ms(run.reveal);
    j["result_ms"] = summary_ms(run.result);
    j["leaderboard_ms"] = summary_ms(run.leaderboard);
    j["answers"] = {{"sent", run.answers_sent},
                    {"acked", run.answers_acked},
                    {"late_sent", run.late_sent},
                    {"late_refused", run.late_refused}};
    j["frames_received"] = run.frames;
    j["errors"] = run.errors;

    nlohmann::ordered_json server = {
        {"pid", f.server_pid ? nlohmann::ordered_json(*f.server_pid) : nullptr}};
    const double wall_s = static_cast<double>(f.wall_ns) / 1e9;
    if (f.server_pid && f.server_before.ok && f.server_after.ok) {
        const auto cpu = f.server_after.cpu_ns - f.server_before.cpu_ns;
        server["cpu_s"] = round3(static_cast<double>(cpu) / 1e9);
        server["cpu_us_per_frame_received"] =
            run.frames > 0 ? nlohmann::ordered_json(round3(static_cast<double>(cpu) / 1e3 /
                                                           static_cast<double>(run.frames)))
                           : nlohmann::ordered_json(nullptr);
        server["fanout_cpu_us_per_delivered_frame"] = optional_value(cpu_us_per_frame(run));
        server["rss_before_kib"] = f.server_before.rss_kib;
        server["rss_after_joins_kib"] =
            run.rss_after_joins_kib > 0 ? nlohmann::ordered_json(run.rss_after_joins_kib) : nullptr;
        server["peak_rss_kib"] = f.server_after.peak_rss_kib;
        server["kib_per_player_after_joins"] =
            run.rss_after_joins_kib > 0 && run.joined > 0
                ? nlohmann::ordered_json(round3(
                      static_cast<double>(run.rss_after_joins_kib - f.server_before.rss_kib) /
                      static_cast<double>(run.joined)))
                : nlohmann::ordered_json(nullptr);
    }
    j["server"] = server;

    const double cores = std::max(1u, std::thread::hardware_concurrency());
    const double bench_cpu_s = static_cast<double>(run.bench_cpu_ns + f.parent_cpu_ns) / 1e9;
    j["bench"] = {{"cpu_s", round3(bench_cpu_s)},
                  {"wall_s", round3(wall_s)},
                  {"share_of_machine", wall_s > 0 ? round3(bench_cpu_s / wall_s / cores) : 0.0}};

    if (f.floor) {
        auto floor = fanout_section(*f.floor);
        floor["players"] = f.floor_players ? nlohmann::ordered_json(*f.floor_players) : nullptr;
        j["floor"] = floor;
        j["vs_floor"] = {
            {"cpu_per_delivered_frame", ratio(cpu_us_per_frame(run), cpu_us_per_frame(*f.floor))},
            {"fanout_last_p50", ratio(p_ms(run.fanout_last, 50), p_ms(f.floor->fanout_last, 50))},
            {"fanout_last_p99", ratio(p_ms(run.fanout_last, 99), p_ms(f.floor->fanout_last, 99))},
            {"fanout_p50", ratio(p_ms(run.fanout, 50), p_ms(f.floor->fanout, 50))},
            {"fanout_p99", ratio(p_ms(run.fanout, 99), p_ms(f.floor->fanout, 99))}};
    }
    j["clean"] = is_clean(run) && (!f.floor || f.floor->errors.empty());
    return j;
}

} // namespace quizroom::bench
