#pragma once

// Shared by the import tests: file paths, reading, and importing a sample.

#include "game/deck.hpp"
#include "import/importer.hpp"

#include <string>
#include <vector>

namespace quizroom::import_test {

/// tests/data/<relative>
std::string data_path(const std::string& relative);
/// quizzes/<relative>
std::string quizzes_path(const std::string& relative);

/// The whole file, bytes as they are; fails the test when it cannot be read.
std::string read_file(const std::string& path);

/// Imports tests/data/import/<relative> (format from its extension, name from its stem).
importer::result import_sample(const std::string& relative, importer::options o = {});

/// The deck of a result that must have one; fails the test with the problems otherwise.
importer::imported expect_deck(importer::result r);
/// The problems of a result that must have some; fails the test otherwise.
std::vector<importer::problem> expect_problems(importer::result r);

/// The bundled bank, loaded by the deck loader.
game::deck load_bank();

} // namespace quizroom::import_test
