// game::load_deck, which reads the bundled decks, uploaded JSON decks and
// the decks the store gives back at a restart, then the deck formats a host
// may pick for an accepted deck (offered_formats, apply_format). The server
// calls these without a try: no exception may escape.
//
// Invariants: a refused deck names at least one problem; an accepted deck has
// at least one question, unique non-empty ids, and every question passes its
// kind's validation again; every offered format applies, and gives a deck
// whose questions pass their kind's validation too.

#include "fuzz_check.hpp"

#include "game/deck_formats.hpp"
#include "game/deck_loader.hpp"
#include "game/question_kind.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>

namespace {

using namespace quizroom::game;
using quizroom::fuzz::check;

void check_playable(const deck& d, const char* what) {
    check(!d.questions.empty(), what);
    std::set<std::string> ids;
    for (const question& q : d.questions) {
        check(!q.id.empty() && ids.insert(q.id).second, what);
        check(!q.prompt.empty(), what);
        const question_kind* kind = find_kind(q.kind);
        check(kind != nullptr && kind->validate(q).empty(), what);
        // What the reveal sends must be serialisable.
        (void)kind->correct(q).dump();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const deck_result loaded = load_deck(text, "fuzz.json");
    if (const auto* problems = std::get_if<std::vector<deck_problem>>(&loaded)) {
        check(!problems->empty(), "a refused deck names no problem");
        for (const deck_problem& p : *problems) {
            check(!p.message.empty() && !p.describe().empty(), "a problem without a message");
        }
        return 0;
    }
    const deck& d = std::get<deck>(loaded);
    check_playable(d, "an accepted deck is not playable");
    for (const std::string& format : offered_formats(d)) {
        const auto formatted = apply_format(d, format);
        check(std::holds_alternative<deck>(formatted), "an offered format does not apply");
        check_playable(std::get<deck>(formatted), "a formatted deck is not playable");
    }
    return 0;
}
