// protocol::parse, the reader of every raw client frame (websocket_session
// and the HTTP API call it), and protocol::decode, its server-frame twin that
// test clients and the bench use. Both are noexcept: any exception inside
// them would terminate, which libFuzzer reports as a crash.
//
// Invariants: a refused frame carries one of the codes parse documents (never
// `internal`, which only a failed allocation may give); an accepted frame
// encodes without throwing, and that encoding parses back to a message that
// encodes to the same text. The same round trip holds for decode.

#include "fuzz_check.hpp"

#include "protocol/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace quizroom::protocol;
using quizroom::fuzz::check;

void fuzz_parse(std::string_view frame) {
    const parsed p = parse(frame);
    if (!p) {
        const error code = p.failure->code;
        check(code == error::bad_json || code == error::bad_message ||
                  code == error::unknown_type || code == error::too_big,
              "parse refused a frame with an undocumented code");
        check(code != error::too_big || frame.size() > max_frame_bytes,
              "too_big for a frame within the limit");
        return;
    }
    check(frame.size() <= max_frame_bytes, "parse accepted a frame over the limit");
    check(!p.id || p.id->is_number() || p.id->is_string(), "parse kept an id of the wrong type");

    const std::string once = encode(p.message, p.id);
    // Re-encoding may lengthen a frame ("1e3" -> "1000.0", "\u00e9" stays
    // two bytes); past the limit the second parse rightly says too_big.
    if (once.size() > max_frame_bytes) {
        return;
    }
    const parsed again = parse(once);
    check(static_cast<bool>(again), "an encoded client message does not parse back");
    check(encode(again.message, again.id) == once, "client message round trip is not stable");
}

void fuzz_decode(std::string_view frame) {
    const auto d = decode(frame);
    if (!d) {
        return;
    }
    const std::string once = encode(d->message, d->id);
    const auto again = decode(once);
    check(again.has_value(), "an encoded server message does not decode back");
    check(encode(again->message, again->id) == once, "server message round trip is not stable");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    fuzz_parse(frame);
    fuzz_decode(frame);
    return 0;
}
