#include "net/static_files.hpp"

#include <fstream>
#include <sstream>

namespace quizroom::net {
namespace {

std::string content_type_of(const std::filesystem::path& p) {
    const std::string ext = p.extension().string();
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".json")
        return "application/json";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    if (ext == ".ico")
        return "image/x-icon";
    if (ext == ".woff2")
        return "font/woff2";
    return "application/octet-stream";
}

} // namespace

std::optional<http_response> static_files::get(std::string_view path) const {
    if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    std::filesystem::path relative(path.substr(1));
    if (path.back() == '/') {
        relative /= "index.html";
    }
    // No "..", no absolute parts: the file must lie under the root.
    for (const auto& part : relative) {
        if (part == ".." || part == "." || part.has_root_path()) {
            return std::nullopt;
        }
    }
    const std::filesystem::path file = root_ / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream body;
    body << in.rdbuf();
    http_response r;
    r.content_type = content_type_of(file);
    r.body = body.str();
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

} // namespace quizroom::net
