#pragma once

// The two kinds of connection the sessions run over. The sessions are
// templates over them, instantiated in their own .cpp files, so OpenSSL's
// headers stay out of every other file.

#include "net/net.hpp"

namespace boost::beast {
template <class NextLayer> class ssl_stream;
} // namespace boost::beast

namespace quizroom::net {

/// Plain TCP, with Beast's timeouts.
using plain_stream = beast::tcp_stream;
/// TLS over the same (`--tls-cert`, `--tls-key`).
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

} // namespace quizroom::net
