// quizroom-import, the command, run as a user would.

#include "import_test_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>

namespace quizroom::import_test {
namespace {

struct run_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

run_result run_import(const std::string& args) {
    const std::string out = std::string(QUIZROOM_TEST_TMP) + "/cli.out";
    const std::string err = std::string(QUIZROOM_TEST_TMP) + "/cli.err";
    const std::string command =
        std::string(QUIZROOM_IMPORT_BIN) + " " + args + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), read_file(out), read_file(err)};
}

std::string sample(const std::string& relative) {
    return "'" + data_path("import/" + relative) + "'";
}

} // namespace

TEST_CASE("quizroom-import prints the deck, and the same deck as the library") {
    const auto r = run_import(sample("csv/kahoot-quiz.csv") + " --title 'HTTP basics'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto expected =
        expect_deck(import_sample("csv/kahoot-quiz.csv", {"", "HTTP basics", ""}));
    CHECK(nlohmann::ordered_json::parse(r.out) == expected.json);
    CHECK(r.err.find("5 questions in 1 category, deck id `kahoot-quiz`") != std::string::npos);
}

TEST_CASE("quizroom-import: --format and --id win over the file's extension and name") {
    const auto r = run_import(sample("gift/networking.gift") + " --format gift --id net-101");
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["id"] == "net-101");
}

TEST_CASE("quizroom-import: problems go to standard error as FILE:LINE, exit status 1") {
    const auto r = run_import(sample("gift/broken.gift"));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("broken.gift:3: numerical answer `3.14:a bit` is not a number") !=
          std::string::npos);
    CHECK(r.err.find("not imported (7 problems)") != std::string::npos);
}

TEST_CASE("quizroom-import: an unknown extension or a missing file is a usage error") {
    CHECK(run_import(sample("csv/kahoot-quiz.csv") + " --format xlsx").exit_code == 2);
    CHECK(run_import("/nonexistent/quiz.csv").exit_code == 2);
    const auto r = run_import(data_path("decks") + "/../import/README");
    CHECK(r.exit_code == 2);
}

} // namespace quizroom::import_test
