#include "tests/support/ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace quizroom::testkit {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using done_fn = std::function<void(std::string)>;

std::string summarize(const std::deque<received_frame>& queue) {
    if (queue.empty())
        return "nothing";
    std::string out;
    std::size_t shown = 0;
    for (const auto& f : queue) {
        if (shown == 20) {
            out += ", ... (" + std::to_string(queue.size()) + " in all)";
            break;
        }
        if (shown++ > 0)
            out += ", ";
        out += f.type();
        if (f.frame && std::holds_alternative<protocol::error_msg>(f.frame->message))
            out += "(" +
                   std::string(
                       protocol::to_string(std::get<protocol::error_msg>(f.frame->message).code)) +
                   ")";
    }
    return out;
}

} // namespace

std::string received_frame::type() const {
    return frame ? std::string(protocol::type_name(frame->message)) : "<undecodable>";
}

struct ws_client::impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    websocket::stream<beast::tcp_stream> ws{ioc};
    std::thread thread;

    // io thread only.
    struct outgoing {
        std::string text;
        done_fn done;
    };
    beast::flat_buffer buffer;
    std::deque<outgoing> outbox;
    bool writing = false;
    std::string host;
    std::string target;
    std::vector<std::pair<std::string, std::string>> handshake_headers;

    // Shared between the io thread and the owner thread, under `mutex`.
    mutable std::mutex mutex;
    std::condition_variable cv;
    std::deque<received_frame> inbox;
    std::vector<std::string> undecodable;
    std::uint64_t next_seq = 0;
    bool opened = false;
    bool ended = false;
    std::uint16_t close_code = 0;
    std::string close_detail;

    void do_read() {
        ws.async_read(buffer, [this](beast::error_code ec, std::size_t) { on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        const auto now = steady_clock::now();
        if (ec) {
            if (ec == websocket::error::closed)
                finish(static_cast<std::uint16_t>(ws.reason().code),
                       "closed by the server: " + std::to_string(ws.reason().code) + " " +
                           std::string(ws.reason().reason.c_str()));
            else
                finish(close_abnormal, "connection ended without a close frame: " + ec.message());
            return;
        }
        received_frame f;
        f.at = now;
        f.text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        f.frame = protocol::decode(f.text);
        {
            std::lock_guard lock(mutex);
            f.seq = next_seq++;
            if (!f.frame)
                undecodable.push_back(f.text);
            inbox.push_back(std::move(f));
        }
        cv.notify_all();
        do_read();
    }

    void finish(std::uint16_t code, std::string detail) {
        {
            std::lock_guard lock(mutex);
            if (ended)
                return;
            ended = true;
            close_code = code;
            close_detail = std::move(detail);
        }
        cv.notify_all();
    }

    void do_write() {
        writing = true;
        ws.text(true);
        ws.async_write(net::buffer(outbox.front().text),
                       [this](beast::error_code ec, std::size_t) { on_write(ec); });
    }

    void on_write(beast::error_code ec) {
        writing = false;
        auto done = std::move(outbox.front().done);
        outbox.pop_front();
        done(ec ? ec.message() : std::string());
        if (ec) {
            // The stream is broken: fail everything still waiting.
            while (!outbox.empty()) {
                auto d = std::move(outbox.front().done);
                outbox.pop_front();
                d("not sent: an earlier write failed: " + ec.message());
            }
            return;
        }
        if (!outbox.empty())
            do_write();
    }

    void abort_socket() {
        beast::error_code ignored;
        auto& socket = beast::get_lowest_layer(ws).socket();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }
};

ws_client::ws_client(std::string name) : name_(std::move(name)), impl_(std::make_unique<impl>()) {
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

ws_client::~ws_client() {
    net::post(impl_->ioc, [i = impl_.get()] { i->abort_socket(); });
    impl_->work.reset();
    impl_->ioc.stop();
    impl_->thread.join();
}

void ws_client::post_and_wait(const std::string& what,
                              std::function<void(std::function<void(std::string)>)> op,
                              duration timeout) {
    struct waiter {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        std::string error;
    };
    auto w = std::make_shared<waiter>();
    net::post(impl_->ioc, [op = std::move(op), w] {
        op([w](std::string error) {
            {
                std::lock_guard lock(w->mutex);
                w->done = true;
                w->error = std::move(error);
            }
            w->cv.notify_all();
        });
    });
    std::unique_lock lock(w->mutex);
    if (!w->cv.wait_for(lock, timeout, [&] { return w->done; }))
        throw std::runtime_error(name_ + ": " + what + " did not complete within " +
                                 std::to_string(timeout.count()) + " ms");
    if (!w->error.empty())
        throw std::runtime_error(name_ + ": " + what + " failed: " + w->error);
}

void ws_client::add_handshake_header(std::string name, std::string value) {
    impl_->handshake_headers.emplace_back(std::move(name), std::move(value));
}

void ws_client::connect(std::uint16_t port, std::string_view path, duration timeout) {
    auto* i = impl_.get();
    i->host = "127.0.0.1:" + std::to_string(port);
    i->target = std::string(path);
    post_and_wait(
        "connect to " + i->host + i->target,
        [i, port, timeout](done_fn done) {
            auto& stream = beast::get_lowest_layer(i->ws);
            stream.expires_after(timeout);
            stream.async_connect(
                tcp::endpoint(net::ip::address_v4::loopback(), port),
                [i, done](beast::error_code ec) {
                    if (ec)
                        return done("connect: " + ec.message());
                    beast::get_lowest_layer(i->ws).socket().set_option(tcp::no_delay(true), ec);
                    i->ws.set_option(websocket::stream_base::decorator(
                        [headers = i->handshake_headers](websocket::request_type& req) {
                            req.set(http::field::user_agent, "quizroom-testkit");
                            for (const auto& [name, value] : headers)
                                req.set(name, value);
                        }));
                    i->ws.async_handshake(i->host, i->target, [i, done](beast::error_code ec) {
                        beast::get_lowest_layer(i->ws).expires_never();
                        if (ec)
                            return done("handshake: " + ec.message());
                        {
                            std::lock_guard lock(i->mutex);
                            i->opened = true;
                        }
                        // From here on a read is always pending.
                        i->do_read();
                        done({});
                    });
                });
        },
        timeout + std::chrono::seconds(1));
}

void ws_client::send(const protocol::client_message& m, const std::optional<protocol::json>& id) {
    send_raw(protocol::encode(m, id));
}

void ws_client::send_raw(std::string text) {
    auto* i = impl_.get();
    post_and_wait(
        "send",
        [i, text = std::move(text)](done_fn done) mutable {
            i->outbox.push_back({std::move(text), std::move(done)});
            if (!i->writing)
                i->do_write();
        },
        default_timeout);
}

received_frame ws_client::take(const std::string& wanted,
                               const std::function<bool(const protocol::server_message&)>& match,
                               duration timeout) {
    auto& i = *impl_;
    const auto deadline = steady_clock::now() + timeout;
    std::unique_lock lock(i.mutex);
    for (;;) {
        for (auto it = i.inbox.begin(); it != i.inbox.end(); ++it) {
            if (it->frame && match(it->frame->message)) {
                received_frame f = std::move(*it);
                i.inbox.erase(it);
                return f;
            }
        }
        if (i.ended)
            throw std::runtime_error(name_ + ": waited for `" + wanted +
                                     "` but the connection ended (" + i.close_detail +
                                     "); queued: " + summarize(i.inbox));
        if (i.cv.wait_until(lock, deadline) == std::cv_status::timeout &&
            steady_clock::now() >= deadline) {
            for (auto it = i.inbox.begin(); it != i.inbox.end(); ++it) {
                if (it->frame && match(it->frame->message)) {
                    received_frame f = std::move(*it);
                    i.inbox.erase(it);
                    return f;
                }
            }
            throw std::runtime_error(name_ + ": no `" + wanted + "` within " +
                                     std::to_string(timeout.count()) +
                                     " ms; queued: " + summarize(i.inbox));
        }
    }
}

std::optional<received_frame>
ws_client::try_take(const std::function<bool(const protocol::server_message&)>& match) {
    auto& i = *impl_;
    std::lock_guard lock(i.mutex);
    for (auto it = i.inbox.begin(); it != i.inbox.end(); ++it) {
        if (it->frame && match(it->frame->message)) {
            received_frame f = std::move(*it);
            i.inbox.erase(it);
            return f;
        }
    }
    return std::nullopt;
}

received_frame ws_client::next_any(duration timeout) {
    auto& i = *impl_;
    std::unique_lock lock(i.mutex);
    if (!i.cv.wait_for(lock, timeout, [&] { return !i.inbox.empty() || i.ended; }))
        throw std::runtime_error(name_ + ": no frame at all within " +
                                 std::to_string(timeout.count()) + " ms");
    if (i.inbox.empty())
        throw std::runtime_error(name_ + ": waited for a frame but the connection ended (" +
                                 i.close_detail + ")");
    received_frame f = std::move(i.inbox.front());
    i.inbox.pop_front();
    return f;
}

std::optional<received_frame> ws_client::try_next_any() {
    auto& i = *impl_;
    std::lock_guard lock(i.mutex);
    if (i.inbox.empty())
        return std::nullopt;
    received_frame f = std::move(i.inbox.front());
    i.inbox.pop_front();
    return f;
}

std::vector<received_frame> ws_client::drain() {
    auto& i = *impl_;
    std::lock_guard lock(i.mutex);
    std::vector<received_frame> out(std::make_move_iterator(i.inbox.begin()),
                                    std::make_move_iterator(i.inbox.end()));
    i.inbox.clear();
    return out;
}

std::vector<received_frame> ws_client::drain_after(duration quiet) {
    std::this_thread::sleep_for(quiet);
    return drain();
}

std::uint16_t ws_client::wait_closed(duration timeout) {
    auto& i = *impl_;
    std::unique_lock lock(i.mutex);
    if (!i.cv.wait_for(lock, timeout, [&] { return i.ended; }))
        throw std::runtime_error(name_ + ": the connection was still open after " +
                                 std::to_string(timeout.count()) +
                                 " ms; queued: " + summarize(i.inbox));
    return i.close_code;
}

bool ws_client::is_open() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->opened && !impl_->ended;
}

void ws_client::close(std::uint16_t code, duration timeout) {
    if (!is_open())
        return;
    auto* i = impl_.get();
    post_and_wait(
        "close",
        [i, code](done_fn done) {
            i->ws.async_close(websocket::close_reason(code), [done](beast::error_code ec) {
                done(ec && ec != net::error::operation_aborted ? ec.message() : std::string());
            });
        },
        timeout);
    wait_closed(timeout);
}

void ws_client::drop() {
    auto* i = impl_.get();
    post_and_wait(
        "drop",
        [i](done_fn done) {
            i->abort_socket();
            done({});
        },
        default_timeout);
    wait_closed(default_timeout);
}

std::vector<std::string> ws_client::undecodable() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->undecodable;
}

} // namespace quizroom::testkit
