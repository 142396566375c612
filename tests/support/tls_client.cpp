#include "tests/support/tls_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <stdexcept>

namespace quizroom::testkit {

namespace {

constexpr const char* server_address = "127.0.0.1";

[[noreturn]] void fail(const std::string& what) {
    std::string detail;
    if (const unsigned long e = ERR_get_error(); e != 0) {
        std::array<char, 256> text{};
        ERR_error_string_n(e, text.data(), text.size());
        detail = std::string(" (") + text.data() + ")";
    }
    ERR_clear_error();
    throw std::runtime_error("tls client: " + what + detail);
}

} // namespace

/// One TLS connection to 127.0.0.1 over a blocking socket whose reads time out.
class tls_connection {
public:
    tls_connection(std::uint16_t port, const std::string& ca_file,
                   std::chrono::milliseconds timeout) {
        // A write to a connection the server closed must fail the test, not
        // kill the test process.
        static const bool sigpipe_ignored = std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;
        (void)sigpipe_ignored;
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) {
            fail("socket");
        }
        set_timeout(timeout);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        ::inet_pton(AF_INET, server_address, &addr.sin_addr);
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            fail("connect to port " + std::to_string(port));
        }
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (ctx_ == nullptr || SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
            fail("load " + ca_file);
        }
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        ssl_ = SSL_new(ctx_);
        if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1 ||
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), server_address) != 1) {
            fail("set up");
        }
        if (SSL_connect(ssl_) != 1) {
            fail("TLS handshake with port " + std::to_string(port));
        }
    }

    ~tls_connection() {
        if (ssl_ != nullptr) {
            SSL_free(ssl_);
        }
        if (ctx_ != nullptr) {
            SSL_CTX_free(ctx_);
        }
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    tls_connection(const tls_connection&) = delete;
    tls_connection& operator=(const tls_connection&) = delete;

    void set_timeout(std::chrono::milliseconds timeout) {
        const auto ms = timeout.count();
        timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }

    void write_all(std::string_view data) {
        while (!data.empty()) {
            const int n = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
            if (n <= 0) {
                fail("write");
            }
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    /// Appends what arrives to `out`; false when the server closed the connection.
    bool read_some(std::string& out) {
        std::array<char, 16 * 1024> buffer{};
        const int n = SSL_read(ssl_, buffer.data(), static_cast<int>(buffer.size()));
        if (n > 0) {
            out.append(buffer.data(), static_cast<std::size_t>(n));
            return true;
        }
        if (SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN) {
            return false;
        }
        fail("read (nothing within the timeout, or the connection broke)");
    }

private:
    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
};

http_response https_get(std::uint16_t port, std::string_view target, const std::string& ca_file,
                        std::chrono::milliseconds timeout) {
    tls_connection c(port, ca_file, timeout);
    c.write_all("GET " + std::string(target) +
                " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                "\r\nUser-Agent: quizroom-testkit\r\nConnection: close\r\n\r\n");
    std::string raw;
    while (c.read_some(raw)) {
    }
    // The server sends a Content-Length body and closes: no chunks to undo.
    const auto head_end = raw.find("\r\n\r\n");
    if (!raw.starts_with("HTTP/1.1 ") || head_end == std::string::npos) {
        throw std::runtime_error("tls client: not an HTTP response: " + raw.substr(0, 200));
    }
    http_response res;
    res.status = std::stoi(raw.substr(9, 3));
    const std::string head = raw.substr(0, head_end);
    if (const auto at = head.find("\r\nContent-Type: "); at != std::string::npos) {
        const auto start = at + 16;
        res.content_type = head.substr(start, head.find("\r\n", start) - start);
    }
    res.body = raw.substr(head_end + 4);
    return res;
}

wss_client::wss_client(std::string ca_file) : ca_file_(std::move(ca_file)) {}

wss_client::~wss_client() = default;

void wss_client::add_handshake_header(std::string_view name, std::string_view value) {
    extra_headers_ += std::string(name) + ": " + std::string(value) + "\r\n";
}

void wss_client::connect(std::uint16_t port, std::string_view path,
                         std::chrono::milliseconds timeout) {
    connection_ = std::make_unique<tls_connection>(port, ca_file_, timeout);
    // RFC 6455's example key, whose accept value is known.
    connection_->write_all("GET " + std::string(path) +
                           " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                           "Sec-WebSocket-Version: 13\r\n" +
                           extra_headers_ + "\r\n");
    pending_.clear();
    std::size_t head_end = std::string::npos;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
        if (!connection_->read_some(pending_)) {
            throw std::runtime_error("tls client: closed during the WebSocket handshake");
        }
    }
    const std::string head = pending_.substr(0, head_end);
    if (!head.starts_with("HTTP/1.1 101 ") ||
        head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) {
        throw std::runtime_error("tls client: the WebSocket upgrade was refused: " + head);
    }
    pending_.erase(0, head_end + 4);
}

namespace {

/// A client frame: FIN, `opcode`, masked as RFC 6455 requires.
std::string client_frame(unsigned char opcode, std::string_view payload) {
    std::string out;
    out += static_cast<char>(0x80 | opcode);
    const std::size_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(0x80 | n);
    } else if (n < 65536) {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xff);
    } else {
        out += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out += static_cast<char>((n >> shift) & 0xff);
        }
    }
    constexpr std::array<char, 4> mask{0x12, 0x34, 0x56, 0x78};
    out.append(mask.data(), mask.size());
    for (std::size_t i = 0; i < n; ++i) {
        out += static_cast<char>(payload[i] ^ mask[i % 4]);
    }
    return out;
}

} // namespace

void wss_client::send(std::string_view text) {
    connection_->write_all(client_frame(0x1, text));
}

std::string wss_client::read(std::chrono::milliseconds timeout) {
    connection_->set_timeout(timeout);
    std::string message;
    for (;;) {
        // A frame: 2 bytes, the extended length, the mask key (if any), the payload.
        const auto need = [&](std::size_t n) {
            while (pending_.size() < n) {
                if (!connection_->read_some(pending_)) {
                    throw std::runtime_error("tls client: the server closed the connection");
                }
            }
        };
        need(2);
        const auto byte = [&](std::size_t i) {
            return static_cast<unsigned char>(pending_[i]);
        };
        const bool fin = (byte(0) & 0x80) != 0;
        const unsigned opcode = byte(0) & 0x0f;
        const bool masked = (byte(1) & 0x80) != 0;
        std::size_t length = byte(1) & 0x7f;
        std::size_t at = 2;
        if (length >= 126) {
            const std::size_t bytes = length == 126 ? 2 : 8;
            need(at + bytes);
            length = 0;
            for (std::size_t i = 0; i < bytes; ++i) {
                length = length << 8 | byte(at + i);
            }
            at += bytes;
        }
        std::array<unsigned char, 4> mask{};
        if (masked) {
            need(at + 4);
            for (std::size_t i = 0; i < 4; ++i) {
                mask[i] = byte(at + i);
            }
            at += 4;
        }
        need(at + length);
        std::string payload = pending_.substr(at, length);
        pending_.erase(0, at + length);
        for (std::size_t i = 0; masked && i < payload.size(); ++i) {
            payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
        }
        if (opcode == 0x8) {
            throw std::runtime_error("tls client: the server closed the WebSocket");
        }
        if (opcode == 0x9) {
            connection_->write_all(client_frame(0xA, payload));
            continue;
        }
        if (opcode == 0xA) {
            continue;
        }
        message += payload; // a text frame or its continuation
        if (fin) {
            return message;
        }
    }
}

} // namespace quizroom::testkit
