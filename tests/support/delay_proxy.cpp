#include "tests/support/delay_proxy.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace quizroom::testkit {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

/// One proxied connection: the client's socket, the upstream socket, and a
/// delayed pump for each direction. Runs on the proxy's single io thread.
class link : public std::enable_shared_from_this<link> {
public:
    link(tcp::socket client, std::chrono::milliseconds delay)
        : client_(std::move(client)), upstream_(client_.get_executor()), down_(upstream_, client_),
          up_(client_, upstream_), delay_(delay) {}

    void start(std::uint16_t upstream_port) {
        upstream_.async_connect(tcp::endpoint(net::ip::address_v4::loopback(), upstream_port),
                                [self = shared_from_this()](error_code ec) {
                                    if (ec)
                                        return self->close();
                                    self->client_.set_option(tcp::no_delay(true), ec);
                                    self->upstream_.set_option(tcp::no_delay(true), ec);
                                    self->do_read(self->up_);
                                    self->do_read(self->down_);
                                });
    }

    void close() {
        error_code ignored;
        client_.close(ignored);
        upstream_.close(ignored);
        up_.timer.cancel();
        down_.timer.cancel();
    }

private:
    struct chunk {
        std::string bytes;
        std::chrono::steady_clock::time_point due;
    };
    /// One direction: read from `from`, hold, write to `to`.
    struct pump {
        pump(tcp::socket& f, tcp::socket& t) : from(f), to(t), timer(f.get_executor()) {}

        tcp::socket& from;
        tcp::socket& to;
        net::steady_timer timer;
        std::array<char, 16 * 1024> buffer{};
        std::deque<chunk> queue;
        bool writing = false;
        bool read_done = false;
        bool finished = false;
    };

    void do_read(pump& p) {
        p.from.async_read_some(net::buffer(p.buffer),
                               [self = shared_from_this(), &p](error_code ec, std::size_t n) {
                                   self->on_read(p, ec, n);
                               });
    }

    void on_read(pump& p, error_code ec, std::size_t n) {
        const auto now = std::chrono::steady_clock::now();
        if (ec) {
            p.read_done = true;
            if (!p.writing)
                do_write(p);
            return;
        }
        p.queue.push_back({std::string(p.buffer.data(), n), now + delay_});
        if (!p.writing)
            do_write(p);
        do_read(p);
    }

    void do_write(pump& p) {
        if (p.queue.empty()) {
            p.writing = false;
            if (p.read_done)
                on_pump_finished(p);
            return;
        }
        p.writing = true;
        p.timer.expires_at(p.queue.front().due);
        p.timer.async_wait([self = shared_from_this(), &p](error_code ec) {
            if (ec)
                return;
            net::async_write(p.to, net::buffer(p.queue.front().bytes),
                             [self, &p](error_code ec, std::size_t) {
                                 if (ec)
                                     return self->close();
                                 p.queue.pop_front();
                                 self->do_write(p);
                             });
        });
    }

    // Everything read from one side was delivered: pass the end of stream on,
    // and close both sockets once both directions are done.
    void on_pump_finished(pump& p) {
        if (p.finished)
            return;
        p.finished = true;
        error_code ignored;
        p.to.shutdown(tcp::socket::shutdown_send, ignored);
        if (up_.finished && down_.finished)
            close();
    }

    tcp::socket client_;
    tcp::socket upstream_;
    pump down_; ///< upstream to client
    pump up_;   ///< client to upstream
    std::chrono::milliseconds delay_;
};

} // namespace

struct delay_proxy::impl {
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::uint16_t upstream_port = 0;
    std::chrono::milliseconds delay{0};
    std::vector<std::weak_ptr<link>> links; ///< io thread only
    std::thread thread;

    void do_accept() {
        acceptor.async_accept([this](error_code ec, tcp::socket socket) {
            if (ec)
                return; // closed by the destructor
            auto l = std::make_shared<link>(std::move(socket), delay);
            links.push_back(l);
            l->start(upstream_port);
            do_accept();
        });
    }
};

delay_proxy::delay_proxy(std::uint16_t upstream_port, std::chrono::milliseconds delay)
    : impl_(std::make_unique<impl>()) {
    impl_->upstream_port = upstream_port;
    impl_->delay = delay;
    const tcp::endpoint local(net::ip::address_v4::loopback(), 0);
    impl_->acceptor.open(local.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(local);
    impl_->acceptor.listen();
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->do_accept();
    impl_->thread = std::thread([i = impl_.get()] { i->ioc.run(); });
}

delay_proxy::~delay_proxy() {
    // Close everything on the io thread, then let run() return.
    std::promise<void> closed;
    auto closed_future = closed.get_future();
    net::post(impl_->ioc, [i = impl_.get(), &closed] {
        error_code ignored;
        i->acceptor.close(ignored);
        for (auto& weak : i->links)
            if (auto l = weak.lock())
                l->close();
        closed.set_value();
    });
    closed_future.wait_for(std::chrono::seconds(2));
    impl_->ioc.stop();
    impl_->thread.join();
}

} // namespace quizroom::testkit
