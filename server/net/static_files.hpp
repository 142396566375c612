#pragma once

#include "net/http_types.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace quizroom::net {

/// Serves the browser client's files from one folder, and nothing outside it.
class static_files {
public:
    explicit static_files(std::filesystem::path root) : root_(std::move(root)) {}

    /// The file for a URL path ("/" is index.html); nullopt when there is none.
    std::optional<http_response> get(std::string_view path) const;

private:
    std::filesystem::path root_;
};

} // namespace quizroom::net
