#include "tests/support/server_process.hpp"

#include "tests/support/free_port.hpp"
#include "tests/support/http_get.hpp"

#include <iostream>
#include <stdexcept>
#include <thread>

namespace quizroom::testkit {

using std::chrono::steady_clock;

server_process::server_process(server_options options) : options_(std::move(options)) {
    port_ = free_port();
    std::vector<std::string> argv{options_.binary};
    argv.insert(argv.end(), options_.args.begin(), options_.args.end());
    argv.insert(argv.end(), {"--port", std::to_string(port_), "--bind", "127.0.0.1"});
    child_ = std::make_unique<child_process>(std::move(argv), options_.log_path,
                                             options_.append_log, options_.stop_timeout);
    try {
        wait_ready();
    } catch (...) {
        stop();
        std::cerr << "---- " << options_.log_path << " ----\n" << log() << "---- end of log ----\n";
        throw;
    }
}

void server_process::wait_ready() {
    const auto give_up = steady_clock::now() + options_.ready_timeout;
    std::string last_problem = "no answer yet";
    while (steady_clock::now() < give_up) {
        if (!running())
            throw std::runtime_error("quizroom-server " + describe_wait_status(wait_status()) +
                                     " before serving; log " + options_.log_path + ":\n" +
                                     tail(log(), 2000));
        try {
            auto res = http_get(port_, "/healthz", std::chrono::seconds(1));
            if (res.status == 200)
                return;
            last_problem = "GET /healthz answered " + std::to_string(res.status);
        } catch (const std::exception& e) {
            last_problem = e.what();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("quizroom-server did not serve on port " + std::to_string(port_) +
                             " within " + std::to_string(options_.ready_timeout.count()) + " ms (" +
                             last_problem + "); log " + options_.log_path + ":\n" +
                             tail(log(), 2000));
}

} // namespace quizroom::testkit
