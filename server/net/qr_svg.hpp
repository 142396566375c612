#pragma once

// A QR code as an SVG image, for the lobby's join address. Free of Beast and
// Asio: a pure function over libqrencode.

#include <optional>
#include <string>
#include <string_view>

namespace quizroom::net {

/// `text` as a QR code (error correction level M, a 4-module quiet zone), as a
/// standalone SVG document: black modules on white, one module per user unit.
/// Empty when the text cannot be encoded (it holds a NUL, or is too long).
std::optional<std::string> qr_svg(std::string_view text);

} // namespace quizroom::net
