// TLS on the server's own port (`--tls-cert`, `--tls-key`): HTTPS and WSS
// with a throwaway self-signed certificate made for the test, plain HTTP and
// WebSocket beside them on the same port, and a start refused, naming the
// flag, when the certificate or key cannot be used.

#include "harness.hpp"
#include "raw_connection.hpp"

#include "tests/support/child_process.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/tls_client.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace quizroom::itest {
namespace {

namespace fs = std::filesystem;

/// Runs the openssl command with `args` to its end; fails the test if it fails.
void openssl(const std::string& name, std::vector<std::string> args) {
    const std::string binary = QUIZROOM_OPENSSL_BIN;
    REQUIRE_MESSAGE(fs::exists(binary),
                    "openssl is not installed (deploy/install-deps.sh installs it)");
    args.insert(args.begin(), binary);
    tk::child_process child(std::move(args),
                            std::string(QUIZROOM_TEST_LOG_DIR) + "/openssl-" + name + ".log");
    for (int i = 0; i < 400 && child.running(); ++i) {
        std::this_thread::sleep_for(25ms);
    }
    REQUIRE_MESSAGE(!child.running(), "openssl kept running: ", child.log());
    REQUIRE_MESSAGE(child.wait_status() == 0, "openssl ", name, " failed: ", child.log());
}

/// A self-signed certificate for 127.0.0.1 and its key, and a second key
/// that does not match it. P-256 keys: made in milliseconds.
struct test_identity {
    fs::path dir = fs::path(QUIZROOM_TEST_LOG_DIR) / "tls";
    fs::path cert = dir / "cert.pem";
    fs::path key = dir / "key.pem";
    fs::path other_key = dir / "other-key.pem";

    test_identity() {
        fs::create_directories(dir);
        openssl("req",
                {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                 "subjectAltName=IP:127.0.0.1", "-keyout", key.string(), "-out", cert.string()});
        openssl("genpkey", {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-out", other_key.string()});
    }
};

/// Made once per run of the tests.
const test_identity& identity() {
    static const test_identity id;
    return id;
}

/// The frame of `type` among the next few `client` reads; fails after `limit` others.
pr::server_frame read_until(tk::wss_client& client, std::string_view type, int limit = 10) {
    for (int i = 0; i < limit; ++i) {
        const auto text = client.read();
        auto frame = pr::decode(text);
        REQUIRE_MESSAGE(frame.has_value(), "undecodable frame: ", text);
        if (pr::type_name(frame->message) == type) {
            return std::move(*frame);
        }
    }
    FAIL("no `", std::string(type), "` within ", limit, " frames");
    return {};
}

} // namespace

TEST_CASE("with a certificate the port serves HTTPS and WSS, and plain HTTP and WebSocket too") {
    const auto& id = identity();
    // start_server waits for a plain GET /healthz: plain HTTP still works.
    auto server =
        start_server("tls", {"--tls-cert", id.cert.string(), "--tls-key", id.key.string()});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    const std::string ca = id.cert.string();

    const auto health = tk::https_get(port, "/healthz", ca);
    CHECK(health.status == 200);
    CHECK(pr::json::parse(health.body)["status"] == "ok");

    // A host on plain ws:// opens the room; a player joins over wss://.
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    tk::wss_client secure(ca);
    secure.connect(port, "/ws?room=" + r.code);
    secure.send(pr::encode(pr::client_message{pr::join_msg{r.code, "Tess", std::nullopt}},
                           pr::json("join")));
    const auto joined = read_until(secure, "joined");
    CHECK(joined.id == pr::json("join"));
    CHECK(std::get<pr::joined_msg>(joined.message).name == "Tess");
    read_until(secure, "state");
    // And another player on plain ws:// beside it.
    auto plain = join_player(port, r.code, "Pat");

    // The game reaches the secure player, and its answer counts.
    host.send(pr::start_msg{});
    CHECK(host.expect<pr::question_msg>().q == 0);
    CHECK(std::get<pr::question_msg>(read_until(secure, "question").message).q == 0);
    CHECK(plain.client->expect<pr::question_msg>().q == 0);
    secure.send(pr::encode(pr::client_message{pr::answer_msg{0, pr::choice_answer{0}}}, {}));
    CHECK(std::get<pr::answer_ack_msg>(read_until(secure, "answer_ack").message).q == 0);

    // A join address asked for over TLS is an https one.
    const auto info = tk::https_get(port, "/api/rooms/" + r.code, ca);
    REQUIRE(info.status == 200);
    CHECK(pr::json::parse(info.body)["join_url"].get<std::string>().starts_with("https://"));
}

TEST_CASE("over TLS the origin check, --trusted-proxies and --connections-per-address apply as "
          "over plain WebSocket") {
    const auto& id = identity();
    auto server = start_server("tls-admission",
                               {"--tls-cert", id.cert.string(), "--tls-key", id.key.string(),
                                "--allowed-origins", "https://quiz.example", "--trusted-proxies",
                                "127.0.0.1/32", "--connections-per-address", "1"});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    const std::string ca = id.cert.string();
    // The upgrade's status, or 101 when the WebSocket opened.
    const auto upgrade = [&](tk::wss_client& client) {
        try {
            client.connect(port);
            return 101;
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            return what.find(" 403 ") != std::string::npos   ? 403
                   : what.find(" 429 ") != std::string::npos ? 429
                                                             : 0;
        }
    };

    tk::wss_client stranger(ca);
    stranger.add_handshake_header("Origin", "https://evil.example");
    CHECK(upgrade(stranger) == 403);

    // Behind the trusted proxy, the forwarded client is the one counted, and
    // its plain WebSocket shares the count with its secure one.
    tk::wss_client first(ca);
    first.add_handshake_header("Origin", "https://quiz.example");
    first.add_handshake_header("X-Forwarded-For", "203.0.113.1");
    CHECK(upgrade(first) == 101);
    tk::wss_client again(ca);
    again.add_handshake_header("X-Forwarded-For", "203.0.113.1");
    CHECK(upgrade(again) == 429);
    raw_connection plain(port);
    plain.send(upgrade_request(port, "X-Forwarded-For: 203.0.113.1\r\n"));
    CHECK(plain.read_response().status == 429);
    tk::wss_client other(ca);
    other.add_handshake_header("X-Forwarded-For", "203.0.113.2");
    CHECK(upgrade(other) == 101);
}

TEST_CASE("a certificate or key that cannot be used stops the start and names the flag") {
    const auto& id = identity();
    const auto run = [](const std::string& name, std::vector<std::string> args) {
        args.insert(args.begin(),
                    {"--quizzes", QUIZROOM_TEST_DECKS, "--port", "0", "--bind", "127.0.0.1"});
        return run_to_exit("tls-" + name, std::move(args));
    };
    // The exit code of any other invalid setting: a value that fails its check.
    const int invalid = run("bad-flag", {"--store-flush-ms", "5000"}).status;
    REQUIRE(invalid != 0);

    struct bad_start {
        const char* what;
        std::vector<std::string> args;
        const char* flag; ///< the flag the message must name
    };
    const std::string not_pem = std::string(QUIZROOM_TEST_DECKS) + "/three.json";
    for (const auto& c : std::vector<bad_start>{
             {"no-cert",
              {"--tls-cert", "/nonexistent/cert.pem", "--tls-key", id.key},
              "--tls-cert"},
             {"not-cert", {"--tls-cert", not_pem, "--tls-key", id.key}, "--tls-cert"},
             {"not-key", {"--tls-cert", id.cert, "--tls-key", not_pem}, "--tls-key"},
             {"mismatch", {"--tls-cert", id.cert, "--tls-key", id.other_key}, "--tls-key"},
             {"no-key", {"--tls-cert", id.cert}, "--tls-key"},
         }) {
        CAPTURE(c.what);
        const auto r = run(c.what, c.args);
        CHECK(r.status == invalid);
        CHECK(r.output.find(c.flag) != std::string::npos);
    }
}

} // namespace quizroom::itest
