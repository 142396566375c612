#include "import_test_support.hpp"

#include "game/deck_loader.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace quizroom::import_test {

std::string data_path(const std::string& relative) {
    return std::string(QUIZROOM_TEST_DATA) + "/" + relative;
}

std::string quizzes_path(const std::string& relative) {
    return std::string(QUIZROOM_QUIZZES) + "/" + relative;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

importer::result import_sample(const std::string& relative, importer::options o) {
    const std::filesystem::path path = data_path("import/" + relative);
    const auto f = importer::format_for_file(path.filename().string());
    REQUIRE_MESSAGE(f.has_value(), "no format for ", relative);
    if (o.name.empty()) {
        o.name = path.stem().string();
    }
    return importer::import_deck(read_file(path.string()), *f, o);
}

importer::imported expect_deck(importer::result r) {
    if (auto* problems = std::get_if<std::vector<importer::problem>>(&r)) {
        std::string all;
        for (const auto& p : *problems) {
            all += importer::describe(p) + "\n";
        }
        FAIL("expected a deck, got problems:\n" << all);
    }
    return std::get<importer::imported>(std::move(r));
}

std::vector<importer::problem> expect_problems(importer::result r) {
    if (auto* deck = std::get_if<importer::imported>(&r)) {
        FAIL("expected problems, got a deck: " << deck->json.dump());
    }
    return std::get<std::vector<importer::problem>>(std::move(r));
}

game::deck load_bank() {
    auto loaded = game::load_deck_file(quizzes_path("backend-interview.json"));
    if (auto* problems = std::get_if<std::vector<game::deck_problem>>(&loaded)) {
        FAIL("the bank does not load: " << problems->front().describe());
    }
    return std::get<game::deck>(std::move(loaded));
}

} // namespace quizroom::import_test
