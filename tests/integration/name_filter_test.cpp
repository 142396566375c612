// `--name-filter FILE`: a join whose name holds a listed word is refused with
// `name_invalid` (without quoting the list) and the same connection may join
// under another name; a list that cannot be used stops the start.

#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace quizroom::itest {

TEST_CASE("a name holding a word of --name-filter is refused, another name is accepted") {
    const std::string list = QUIZROOM_TEST_DECKS "/../name-filter.txt";
    auto server = start_server("name-filter", {"--name-filter", list});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");

    tk::ws_client player("player");
    player.connect(port, "/ws?room=" + r.code);
    for (const char* name : {"The ADMIN", "quiz-master 3000"}) {
        CAPTURE(name);
        player.send(pr::join_msg{r.code, name, std::nullopt}, "join");
        const auto e = player.expect_frame<pr::error_msg>();
        CHECK(e.message.code == pr::error::name_invalid);
        CHECK(e.id == pr::json("join"));
        CHECK(e.text.find("dmin") == std::string::npos); // the list is not quoted back
        CHECK(e.text.find("aster") == std::string::npos);
    }
    player.send(pr::join_msg{r.code, "Administrator", std::nullopt}, "join");
    CHECK(player.expect<pr::joined_msg>().name == "Administrator"); // a whole word only
    CHECK(host_view(port, r)["players"] == 1);
}

TEST_CASE("a --name-filter list that cannot be used stops the start, naming the flag") {
    const auto dir = std::filesystem::path(QUIZROOM_TEST_LOG_DIR) / "name-filter";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "bad.txt") << "admin\n***\n";
    const std::vector<std::string> decks = {"--quizzes", QUIZROOM_TEST_DECKS, "--port", "0",
                                            "--bind",    "127.0.0.1"};
    const int invalid = run_to_exit("name-filter-flag", {"--store-flush-ms", "5000"}).status;

    auto args = decks;
    args.insert(args.end(), {"--name-filter", (dir / "bad.txt").string()});
    const auto bad_line = run_to_exit("name-filter-bad-line", args);
    CHECK(bad_line.status == invalid);
    CHECK(bad_line.output.find("--name-filter") != std::string::npos);
    CHECK(bad_line.output.find("line 2") != std::string::npos);

    args = decks;
    args.insert(args.end(), {"--name-filter", "/nonexistent/names.txt"});
    const auto missing = run_to_exit("name-filter-missing", args);
    CHECK(missing.status == invalid);
    CHECK(missing.output.find("--name-filter") != std::string::npos);
}

} // namespace quizroom::itest
