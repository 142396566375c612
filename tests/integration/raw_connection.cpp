#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace quizroom::itest {
namespace {

using steady = std::chrono::steady_clock;

sockaddr_in loopback(const std::string& address, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1) {
        throw std::invalid_argument("not an IPv4 address: " + address);
    }
    return a;
}

} // namespace

raw_connection::raw_connection(std::uint16_t port, const std::string& source, int receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "socket");
    }
    if (receive_buffer > 0) {
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    const auto from = loopback(source, 0);
    const auto to = loopback("127.0.0.1", port);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        const int e = errno;
        ::close(fd_);
        throw std::system_error(e, std::generic_category(), "connect from " + source);
    }
}

raw_connection::~raw_connection() {
    ::close(fd_);
}

void raw_connection::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            throw std::system_error(errno, std::generic_category(), "send");
        }
        sent += static_cast<std::size_t>(n);
    }
}

bool raw_connection::send_for(const std::string& bytes, std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
        pollfd p{fd_, POLLOUT, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) {
            return false;
        }
        const auto n =
            ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return false;
        }
        sent += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    return true;
}

bool raw_connection::fill(steady::time_point deadline) {
    while (!ended_) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
        if (left <= 0) {
            return false;
        }
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) {
            continue;
        }
        char buf[65536];
        const auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n > 0) {
            pending_.append(buf, static_cast<std::size_t>(n));
            return true;
        }
        if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
            ended_ = true;
        }
    }
    return false;
}

bool raw_connection::need(std::size_t bytes, steady::time_point deadline) {
    while (pending_.size() < bytes) {
        if (!fill(deadline)) {
            return false;
        }
    }
    return true;
}

raw_http_response raw_connection::read_response(std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    std::size_t end = 0;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill(deadline)) {
            throw std::runtime_error("no HTTP response within the time (got: `" + pending_ + "`)");
        }
    }
    raw_http_response r;
    r.head = pending_.substr(0, end);
    pending_.erase(0, end + 4);
    r.status = std::stoi(r.head.substr(r.head.find(' ') + 1, 3));
    std::size_t length = 0;
    for (const std::string name : {"Content-Length: ", "content-length: "}) {
        if (const auto at = r.head.find(name); at != std::string::npos) {
            length = std::stoul(r.head.substr(at + name.size()));
        }
    }
    if (!need(length, deadline)) {
        throw std::runtime_error("the response's body did not arrive in time");
    }
    r.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return r;
}

std::optional<raw_ws_frame> raw_connection::read_frame(std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    if (!need(2, deadline)) {
        return std::nullopt;
    }
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(pending_[i]);
    };
    std::size_t header = 2;
    std::uint64_t length = byte(1) & 0x7f;
    if (length >= 126) {
        header += length == 126 ? 2 : 8;
        if (!need(header, deadline)) {
            return std::nullopt;
        }
        length = 0;
        for (std::size_t i = 2; i < header; ++i) {
            length = (length << 8) | byte(i);
        }
    }
    if (!need(header + length, deadline)) {
        return std::nullopt;
    }
    raw_ws_frame f{byte(0) & 0x0f, pending_.substr(header, length)};
    pending_.erase(0, header + length);
    return f;
}

bool raw_connection::closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    while (fill(deadline)) {
        pending_.clear();
    }
    return ended_;
}

std::string upgrade_request(std::uint16_t port, const std::string& extra_headers) {
    return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
           extra_headers + "\r\n";
}

std::string client_text_frame(const std::string& payload) {
    std::string f(1, static_cast<char>(0x81));
    if (payload.size() < 126) {
        f += static_cast<char>(0x80 | payload.size());
    } else if (payload.size() <= 0xffff) {
        f += static_cast<char>(0x80 | 126);
        f += static_cast<char>((payload.size() >> 8) & 0xff);
        f += static_cast<char>(payload.size() & 0xff);
    } else {
        f += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            f += static_cast<char>((payload.size() >> shift) & 0xff);
        }
    }
    f.append(4, '\0'); // the masking key: XOR with zero leaves the payload as it is
    return f + payload;
}

int close_code(const raw_ws_frame& close) {
    if (close.payload.size() < 2) {
        return 0;
    }
    return (static_cast<unsigned char>(close.payload[0]) << 8) |
           static_cast<unsigned char>(close.payload[1]);
}

} // namespace quizroom::itest
