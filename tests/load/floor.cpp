// quizroom-floor: the cheapest WebSocket broadcast server we can think of,
// the reference every bench figure is divided by (PERFORMANCE.md, "floor").
//
// One thread, one epoll set, level-triggered. It completes the WebSocket
// handshake and answers `GET /healthz` (so tests can wait for it like for
// quizroom-server); every text frame any client sends is broadcast: its
// payload is framed once (server frames are unmasked) and that one buffer is
// written with plain write() to every connected socket, in accept order.
// Nothing is queued: a socket whose send buffer is full is waited for with
// poll(), as a blocking write() would.
//
// Usage: quizroom-floor [--port N] [--bind ADDR]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::string_view websocket_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::size_t max_request_bytes = 8192;

struct peer {
    bool websocket = false;
    std::string in; ///< bytes read and not yet parsed
};

std::unordered_map<int, peer> peers;
std::vector<int> members; ///< WebSocket sockets, in handshake order
int epoll_fd = -1;

[[noreturn]] void die(const char* what) {
    std::perror(what);
    std::exit(1);
}

void raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// Writes all of `data`, waiting with poll() when the socket is full.
bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 1000);
            continue;
        }
        return false;
    }
    return true;
}

void drop(int fd) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    if (peers[fd].websocket) {
        members.erase(std::find(members.begin(), members.end(), fd));
    }
    peers.erase(fd);
}

std::string frame(std::uint8_t opcode, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 10);
    out.push_back(static_cast<char>(0x80 | opcode));
    if (payload.size() < 126) {
        out.push_back(static_cast<char>(payload.size()));
    } else if (payload.size() < 65536) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>(payload.size() >> 8));
        out.push_back(static_cast<char>(payload.size() & 0xff));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((payload.size() >> shift) & 0xff));
        }
    }
    out.append(payload);
    return out;
}

// The measured step: one frame built, then one write() per recipient. A
// socket that fails is shut down here and dropped when epoll reports it, so
// that `members` and `peers` do not change under a caller.
void broadcast(std::string_view payload) {
    const std::string f = frame(0x1, payload);
    for (int fd : members) {
        if (!write_all(fd, f)) {
            ::shutdown(fd, SHUT_RDWR);
        }
    }
}

std::string accept_key(std::string_view key) {
    const std::string input = std::string(key) + std::string(websocket_guid);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_len = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &digest_len, EVP_sha1(), nullptr);
    std::array<unsigned char, 64> encoded{};
    const int n = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_len));
    return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(n));
}

// The value of `name` in an HTTP header block, matched case-insensitively.
std::string_view header(std::string_view head, std::string_view name) {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        const std::size_t start = pos + 2;
        const std::size_t end = head.find("\r\n", start);
        const std::string_view line = head.substr(start, end - start);
        const std::size_t colon = line.find(':');
        if (colon == name.size() &&
            std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') {
                value.remove_prefix(1);
            }
            while (!value.empty() && value.back() == ' ') {
                value.remove_suffix(1);
            }
            return value;
        }
        pos = end;
    }
    return {};
}

// Returns false when the connection is done with.
bool on_http(int fd, peer& p) {
    const std::size_t end = p.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        return p.in.size() <= max_request_bytes;
    }
    const std::string_view head(p.in.data(), end + 2);
    if (head.starts_with("GET /healthz ")) {
        write_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
                      "Connection: close\r\n\r\n{\"status\":\"ok\"}");
        return false;
    }
    const std::string_view key = header(head, "Sec-WebSocket-Key");
    if (key.empty()) {
        write_all(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return false;
    }
    const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                                 accept_key(key) + "\r\n\r\n";
    if (!write_all(fd, response)) {
        return false;
    }
    p.in.erase(0, end + 4);
    p.websocket = true;
    members.push_back(fd);
    return true;
}

// Parses whole client frames (always masked); returns false on close or error.
bool on_websocket(int fd, peer& p) {
    for (;;) {
        const auto* b = reinterpret_cast<const unsigned char*>(p.in.data());
        const std::size_t have = p.in.size();
        if (have < 2) {
            return true;
        }
        const std::uint8_t opcode = b[0] & 0x0f;
        std::uint64_t len = b[1] & 0x7f;
        std::size_t pos = 2;
        if (len == 126) {
            if (have < 4) {
                return true;
            }
            len = (std::uint64_t{b[2]} << 8) | b[3];
            pos = 4;
        } else if (len == 127) {
            if (have < 10) {
                return true;
            }
            len = 0;
            for (int i = 0; i < 8; ++i) {
                len = (len << 8) | b[2 + i];
            }
            pos = 10;
        }
        const bool masked = (b[1] & 0x80) != 0;
        if (!masked || len > (1u << 20)) {
            return false;
        }
        if (have < pos + 4 + len) {
            return true;
        }
        const std::array<unsigned char, 4> mask{b[pos], b[pos + 1], b[pos + 2], b[pos + 3]};
        std::string payload(p.in, pos + 4, static_cast<std::size_t>(len));
        for (std::size_t i = 0; i < payload.size(); ++i) {
            payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
        }
        p.in.erase(0, pos + 4 + static_cast<std::size_t>(len));
        switch (opcode) {
        case 0x1:
        case 0x2:
            broadcast(payload);
            break;
        case 0x8:
            write_all(fd, frame(0x8, payload.substr(0, 2)));
            return false;
        case 0x9:
            write_all(fd, frame(0xA, payload));
            break;
        default:
            break;
        }
    }
}

void on_readable(int fd) {
    std::array<char, 16384> buf{};
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        return drop(fd);
    }
    peer& p = peers[fd];
    p.in.append(buf.data(), static_cast<std::size_t>(n));
    const bool keep = p.websocket ? on_websocket(fd, p) : on_http(fd, p);
    if (!keep) {
        drop(fd);
    }
}

void on_acceptable(int listen_fd) {
    for (;;) {
        const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
        peers[fd] = peer{};
    }
}

} // namespace

int main(int argc, char** argv) {
    std::uint16_t port = 0;
    std::string bind = "127.0.0.1";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view opt = argv[i];
        if (opt == "--port") {
            port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
        } else if (opt == "--bind") {
            bind = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: quizroom-floor [--port N] [--bind ADDR]\n");
            return 2;
        }
    }
    std::signal(SIGPIPE, SIG_IGN);
    raise_open_file_limit();

    const int listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, bind.c_str(), &addr.sin_addr) != 1) {
        std::fprintf(stderr, "quizroom-floor: bad --bind address %s\n", bind.c_str());
        return 2;
    }
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        die("bind");
    }
    if (::listen(listen_fd, SOMAXCONN) != 0) {
        die("listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("quizroom-floor listening on %s:%u\n", bind.c_str(), ntohs(addr.sin_port));
    std::fflush(stdout);

    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);

    std::array<epoll_event, 256> events{};
    for (;;) {
        const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), -1);
        for (int i = 0; i < n; ++i) {
            const int fd = events[static_cast<std::size_t>(i)].data.fd;
            if (fd == listen_fd) {
                on_acceptable(listen_fd);
            } else if (peers.contains(fd)) {
                on_readable(fd);
            }
        }
    }
}
