#include "net/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fstream>

namespace quizroom::net {
namespace {

namespace ssl = boost::asio::ssl;

// OpenSSL's reason for the last failure, for people: "no start line",
// "key values mismatch", ...
std::string openssl_reason(const boost::system::error_code& ec) {
    const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    return reason != nullptr ? reason : ec.message();
}

} // namespace

std::variant<std::shared_ptr<ssl::context>, std::string>
load_tls_context(const std::string& cert_file, const std::string& key_file) {
    // An unreadable file gets its own message: OpenSSL's says only "system lib".
    if (!std::ifstream(cert_file)) {
        return "--tls-cert: cannot read " + cert_file;
    }
    if (!std::ifstream(key_file)) {
        return "--tls-key: cannot read " + key_file;
    }
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    // OpenSSL would otherwise prompt on the terminal for the passphrase of an
    // encrypted key, and a service would hang at start.
    ctx->set_password_callback(
        [](std::size_t, ssl::context::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cert_file, ec);
    if (ec) {
        return "--tls-cert: " + cert_file + " is not a PEM certificate (" + openssl_reason(ec) +
               ")";
    }
    ctx->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) {
        return "--tls-key: " + key_file +
               " is not an unencrypted PEM private key that matches --tls-cert (" +
               openssl_reason(ec) + ")";
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
        ERR_clear_error();
        return "--tls-key: " + key_file + " does not match the certificate of --tls-cert";
    }
    return ctx;
}

} // namespace quizroom::net
