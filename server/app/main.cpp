// quizroom-server: loads the decks, opens the store, listens, and runs the
// network threads until SIGINT or SIGTERM.

#include "app/addresses.hpp"
#include "app/config.hpp"
#include "app/log_format.hpp"
#include "game/deck_loader.hpp"
#include "game/name_filter.hpp"
#include "net/clock.hpp"
#include "net/http_routes.hpp"
#include "net/listener.hpp"
#include "net/metrics.hpp"
#include "net/openssl_secrets.hpp"
#include "net/room_directory.hpp"
#include "net/tls_context.hpp"
#include "store/memory_store.hpp"
#include "store/redis_loader.hpp"
#include "store/redis_store.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace {

using namespace quizroom;

// Every connection is a file descriptor: take all the system allows.
void raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        spdlog::info("open file limit: {}", static_cast<unsigned long long>(limit.rlim_cur));
    }
}

void print_join_addresses(const app::config& cfg, unsigned short port) {
    if (!cfg.public_url.empty()) {
        spdlog::info("players join at {}", cfg.public_url);
    }
    const char* scheme = cfg.tls_cert.empty() ? "http" : "https";
    const bool everywhere = cfg.bind == "0.0.0.0" || cfg.bind == "::";
    if (everywhere) {
        for (const auto& a : app::reachable_addresses()) {
            spdlog::info("players on this network join at {}://{}:{}/", scheme, a, port);
        }
    }
    spdlog::info("on this machine: {}://{}:{}/", scheme, everywhere ? "localhost" : cfg.bind, port);
}

/// The `--name-filter` list; null when none is set, nullopt (logged) when
/// the file cannot be used.
std::optional<std::shared_ptr<const game::name_filter>> load_blocked_names(const app::config& cfg) {
    if (cfg.name_filter.empty()) {
        return nullptr;
    }
    auto loaded = game::load_name_filter(cfg.name_filter);
    if (auto* why = std::get_if<std::string>(&loaded)) {
        spdlog::error("invalid setting --name-filter: {}", *why);
        return std::nullopt;
    }
    auto filter =
        std::make_shared<const game::name_filter>(std::move(std::get<game::name_filter>(loaded)));
    spdlog::info("player names: {} word(s) or phrase(s) refused (--name-filter)", filter->size());
    return filter;
}

/// The TLS context of `--tls-cert` and `--tls-key`; null when they are not
/// set, nullopt (logged) when they cannot be used.
std::optional<std::shared_ptr<boost::asio::ssl::context>> load_tls(const app::config& cfg) {
    if (cfg.tls_cert.empty()) {
        return nullptr;
    }
    auto loaded = net::load_tls_context(cfg.tls_cert, cfg.tls_key);
    if (auto* why = std::get_if<std::string>(&loaded)) {
        spdlog::error("invalid setting {}", *why);
        return std::nullopt;
    }
    spdlog::info("TLS: HTTPS and WSS with {} (plain HTTP too, on the same port)", cfg.tls_cert);
    return std::get<std::shared_ptr<boost::asio::ssl::context>>(std::move(loaded));
}

/// A drain lets close frames go out for at least this long, and gives up
/// waiting for the store after `drain_limit`.
constexpr std::chrono::milliseconds drain_settle{250};
constexpr std::chrono::seconds drain_limit{10};

/// What the store chosen on the command line holds from a previous run.
struct opened_store {
    std::unique_ptr<store::store> store;
    store::redis_store* redis = nullptr;
    std::optional<store::redis_snapshot> snapshot;
};

opened_store open_store(const app::config& cfg, boost::asio::io_context& ioc) {
    if (cfg.store == "memory") {
        spdlog::info("store: memory (state lives in this process only)");
        return {std::make_unique<store::memory_store>(), nullptr, std::nullopt};
    }
    std::string why;
    const auto url = *store::parse_redis_url(cfg.store, why);
    auto snapshot = store::load_redis_snapshot(url, why);
    if (snapshot) {
        spdlog::info("store: {} ({} room(s) to resume, {} uploaded deck(s))", url.describe(),
                     snapshot->rooms.size(), snapshot->decks.size());
    } else {
        spdlog::warn("store: {} is unreachable ({}); nothing resumed, and writes queue until it "
                     "is back",
                     url.describe(), why);
    }
    auto redis = std::make_unique<store::redis_store>(
        ioc.get_executor(),
        store::redis_store_options{url, std::chrono::milliseconds(cfg.store_flush_ms),
                                   cfg.store_queue_limit, [] {
                                       return net::server_clock::now();
                                   }});
    auto* raw = redis.get();
    return {std::move(redis), raw, std::move(snapshot)};
}

/// Adds the decks uploaded in a previous run to the catalog.
void restore_decks(net::room_directory& rooms, const std::vector<std::string>& decks) {
    for (const auto& text : decks) {
        auto loaded = game::load_deck(text, "stored deck");
        if (auto* d = std::get_if<game::deck>(&loaded)) {
            rooms.add_deck(std::move(*d));
        } else {
            spdlog::error("store: an uploaded deck no longer loads; skipped");
        }
    }
}

// A restart after a crash: open questions get back the time the server was
// down, measured from the last heartbeat the previous run wrote.
void resume_rooms(net::room_directory& rooms, store::redis_snapshot& snapshot) {
    const auto now = net::server_clock::now();
    const std::int64_t downtime =
        snapshot.heartbeat ? std::max<std::int64_t>(0, now - *snapshot.heartbeat) : 0;
    const auto resumed = rooms.restore(std::move(snapshot.rooms), downtime);
    spdlog::info("resumed {} room(s); open questions extended by {} ms", resumed, downtime);
}

/// The store's figures for /metrics, read when scraped.
void register_store_metrics(const store::store& s, const store::redis_store* redis) {
    auto& m = net::server_metrics();
    m.add_sampled("quizroom_store_up", "1 while the store can be reached.", "gauge",
                  [&s] { return s.reachable() ? 1.0 : 0.0; });
    m.add_sampled("quizroom_store_unstored_records",
                  "Records committed and not yet stored (waiting, in flight, or queued).", "gauge",
                  [&s] { return static_cast<double>(s.unstored()); });
    m.add_sampled("quizroom_store_accepting",
                  "0 while the outage queue is full and new rooms and joins are refused.", "gauge",
                  [&s] { return s.accepting() ? 1.0 : 0.0; });
    if (redis == nullptr) {
        return;
    }
    m.add_sampled("quizroom_store_outage_queue_records",
                  "Records held back while Redis is unreachable, to be sent again.", "gauge",
                  [redis] { return static_cast<double>(redis->queued_records()); });
    m.add_sampled("quizroom_store_round_trips_total",
                  "Pipelined writes to Redis (each holds one or more room commits).", "counter",
                  [redis] { return static_cast<double>(redis->round_trips()); });
    m.add_sampled("quizroom_store_records_stored_total", "Records Redis has confirmed.", "counter",
                  [redis] { return static_cast<double>(redis->records_stored()); });
}

/// Gives the store up to 3 s to connect, so that the first answers are durable.
void await_store(const store::store& s, boost::asio::io_context& ioc) {
    for (int i = 0; i < 300 && !s.reachable(); ++i) {
        ioc.run_for(std::chrono::milliseconds(10));
    }
}

} // namespace

int main(int argc, char** argv) {
    app::config cfg;
    if (auto exit_code = app::parse_config(argc, argv, cfg)) {
        return *exit_code;
    }
    app::configure_logging(cfg.log_format, spdlog::level::from_str(cfg.log_level));
    // The files the settings name are read before anything starts.
    const auto blocked_names = load_blocked_names(cfg);
    const auto tls = load_tls(cfg);
    if (!blocked_names || !tls) {
        return app::invalid_setting_exit;
    }

    auto loaded = game::load_deck_folder(cfg.quizzes);
    if (auto* problems = std::get_if<std::vector<game::deck_problem>>(&loaded)) {
        for (const auto& p : *problems) {
            spdlog::error("invalid deck: {}", p.describe());
        }
        spdlog::error("not starting: fix or remove the invalid decks in {}", cfg.quizzes);
        return 2;
    }
    auto& decks = std::get<std::vector<game::deck>>(loaded);
    spdlog::info("loaded {} deck(s) from {}", decks.size(), cfg.quizzes);
    raise_open_file_limit();

    boost::asio::io_context ioc(static_cast<int>(cfg.threads));
    auto opened = open_store(cfg, ioc);
    auto& store = *opened.store;
    register_store_metrics(store, opened.redis);
    net::openssl_secrets secrets;
    const net::server_limits& limits = cfg.limits;
    net::room_directory rooms(ioc.get_executor(), store, secrets, std::move(decks), limits,
                              *blocked_names);
    if (opened.snapshot) {
        restore_decks(rooms, opened.snapshot->decks);
        resume_rooms(rooms, *opened.snapshot);
    }
    std::atomic<bool> draining{false};
    net::room_code_guard codes(limits);
    net::http_routes routes(rooms, store, net::static_files(cfg.static_dir), draining, codes,
                            cfg.public_url, net::upload_policy{cfg.admin_token, cfg.open_uploads},
                            net::allowed_origins(cfg.allowed_origins, cfg.public_url));
    std::string why;
    const auto proxies = *net::trusted_proxies::parse(cfg.trusted_proxies, why);
    net::address_connections connections(limits.connections_per_address);
    const net::session_context context{routes, rooms, limits, proxies, codes, connections};
    spdlog::info("deck uploads: {}", cfg.open_uploads           ? "open to anyone"
                                     : !cfg.admin_token.empty() ? "with the admin token"
                                                                : "off (--admin-token to allow)");
    spdlog::info("WebSocket origins: {}", cfg.allowed_origins.empty()
                                              ? "any (--allowed-origins to restrict)"
                                              : cfg.allowed_origins);

    std::shared_ptr<net::listener> server;
    try {
        const auto address = boost::asio::ip::make_address(cfg.bind);
        server = std::make_shared<net::listener>(ioc, net::tcp::endpoint(address, cfg.port),
                                                 context, *tls);
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot listen on {} port {}: {}", cfg.bind, cfg.port, e.code().message());
        return 1;
    }
    if (opened.redis != nullptr) {
        opened.redis->start();
    }

    // A drain on SIGINT or SIGTERM: /readyz turns 503, no new connections,
    // every room's clients are told to reconnect (close 1012), and the store
    // gets to write what it holds; then the process exits. A second signal
    // stops at once.
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    boost::asio::steady_timer drain_timer(ioc);
    const auto stop_now = [&] {
        if (opened.redis != nullptr) {
            opened.redis->stop();
        }
        ioc.stop();
    };
    std::function<void(std::chrono::steady_clock::time_point,
                       std::chrono::steady_clock::time_point)>
        await_drained = [&](auto settled_after, auto give_up) {
            const auto now = std::chrono::steady_clock::now();
            const auto unstored = store.unstored();
            if ((now >= settled_after && unstored == 0) || now >= give_up) {
                if (unstored > 0) {
                    spdlog::error("drain: {} record(s) could not be stored in time", unstored);
                }
                return stop_now();
            }
            drain_timer.expires_after(std::chrono::milliseconds(50));
            drain_timer.async_wait([&, settled_after, give_up](boost::system::error_code ec) {
                if (!ec) {
                    await_drained(settled_after, give_up);
                }
            });
        };
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) {
            return;
        }
        spdlog::info("signal {}: draining (clients are told to reconnect; a second signal stops "
                     "at once)",
                     signal);
        draining = true;
        server->stop();
        rooms.drain();
        const auto now = std::chrono::steady_clock::now();
        await_drained(now + drain_settle, now + drain_limit);
        signals.async_wait([&](const boost::system::error_code& again, int) {
            if (!again) {
                spdlog::warn("second signal: stopping now");
                stop_now();
            }
        });
    });

    std::vector<std::thread> threads;
    for (unsigned i = 1; i < cfg.threads; ++i) {
        threads.emplace_back([&ioc] { ioc.run(); });
    }
    if (opened.redis != nullptr) {
        await_store(store, ioc);
    }
    server->run();
    print_join_addresses(cfg, server->local_endpoint().port());
    ioc.run();
    for (auto& t : threads) {
        t.join();
    }
    spdlog::info("stopped");
    return 0;
}
