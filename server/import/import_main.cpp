// quizroom-import: turns a Markdown Q&A list, a Kahoot-style CSV or a Moodle
// GIFT file into a deck file, printed on standard output.
//
//   quizroom-import questions.csv --title "Week 3" > quizzes/week-3.json
//
// Exit status: 0 with the deck printed; 1 when the file has problems (each
// printed as FILE:LINE: message on standard error, nothing on standard
// output); 2 when the file cannot be read or the command line is wrong.

#include "import/importer.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    using namespace quizroom;

    std::string file;
    std::string format_name;
    importer::options options;
    CLI::App cli{"quizroom-import: turn a Markdown Q&A list, a Kahoot-style CSV or a Moodle GIFT "
                 "file into a quizroom deck (JSON, on standard output)"};
    cli.add_option("FILE", file, "the file to import")->required();
    cli.add_option("--format", format_name,
                   "markdown, csv, gift or json (default: from the file's extension: .md, .csv, "
                   ".gift or .txt, .json)")
        ->check(CLI::IsMember({"markdown", "md", "csv", "gift", "json"}));
    cli.add_option("--id", options.id,
                   "deck id, 1-64 characters of a-z, 0-9, - and _ (default: from the file name)");
    cli.add_option("--title", options.title,
                   "deck title (default: the Markdown `# ` heading, else the file name)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }

    const std::filesystem::path path(file);
    auto format = format_name.empty() ? importer::format_for_file(path.filename().string())
                                      : importer::parse_format(format_name);
    if (!format) {
        std::cerr << file << ": cannot tell the format from the extension: give --format "
                  << "markdown, csv or gift\n";
        return 2;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << file << ": cannot be read\n";
        return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    options.name = path.stem().string();

    auto result = importer::import_deck(text.str(), *format, options);
    if (auto* problems = std::get_if<std::vector<importer::problem>>(&result)) {
        for (const auto& p : *problems) {
            std::cerr << file << (p.line > 0 ? ":" + std::to_string(p.line) : std::string{}) << ": "
                      << p.message << '\n';
        }
        std::cerr << file << ": not imported (" << problems->size() << " problem"
                  << (problems->size() == 1 ? "" : "s") << ")\n";
        return 1;
    }
    const auto& deck = std::get<importer::imported>(result);
    std::cout << deck.json.dump(2) << '\n';
    const auto categories = deck.deck.categories().size();
    std::cerr << file << ": " << deck.deck.questions.size() << " question"
              << (deck.deck.questions.size() == 1 ? "" : "s") << " in " << categories
              << (categories == 1 ? " category" : " categories") << ", deck id `" << deck.deck.id
              << "`\n";
    return 0;
}
