// quizroom-server: loads the decks, opens the store, listens, and runs the
// network threads until SIGINT or SIGTERM.

#include "app/addresses.hpp"
#include "app/config.hpp"
#include "game/deck_loader.hpp"
#include "net/http_routes.hpp"
#include "net/listener.hpp"
#include "net/openssl_secrets.hpp"
#include "net/room_directory.hpp"
#include "store/memory_store.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <atomic>
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
    const bool everywhere = cfg.bind == "0.0.0.0" || cfg.bind == "::";
    if (everywhere) {
        for (const auto& a : app::reachable_addresses()) {
            spdlog::info("players on this network join at http://{}:{}/", a, port);
        }
    }
    spdlog::info("on this machine: http://{}:{}/", everywhere ? "localhost" : cfg.bind, port);
}

} // namespace

int main(int argc, char** argv) {
    app::config cfg;
    if (auto exit_code = app::parse_config(argc, argv, cfg)) {
        return *exit_code;
    }
    spdlog::set_level(spdlog::level::from_str(cfg.log_level));

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
    store::memory_store store;
    spdlog::info("store: memory (state lives in this process only)");
    net::openssl_secrets secrets;
    net::room_directory rooms(ioc.get_executor(), store, secrets, std::move(decks));
    std::atomic<bool> draining{false};
    net::http_routes routes(rooms, store, net::static_files(cfg.static_dir), draining,
                            cfg.public_url, net::upload_policy{cfg.admin_token, cfg.open_uploads});
    spdlog::info("deck uploads: {}", cfg.open_uploads           ? "open to anyone"
                                     : !cfg.admin_token.empty() ? "with the admin token"
                                                                : "off (--admin-token to allow)");

    std::shared_ptr<net::listener> server;
    try {
        const auto address = boost::asio::ip::make_address(cfg.bind);
        server = std::make_shared<net::listener>(ioc, net::tcp::endpoint(address, cfg.port), routes,
                                                 rooms);
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot listen on {} port {}: {}", cfg.bind, cfg.port, e.code().message());
        return 1;
    }
    server->run();
    print_join_addresses(cfg, server->local_endpoint().port());

    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) {
            return;
        }
        spdlog::info("signal {}: shutting down", signal);
        draining = true;
        server->stop();
        ioc.stop();
    });

    std::vector<std::thread> threads;
    for (unsigned i = 1; i < cfg.threads; ++i) {
        threads.emplace_back([&ioc] { ioc.run(); });
    }
    ioc.run();
    for (auto& t : threads) {
        t.join();
    }
    spdlog::info("stopped");
    return 0;
}
