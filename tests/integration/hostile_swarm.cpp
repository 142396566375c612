#include "hostile_swarm.hpp"

#include "tests/support/ws_wire.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <random>

namespace quizroom::itest {

namespace wire = testkit::ws_wire;
using steady = std::chrono::steady_clock;

namespace {

constexpr int flood_burst = 100;        // messages a flood writes at once
constexpr int max_flood_messages = 300; // then it gives up
constexpr int max_in_flight = 48;       // bad messages unanswered, in all
constexpr int source_addresses = 5;     // 127.0.0.2 .. 127.0.0.6

/// A room code that is well formed and names no room here.
std::string absent_code(std::mt19937& rng, const std::string& taken) {
    constexpr std::string_view alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (;;) {
        std::string code;
        for (int i = 0; i < 6; ++i) {
            code.push_back(alphabet[pick(rng)]);
        }
        if (code != taken) {
            return code;
        }
    }
}

/// 128 bits as hex: the shape of a real token, known to nobody.
std::string forged_token(std::mt19937& rng) {
    constexpr std::string_view hex = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 32; ++i) {
        token.push_back(hex[rng() % 16]);
    }
    return token;
}

/// The kinds whose every message gets an answer, sent in rounds.
bool sends_rounds(hostile_kind kind) {
    switch (kind) {
    case hostile_kind::malformed_json:
    case hostile_kind::invalid_utf8:
    case hostile_kind::wrong_types:
    case hostile_kind::unknown_type:
    case hostile_kind::binary:
    case hostile_kind::unknown_room:
    case hostile_kind::forged_token:
        return true;
    default:
        return false;
    }
}

std::string text(std::string_view payload) {
    return wire::client_frame(wire::opcode::text, payload);
}

} // namespace

std::string_view to_string(hostile_kind kind) {
    switch (kind) {
    case hostile_kind::malformed_json:
        return "malformed_json";
    case hostile_kind::invalid_utf8:
        return "invalid_utf8";
    case hostile_kind::wrong_types:
        return "wrong_types";
    case hostile_kind::unknown_type:
        return "unknown_type";
    case hostile_kind::binary:
        return "binary";
    case hostile_kind::oversized:
        return "oversized";
    case hostile_kind::flood:
        return "flood";
    case hostile_kind::unknown_room:
        return "unknown_room";
    case hostile_kind::forged_token:
        return "forged_token";
    case hostile_kind::tcp_garbage:
        return "tcp_garbage";
    case hostile_kind::half_upgrade:
        return "half_upgrade";
    case hostile_kind::never_reads:
        return "never_reads";
    }
    return "?";
}

struct hostile_swarm::connection {
    hostile_outcome out;
    int index = 0; ///< among all connections: spreads addresses, names and first rounds
    int fd = -1;
    bool upgraded = false;
    bool reading = true;
    bool fired = false;      ///< a flood or oversized frame went out
    bool closing = false;    ///< the server's close frame was answered
    std::string to_write;    ///< bytes not yet taken by the socket
    std::string read_buffer; ///< bytes not yet parsed
    std::string message;     ///< a fragmented message being put together
    int message_op = 0;
    steady::time_point next_round; ///< when the next round of messages is due
    int rounds = 0;
};

hostile_swarm::hostile_swarm(std::uint16_t port, std::string room_code, std::string stale_token)
    : port_(port), room_code_(std::move(room_code)), stale_token_(std::move(stale_token)) {}

hostile_swarm::~hostile_swarm() {
    if (thread_.joinable()) {
        stop(std::chrono::milliseconds(0));
    }
}

void hostile_swarm::add(hostile_kind kind, int count) {
    for (int i = 0; i < count; ++i) {
        connection c;
        c.index = static_cast<int>(connections_.size());
        c.out.kind = kind;
        c.out.source = "127.0.0." + std::to_string(2 + c.index % source_addresses);
        connections_.push_back(std::move(c));
    }
}

void hostile_swarm::start(std::chrono::milliseconds interval) {
    interval_ = interval;
    thread_ = std::thread([this] { run(); });
}

std::vector<hostile_outcome> hostile_swarm::stop(std::chrono::milliseconds timeout) {
    give_up_at_ = steady::now() + timeout;
    stopping_ = true;
    thread_.join();
    std::vector<hostile_outcome> outcomes;
    for (auto& c : connections_) {
        if (c.fd >= 0) {
            ::close(c.fd);
            c.fd = -1;
        }
        outcomes.push_back(c.out);
    }
    return outcomes;
}

void hostile_swarm::run() {
    for (auto& c : connections_) {
        open(c);
    }
    std::vector<pollfd> fds;
    std::vector<connection*> polled;
    for (;;) {
        const bool stopping = stopping_;
        if (stopping) {
            bool all_settled = true;
            for (auto& c : connections_) {
                all_settled = all_settled && settled(c);
            }
            if (all_settled || steady::now() >= give_up_at_) {
                return;
            }
        }
        // Floods go first, alone with the game: the server reads a connection's
        // messages in turn with every other busy one, and a flood read at a
        // tenth of its pace would never look like one. Then the rounds of bad
        // messages, with a bound on how many wait for an answer in all, so a
        // slow server (a sanitizer build, a busy machine) gets them at the pace
        // it answers and the game's messages never queue behind many.
        bool floods_pending = false;
        int in_flight = 0;
        for (const auto& c : connections_) {
            if (c.out.kind == hostile_kind::flood) {
                floods_pending = floods_pending || (c.fd >= 0 && !c.closing);
            } else if (sends_rounds(c.out.kind) && c.fd >= 0 && !c.closing) {
                in_flight += c.out.sent - replies(c);
            }
        }
        const auto now = steady::now();
        fds.clear();
        polled.clear();
        for (auto& c : connections_) {
            if (c.fd < 0) {
                continue;
            }
            if (!stopping && !floods_pending && in_flight < max_in_flight &&
                sends_rounds(c.out.kind) && c.upgraded && !c.closing && now >= c.next_round &&
                replies(c) >= c.out.sent) {
                const int before = c.out.sent;
                send_round(c);
                in_flight += c.out.sent - before;
            }
            if (c.out.kind == hostile_kind::flood) {
                flood_more(c);
            }
            short events = c.reading ? POLLIN : 0;
            if (!c.out.connected || !c.to_write.empty()) {
                events |= POLLOUT;
            }
            fds.push_back({c.fd, events, 0});
            polled.push_back(&c);
        }
        ::poll(fds.data(), fds.size(), 10);
        for (std::size_t i = 0; i < fds.size(); ++i) {
            connection& c = *polled[i];
            const short got = fds[i].revents;
            if (got == 0 || c.fd < 0) {
                continue;
            }
            if (!c.out.connected) {
                int err = 0;
                socklen_t len = sizeof err;
                ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    hang_up(c);
                    continue;
                }
                on_connected(c);
            }
            if ((got & POLLOUT) != 0 && !c.to_write.empty()) {
                flush(c);
            }
            if (c.fd >= 0 && c.reading && (got & (POLLIN | POLLHUP | POLLERR)) != 0) {
                on_readable(c);
            } else if (c.fd >= 0 && (got & (POLLHUP | POLLERR)) != 0) {
                // One that does not read learns of the hang-up this way.
                c.out.ended = true;
                hang_up(c);
            }
        }
    }
}

void hostile_swarm::open(connection& c) {
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        return;
    }
    if (c.out.kind == hostile_kind::never_reads) {
        // A small receive window, so the server's writes back up sooner.
        const int small = 4096;
        ::setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, c.out.source.c_str(), &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port_);
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if (::bind(c.fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        (::connect(c.fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0 &&
         errno != EINPROGRESS)) {
        ::close(c.fd);
        c.fd = -1;
    }
}

void hostile_swarm::on_connected(connection& c) {
    c.out.connected = true;
    switch (c.out.kind) {
    case hostile_kind::tcp_garbage: {
        // Each looks like something a port scanner or a confused client sends.
        static const std::string garbage[] = {
            std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) +
                std::string(64, '\x7f'),
            "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
            std::string("\x00\xff\xfe\x01garbage\r\n\r\n", 14),
            "HELLO / NOT-HTTP\r\n\r\n",
        };
        queue(c, garbage[c.index % 4], 1);
        return;
    }
    case hostile_kind::half_upgrade:
        queue(c, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n", 1);
        return;
    default:
        queue(c, wire::upgrade_request(port_, "/ws?room=" + room_code_), 0);
        return;
    }
}

void hostile_swarm::on_readable(connection& c) {
    char buf[16384];
    for (;;) {
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
            c.read_buffer.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            // What arrived before the hang-up (a close frame) still counts.
            c.out.ended = true;
            break;
        }
        if (errno != EINTR) {
            break;
        }
    }
    parse(c);
    if (c.out.ended) {
        hang_up(c);
    }
}

void hostile_swarm::parse(connection& c) {
    if (!c.upgraded) {
        const auto status = wire::take_response_head(c.read_buffer);
        if (!status) {
            return;
        }
        c.out.upgrade_status = *status;
        if (*status != 101) {
            return;
        }
        c.upgraded = true;
        // Spread the first rounds so the connections do not all fire at once.
        c.next_round = steady::now() + interval_ * (c.index % 4) / 4;
        if (c.out.kind == hostile_kind::flood || c.out.kind == hostile_kind::oversized) {
            fire_once(c);
        }
        if (c.out.kind == hostile_kind::never_reads) {
            queue(c,
                  text(nlohmann::json{{"type", "join"},
                                      {"code", room_code_},
                                      {"name", "lurker-" + std::to_string(c.index)}}
                           .dump()),
                  1);
            c.reading = false;
            return;
        }
    }
    while (auto f = wire::take_server_frame(c.read_buffer)) {
        const int op = static_cast<int>(f->op);
        if (f->op == wire::opcode::continuation) {
            c.message += f->payload;
        } else if (f->op == wire::opcode::text || f->op == wire::opcode::binary) {
            c.message = std::move(f->payload);
            c.message_op = op;
        } else {
            on_frame(c, op, std::move(f->payload));
            continue;
        }
        if (f->fin) {
            on_frame(c, c.message_op, std::move(c.message));
            c.message.clear();
        }
        if (c.fd < 0 && !c.out.ended) {
            return;
        }
    }
}

void hostile_swarm::on_frame(connection& c, int op, std::string payload) {
    switch (static_cast<wire::opcode>(op)) {
    case wire::opcode::ping:
        queue(c, wire::client_frame(wire::opcode::pong, payload), 0);
        return;
    case wire::opcode::close: {
        c.out.close_code = wire::close_code(payload);
        if (!c.closing) {
            c.closing = true;
            queue(c, wire::client_close(*c.out.close_code), 0);
        }
        return;
    }
    case wire::opcode::text: {
        const auto j = nlohmann::json::parse(payload, nullptr, false);
        if (j.is_object() && j.value("type", "") == "error" && j.contains("code") &&
            j["code"].is_string()) {
            c.out.errors.push_back(j["code"].get<std::string>());
            ++errors_seen_;
        } else {
            ++c.out.other_frames;
        }
        return;
    }
    default:
        ++c.out.other_frames;
        return;
    }
}

void hostile_swarm::send_round(connection& c) {
    // Never two rounds back to back, even when this thread fell behind.
    c.next_round = steady::now() + interval_;
    ++c.rounds;
    auto& rng = rng_;
    switch (c.out.kind) {
    case hostile_kind::malformed_json:
        for (const char* m :
             {"{", "not json", "[1,2,3]", "{\"type\":\"ping\",", "\"just a string\""}) {
            queue(c, text(m), 1);
        }
        return;
    case hostile_kind::invalid_utf8:
        // "\xC3\x28": a lead byte followed by something that cannot continue it.
        queue(c, text("{\"type\":\"ping\",\"t\":\"\xC3\x28\"}"), 1);
        return;
    case hostile_kind::wrong_types:
        for (const char* m :
             {R"({"type":42})", R"({"type":"join","code":5,"name":"x"})",
              R"({"type":"answer","q":"zero","choice":1})", R"({"type":"ping","id":null})",
              R"({"type":"rejoin","code":"ABCDEF"})"}) {
            queue(c, text(m), 1);
        }
        return;
    case hostile_kind::unknown_type:
        for (const char* m : {R"({"type":"hack"})", R"({"type":"JOIN","code":"ABCDEF","name":"x"})",
                              R"({"type":"answer2","q":0,"choice":1})"}) {
            queue(c, text(m), 1);
        }
        return;
    case hostile_kind::binary:
        queue(c, wire::client_frame(wire::opcode::binary, R"({"type":"ping","t":1})"), 1);
        queue(c, wire::client_frame(wire::opcode::binary, std::string("\x00\xff\x10", 3)), 1);
        return;
    case hostile_kind::unknown_room:
        queue(c,
              text(nlohmann::json{
                  {"type", "join"}, {"code", absent_code(rng, room_code_)}, {"name", "guess"}}
                       .dump()),
              1);
        queue(c,
              text(nlohmann::json{{"type", "host"},
                                  {"code", absent_code(rng, room_code_)},
                                  {"host_token", forged_token(rng)}}
                       .dump()),
              1);
        return;
    case hostile_kind::forged_token:
        // Every other round, the token of a player who was kicked: void for good.
        queue(c,
              text(nlohmann::json{{"type", "rejoin"},
                                  {"code", room_code_},
                                  {"token", c.rounds % 2 == 0 && !stale_token_.empty()
                                                ? stale_token_
                                                : forged_token(rng)}}
                       .dump()),
              1);
        queue(c,
              text(nlohmann::json{
                  {"type", "host"}, {"code", room_code_}, {"host_token", forged_token(rng)}}
                       .dump()),
              1);
        return;
    case hostile_kind::flood:
    case hostile_kind::oversized:
    case hostile_kind::tcp_garbage:
    case hostile_kind::half_upgrade:
    case hostile_kind::never_reads:
        return;
    }
}

void hostile_swarm::fire_once(connection& c) {
    if (c.fired) {
        return;
    }
    c.fired = true;
    if (c.out.kind == hostile_kind::flood) {
        flood_more(c);
    } else if (c.out.kind == hostile_kind::oversized) {
        // Just over the limit, and far over it (a 64-bit length).
        const std::size_t size = c.index % 4 == 0 ? 70000 : 4097;
        const std::string head = R"({"type":"ping","t":")";
        queue(c, text(head + std::string(size - head.size() - 2, 'x') + "\"}"), 1);
    }
}

// A flood keeps on, as PROTOCOL.md's persistent flooder does, until the server
// closes it or a bound is reached.
void hostile_swarm::flood_more(connection& c) {
    if (!c.fired || c.closing || c.fd < 0 || !c.to_write.empty() ||
        c.out.sent >= max_flood_messages) {
        return;
    }
    std::string all;
    for (int i = 0; i < flood_burst; ++i) {
        all += text(R"({"type":"ping","t":)" + std::to_string(c.out.sent + i) + "}");
    }
    queue(c, std::move(all), flood_burst);
}

void hostile_swarm::queue(connection& c, std::string bytes, int messages) {
    c.to_write += bytes;
    c.out.sent += messages;
    flush(c);
}

void hostile_swarm::flush(connection& c) {
    while (!c.to_write.empty() && c.fd >= 0) {
        const ssize_t n = ::send(c.fd, c.to_write.data(), c.to_write.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.to_write.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOTCONN)) {
            return; // not connected yet, or the socket is full: poll says when
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        // The server hung up while we still had bytes for it.
        c.out.ended = true;
        hang_up(c);
    }
}

void hostile_swarm::hang_up(connection& c) {
    if (c.fd >= 0) {
        ::close(c.fd);
        c.fd = -1;
    }
    c.to_write.clear();
}

int hostile_swarm::replies(const connection& c) {
    return static_cast<int>(c.out.errors.size()) + c.out.other_frames;
}

bool hostile_swarm::settled(const connection& c) const {
    if (c.fd < 0 || c.closing) {
        // A close frame was answered: the hang-up that follows adds nothing.
        return true;
    }
    if (c.out.upgrade_status != 0 && c.out.upgrade_status != 101) {
        return true; // refused at the handshake
    }
    switch (c.out.kind) {
    case hostile_kind::half_upgrade:
    case hostile_kind::never_reads:
        return c.out.connected && c.to_write.empty();
    case hostile_kind::tcp_garbage:
    case hostile_kind::flood:
    case hostile_kind::oversized:
        return false; // until the server hangs up or closes
    default:
        return c.upgraded && c.to_write.empty() && replies(c) >= c.out.sent;
    }
}

} // namespace quizroom::itest
