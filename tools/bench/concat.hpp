#pragma once

// Joins pieces of text by appending. GCC 12 at -O3 warns falsely
// (-Wrestrict, -Wstringop-overflow) on `"literal" + std::string&&`, and
// warnings are errors here.

#include <string>
#include <string_view>

namespace quizroom::bench {

template <class... Parts> std::string concat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

} // namespace quizroom::bench
