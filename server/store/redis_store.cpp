#include "store/redis_store.hpp"

#include "store/redis_schema.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace quizroom::store {

namespace asio = boost::asio;

namespace {

std::size_t record_count(const std::vector<game::record>& batch) {
    return batch.size();
}

/// `ZRANGE ... WITHSCORES` and `HGETALL` answer flat [key, value, ...] arrays.
std::vector<std::pair<std::string, std::string>> pairs(const redis_reply& r) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
        out.emplace_back(r.elements[i].str, r.elements[i + 1].str);
    }
    return out;
}

int as_int(const std::string& s) {
    try {
        return static_cast<int>(std::stod(s));
    } catch (const std::exception&) {
        return 0;
    }
}

std::vector<game::league_standing> standings(const redis_reply& totals, const redis_reply& played,
                                             const redis_reply& names) {
    std::map<std::string, game::league_standing> rows;
    for (const auto& [key, total] : pairs(totals)) {
        rows[key].total = as_int(total);
        rows[key].name = key;
    }
    for (const auto& [key, games] : pairs(played)) {
        rows[key].games = as_int(games);
    }
    for (const auto& [key, name] : pairs(names)) {
        if (const auto it = rows.find(key); it != rows.end()) {
            it->second.name = name;
        }
    }
    std::vector<game::league_standing> out;
    for (auto& [key, row] : rows) {
        out.push_back(std::move(row));
    }
    return rank_league(std::move(out));
}

} // namespace

redis_store::redis_store(asio::any_io_executor executor, redis_store_options options)
    : strand_(asio::make_strand(executor)), flush_timer_(strand_), heartbeat_timer_(strand_),
      options_(std::move(options)) {
    connection_ = std::make_shared<redis_connection>(executor, options_.url, [this](bool up) {
        asio::post(strand_, [this, up] { on_state(up); });
    });
}

redis_store::~redis_store() = default;

void redis_store::start() {
    connection_->start();
    asio::post(strand_, [this] { beat(); });
}

void redis_store::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        flush_timer_.cancel();
        heartbeat_timer_.cancel();
    });
    connection_->stop();
}

void redis_store::commit(std::vector<game::record> batch, completion done) {
    asio::post(strand_, [this, batch = std::move(batch), done = std::move(done)]() mutable {
        const auto seq = next_seq_++;
        const auto n = record_count(batch);
        unstored_ += n;
        if (!up_) {
            requeue({{seq, pending{std::move(batch), std::move(done), n}}});
            return;
        }
        waiting_.emplace(seq, pending{std::move(batch), std::move(done), n});
        if (!flush_armed_) {
            flush_armed_ = true;
            flush_timer_.expires_after(options_.flush_interval);
            flush_timer_.async_wait([this](boost::system::error_code ec) {
                if (!ec) {
                    flush();
                }
            });
        }
    });
}

void redis_store::flush() {
    flush_armed_ = false;
    if (!waiting_.empty()) {
        send(std::exchange(waiting_, {}));
    }
}

// One pipelined write for every batch given; their replies come back together.
void redis_store::send(std::map<std::uint64_t, pending> batches) {
    std::vector<redis_command> commands;
    std::vector<std::size_t> counts;
    for (const auto& [seq, p] : batches) {
        auto c = batch_commands(p.batch);
        counts.push_back(c.size());
        commands.insert(commands.end(), std::make_move_iterator(c.begin()),
                        std::make_move_iterator(c.end()));
    }
    ++round_trips_;
    auto shared = std::make_shared<std::map<std::uint64_t, pending>>(std::move(batches));
    connection_->exec(std::move(commands),
                      [this, shared, counts = std::move(counts)](
                          std::optional<std::vector<redis_reply>> replies) mutable {
                          asio::post(strand_, [this, shared, counts = std::move(counts),
                                               replies = std::move(replies)]() mutable {
                              on_replies(std::move(*shared), std::move(counts), std::move(replies));
                          });
                      });
}

void redis_store::on_replies(std::map<std::uint64_t, pending> batches,
                             std::vector<std::size_t> counts,
                             std::optional<std::vector<redis_reply>> replies) {
    if (!replies) {
        requeue(std::move(batches));
        return;
    }
    std::map<std::uint64_t, pending> failed;
    std::size_t at = 0;
    std::size_t i = 0;
    for (auto& [seq, p] : batches) {
        const auto end = at + counts[i++];
        const std::vector<redis_reply> mine(replies->begin() + static_cast<std::ptrdiff_t>(at),
                                            replies->begin() + static_cast<std::ptrdiff_t>(end));
        at = end;
        if (batch_stored(mine)) {
            unstored_ -= p.records;
            records_stored_ += p.records;
            if (p.done) {
                p.done(true);
            }
            continue;
        }
        for (const auto& r : mine) {
            if (r.is_error()) {
                spdlog::error("redis: a write was refused ({}); it will be retried", r.str);
                break;
            }
        }
        failed.emplace(seq, std::move(p));
    }
    if (!failed.empty()) {
        requeue(std::move(failed));
    }
}

// Keeps batches that could not be stored, in order, and tells their rooms
// they are not durable yet: the game goes on in memory.
void redis_store::requeue(std::map<std::uint64_t, pending> batches) {
    std::vector<completion> to_tell;
    for (auto& [seq, p] : batches) {
        if (p.done) {
            to_tell.push_back(std::exchange(p.done, nullptr));
        }
        queued_records_ += p.records;
        queued_.emplace(seq, std::move(p));
    }
    // The queue's state first, so that whoever is told sees it.
    update_queue_state();
    for (auto& done : to_tell) {
        done(false);
    }
}

void redis_store::update_queue_state() {
    queued_now_ = queued_records_;
    const bool full = queued_records_ >= options_.max_queued_records;
    if (full && !queue_full_) {
        spdlog::error("redis: {} unstored records queued, the limit; refusing new rooms and joins "
                      "until Redis is back",
                      queued_records_);
    }
    queue_full_ = full;
}

void redis_store::on_state(bool up) {
    up_ = up;
    if (up) {
        write_heartbeat();
    }
    if (up && !queued_.empty()) {
        spdlog::info("redis: back; sending {} queued record(s)", queued_records_);
        queued_records_ = 0;
        send(std::exchange(queued_, {}));
        update_queue_state();
    }
}

void redis_store::write_heartbeat() {
    connection_->exec({{"SET", redis_keys::heartbeat, std::to_string(options_.now())}},
                      [](auto) {});
}

void redis_store::beat() {
    if (stopped_) {
        return;
    }
    if (up_) {
        write_heartbeat();
        // Batches refused by Redis itself (not by an outage) are retried here.
        if (!queued_.empty()) {
            queued_records_ = 0;
            send(std::exchange(queued_, {}));
            update_queue_state();
        }
    }
    heartbeat_timer_.expires_after(heartbeat_period);
    heartbeat_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            beat();
        }
    });
}

void redis_store::league(const std::string& id,
                         std::function<void(std::optional<league_table>)> done) {
    const auto k = redis_keys::league_keys(id);
    connection_->exec({{"ZRANGE", k.players, "0", "-1", "WITHSCORES"},
                       {"ZRANGE", k.players_played, "0", "-1", "WITHSCORES"},
                       {"HGETALL", k.player_names},
                       {"ZRANGE", k.teams, "0", "-1", "WITHSCORES"},
                       {"ZRANGE", k.teams_played, "0", "-1", "WITHSCORES"},
                       {"HGETALL", k.team_names}},
                      [done = std::move(done)](std::optional<std::vector<redis_reply>> r) {
                          if (!r || !batch_stored(*r)) {
                              done(std::nullopt);
                              return;
                          }
                          done(league_table{standings((*r)[0], (*r)[1], (*r)[2]),
                                            standings((*r)[3], (*r)[4], (*r)[5])});
                      });
}

void redis_store::report(const std::string& code, std::function<void(report_lookup)> done) {
    connection_->exec({report_read_command(code)},
                      [done = std::move(done)](std::optional<std::vector<redis_reply>> r) {
                          if (!r || r->size() != 1 || r->front().is_error()) {
                              done(report_lookup{false, std::nullopt});
                              return;
                          }
                          const redis_reply& reply = r->front();
                          if (reply.type != redis_reply::kind::string) {
                              done(report_lookup{});
                              return;
                          }
                          auto record = game::report_record_from_json(
                              nlohmann::json::parse(reply.str, nullptr, false));
                          if (!record) {
                              spdlog::error("redis: a stored report does not parse; ignored");
                          }
                          done(report_lookup{true, std::move(record)});
                      });
}

void redis_store::erase_room(const std::string& code, const std::string& game_id, completion done) {
    connection_->exec({erase_room_command(code, game_id)},
                      [done = std::move(done)](std::optional<std::vector<redis_reply>> r) {
                          done(r.has_value() && batch_stored(*r));
                      });
}

} // namespace quizroom::store
