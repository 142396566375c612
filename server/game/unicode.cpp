#include "game/unicode.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <vector>

namespace quizroom::game {
namespace {

icu::UnicodeString from_utf8(std::string_view s) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string to_utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

icu::UnicodeString normalized(const icu::UnicodeString& u) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        return u;
    }
    icu::UnicodeString out = nfc->normalize(u, status);
    return U_FAILURE(status) ? u : out;
}

std::vector<UChar32> code_point_vector(std::string_view s) {
    std::vector<UChar32> out;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(p, i, length, c);
        out.push_back(c);
    }
    return out;
}

} // namespace

std::string nfc(std::string_view utf8) {
    return to_utf8(normalized(from_utf8(utf8)));
}

std::string fold_case(std::string_view utf8) {
    icu::UnicodeString u = normalized(from_utf8(utf8));
    u.foldCase();
    return to_utf8(normalized(u));
}

std::string collapse_spaces(std::string_view utf8) {
    std::string out;
    bool pending_space = false;
    const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c >= 0 && u_isUWhiteSpace(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.append(
            utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

std::size_t code_points(std::string_view utf8) {
    return code_point_vector(utf8).size();
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const auto x = code_point_vector(a);
    const auto y = code_point_vector(b);
    const std::size_t gap = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
    if (gap > limit) {
        return limit + 1;
    }
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t row_min = row[0];
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
            row_min = std::min(row_min, row[j]);
        }
        if (row_min > limit) {
            return limit + 1;
        }
    }
    return std::min(row[y.size()], limit + 1);
}

std::size_t letter_count(std::string_view utf8) {
    const auto cps = code_point_vector(utf8);
    return static_cast<std::size_t>(
        std::count_if(cps.begin(), cps.end(), [](UChar32 c) { return c >= 0 && u_isalpha(c); }));
}

std::vector<std::string> folded_words(std::string_view utf8) {
    const std::string folded = fold_case(utf8);
    std::vector<std::string> out;
    std::string word;
    const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
    const auto length = static_cast<int32_t>(folded.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c == u'\'' || c == u'\u2019' || c == u'\u02bc') {
            continue;
        }
        if (c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0)) {
            word.append(folded, static_cast<std::size_t>(start),
                        static_cast<std::size_t>(i - start));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

} // namespace quizroom::game
