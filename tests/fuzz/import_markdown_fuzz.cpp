// importer::import_markdown, through import_deck as the upload route calls it.

#include "import_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    quizroom::fuzz::fuzz_import(data, size, quizroom::importer::format::markdown);
    return 0;
}
