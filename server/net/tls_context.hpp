#pragma once

// The server's TLS certificate and key (`--tls-cert`, `--tls-key`).

#include <memory>
#include <string>
#include <variant>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace quizroom::net {

/// A server context (TLS 1.2 and later) holding the certificate chain in
/// `cert_file` and the private key in `key_file`, both PEM. Loaded once at
/// start, so that a bad file stops the start rather than the first
/// connection. Returns why it cannot be used, naming the flag and the file:
/// a file that cannot be read or is not PEM, a key behind a passphrase, or
/// a key that does not match the certificate.
std::variant<std::shared_ptr<boost::asio::ssl::context>, std::string>
load_tls_context(const std::string& cert_file, const std::string& key_file);

} // namespace quizroom::net
