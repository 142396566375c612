#include "net/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace quizroom::net {
namespace {

constexpr int quiet_zone = 4;

struct qrcode_free {
    void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

} // namespace

std::optional<std::string> qr_svg(std::string_view text) {
    if (text.empty() || text.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string input(text);
    // Case-sensitive 8-bit input: the room code in the address stays as written.
    std::unique_ptr<QRcode, qrcode_free> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code) {
        return std::nullopt;
    }
    const int width = code->width;
    const int size = width + 2 * quiet_zone;
    const std::string side = std::to_string(size);

    std::string svg;
    svg.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(width) * 4 + 512);
    svg += R"(<?xml version="1.0" encoding="UTF-8"?>)"
           "\n"
           R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" +
           side + " " + side + R"(" width=")" + std::to_string(size * 8) + R"(" height=")" +
           std::to_string(size * 8) +
           R"(" shape-rendering="crispEdges" role="img"><title>QR code of the join address</title>)"
           R"(<rect width=")" +
           side + R"(" height=")" + side + R"(" fill="#fff"/><path fill="#000" d=")";
    // One sub-path per horizontal run of dark modules (bit 0 of each byte).
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
        for (int x = 0; x < width;) {
            if ((row[x] & 1U) == 0) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (row[x + run] & 1U) != 0) {
                ++run;
            }
            svg += 'M' + std::to_string(x + quiet_zone) + ' ' + std::to_string(y + quiet_zone) +
                   'h' + std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
            x += run;
        }
    }
    svg += R"("/></svg>)";
    svg += '\n';
    return svg;
}

} // namespace quizroom::net
