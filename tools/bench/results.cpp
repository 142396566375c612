#include "bench/results.hpp"

#include <algorithm>
#include <utility>

namespace quizroom::bench {
namespace {

// One list of the fields, so that merging and (de)serialising agree.
constexpr std::pair<const char*, samples raw_results::*> series[] = {
    {"connect", &raw_results::connect},       {"join", &raw_results::join},
    {"fanout", &raw_results::fanout},         {"fanout_last", &raw_results::fanout_last},
    {"answer_ack", &raw_results::answer_ack}, {"reveal", &raw_results::reveal},
    {"result", &raw_results::result},         {"leaderboard", &raw_results::leaderboard},
};

constexpr std::pair<const char*, std::int64_t raw_results::*> sums[] = {
    {"players", &raw_results::players},
    {"connected", &raw_results::connected},
    {"joined", &raw_results::joined},
    {"frames", &raw_results::frames},
    {"answers_sent", &raw_results::answers_sent},
    {"answers_acked", &raw_results::answers_acked},
    {"late_sent", &raw_results::late_sent},
    {"late_refused", &raw_results::late_refused},
    {"fanout_cpu_ns", &raw_results::fanout_cpu_ns},
    {"fanout_frames", &raw_results::fanout_frames},
    {"bench_cpu_ns", &raw_results::bench_cpu_ns},
};

} // namespace

void raw_results::merge(raw_results&& o) {
    for (const auto& [name, field] : series) {
        (this->*field).insert((this->*field).end(), (o.*field).begin(), (o.*field).end());
    }
    for (const auto& [name, field] : sums) {
        this->*field += o.*field;
    }
    for (const auto& [code, n] : o.errors) {
        errors[code] += n;
    }
    first_connect_ns = std::min(first_connect_ns, o.first_connect_ns);
    last_connect_ns = std::max(last_connect_ns, o.last_connect_ns);
    first_join_ns = std::min(first_join_ns, o.first_join_ns);
    last_join_ns = std::max(last_join_ns, o.last_join_ns);
    fanout_cpu_measured = fanout_cpu_measured || o.fanout_cpu_measured;
    rss_after_joins_kib = std::max(rss_after_joins_kib, o.rss_after_joins_kib);
}

nlohmann::json to_json(const raw_results& r) {
    nlohmann::json j;
    for (const auto& [name, field] : series) {
        j[name] = r.*field;
    }
    for (const auto& [name, field] : sums) {
        j[name] = r.*field;
    }
    j["errors"] = r.errors;
    j["first_connect_ns"] = r.first_connect_ns;
    j["last_connect_ns"] = r.last_connect_ns;
    j["first_join_ns"] = r.first_join_ns;
    j["last_join_ns"] = r.last_join_ns;
    j["fanout_cpu_measured"] = r.fanout_cpu_measured;
    j["rss_after_joins_kib"] = r.rss_after_joins_kib;
    return j;
}

raw_results raw_results_from_json(const nlohmann::json& j) {
    raw_results r;
    for (const auto& [name, field] : series) {
        j.at(name).get_to(r.*field);
    }
    for (const auto& [name, field] : sums) {
        j.at(name).get_to(r.*field);
    }
    j.at("errors").get_to(r.errors);
    j.at("first_connect_ns").get_to(r.first_connect_ns);
    j.at("last_connect_ns").get_to(r.last_connect_ns);
    j.at("first_join_ns").get_to(r.first_join_ns);
    j.at("last_join_ns").get_to(r.last_join_ns);
    j.at("fanout_cpu_measured").get_to(r.fanout_cpu_measured);
    j.at("rss_after_joins_kib").get_to(r.rss_after_joins_kib);
    return r;
}

} // namespace quizroom::bench
