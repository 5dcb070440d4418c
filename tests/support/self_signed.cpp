// Making the tests' self-signed certificate: an EC P-256 key, the certificate, both as PEM text.
#include "support/self_signed.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace oktasim::test {

namespace {

std::string drain_bio(BIO* bio) {
    std::string text(BIO_ctrl_pending(bio), '\0');
    const int n = BIO_read(bio, text.data(), static_cast<int>(text.size()));
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0u);
    return text;
}

void add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    BOOST_REQUIRE(ext != nullptr);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

}  // namespace

SelfSigned make_self_signed() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    BOOST_REQUIRE(key != nullptr);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    const std::string cn = "oktasim test";
    const auto* cn_bytes = reinterpret_cast<const unsigned char*>(cn.c_str());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn_bytes, -1, -1, 0);
    X509_set_issuer_name(cert, name);
    add_extension(cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    BOOST_REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
    BIO* bio = BIO_new(BIO_s_mem());
    SelfSigned out;
    PEM_write_bio_X509(bio, cert);
    out.cert_pem = drain_bio(bio);
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    out.key_pem = drain_bio(bio);
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

}  // namespace oktasim::test
