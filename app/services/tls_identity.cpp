#include "services/tls_identity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "services/service_error.h"

namespace tunedesk::services {
namespace {

// OpenSSL's objects, freed with their own functions.
template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Freer<X509, X509_free>>;
using Number = std::unique_ptr<BIGNUM, Freer<BIGNUM, BN_free>>;

constexpr int kSelfSignedDays = 825;  // the longest a locally trusted certificate may be valid on macOS and iOS
constexpr int kRenewDays = 30;

std::string s(const QString& text) { return text.toStdString(); }

QByteArray read_file(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) throw ServiceError("tls.unreadable", {s(path), s(file.errorString())});
  return file.readAll();
}

Bio memory_bio(const QByteArray& bytes) { return Bio(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size()))); }

QByteArray bio_bytes(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return QByteArray(data, static_cast<qsizetype>(size));
}

// An encrypted key asks for a passphrase: refuse instead of prompting.
int no_passphrase(char*, int, int, void*) { return -1; }

QSsl::KeyAlgorithm qt_algorithm(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return QSsl::Rsa;
    case EVP_PKEY_EC: return QSsl::Ec;
    case EVP_PKEY_DSA: return QSsl::Dsa;
    case EVP_PKEY_DH: return QSsl::Dh;
    default: return QSsl::Opaque;
  }
}

QStringList certificate_names(const QSslCertificate& certificate) {
  QStringList names;
  const auto alternates = certificate.subjectAlternativeNames();
  for (auto it = alternates.begin(); it != alternates.end(); ++it) names << it.value();
  return names;
}

TlsIdentity identity_from_pem(const QByteArray& certificate_pem, const QByteArray& key_pem, const QString& certificate_file,
                              const QString& key_file) {
  const Bio certificate_bio = memory_bio(certificate_pem);
  const Certificate certificate(PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr));
  if (!certificate) throw ServiceError("tls.unreadable", {s(certificate_file), "not a PEM certificate"});
  const Bio key_bio = memory_bio(key_pem);
  const Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) throw ServiceError("tls.unreadable", {s(key_file), "not an unencrypted PEM private key"});
  if (X509_check_private_key(certificate.get(), key.get()) != 1)
    throw ServiceError("tls.key_mismatch", {s(key_file), s(certificate_file)});

  const QList<QSslCertificate> chain = QSslCertificate::fromData(certificate_pem, QSsl::Pem);
  const QSsl::KeyAlgorithm algorithm = qt_algorithm(key.get());
  const QSslKey qt_key(key_pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
  if (chain.isEmpty() || algorithm == QSsl::Opaque || qt_key.isNull())
    throw ServiceError("tls.unreadable", {s(key_file), "a key type Qt cannot serve (use RSA or ECDSA)"});
  if (chain.front().expiryDate() < QDateTime::currentDateTimeUtc())
    throw ServiceError("tls.expired", {s(certificate_file), s(chain.front().expiryDate().toString(Qt::ISODate))});

  TlsIdentity identity;
  identity.configuration = QSslConfiguration::defaultConfiguration();
  identity.configuration.setLocalCertificateChain(chain);
  identity.configuration.setPrivateKey(qt_key);
  identity.configuration.setProtocol(QSsl::TlsV1_2OrLater);
  identity.configuration.setPeerVerifyMode(QSslSocket::VerifyNone);  // clients are not asked for certificates
  identity.certificate_file = certificate_file;
  identity.fingerprint = QString::fromLatin1(chain.front().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
  identity.names = certificate_names(chain.front());
  identity.expires = chain.front().expiryDate();
  return identity;
}

// Writes `bytes` to `path` whole or not at all, readable by its owner only when `secret`.
void write_atomically(const QString& path, const QByteArray& bytes, bool secret) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) throw ServiceError("tls.unwritable", {s(path), s(file.errorString())});
  if (secret) file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  file.write(bytes);
  if (!file.commit()) throw ServiceError("tls.unwritable", {s(path), s(file.errorString())});
}

QString address_name(const QHostAddress& address) {
  QHostAddress plain = address;
  plain.setScopeId({});
  return plain.toString();
}

}  // namespace

bool tls_available() { return QSslSocket::supportsSsl(); }

PemPair make_self_signed_pem(const QStringList& names, int days) {
  const Key key(EVP_EC_gen("P-256"));
  const Certificate certificate(X509_new());
  const Number serial(BN_new());
  if (!key || !certificate || !serial) throw ServiceError("tls.generation_failed", {"out of memory or no EC support"});
  X509_set_version(certificate.get(), 2);  // v3, for the extensions
  BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()));
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);  // an hour of clock skew
  X509_time_adj_ex(X509_getm_notAfter(certificate.get()), days, 0, nullptr);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(certificate.get());
  const std::string common_name = "TuneDesk on " + s(names.value(1, names.value(0)));
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("TuneDesk"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(certificate.get(), subject);

  QStringList alternates;
  for (const QString& name : names) alternates << (QHostAddress(name).isNull() ? "DNS:" : "IP:") + name;
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  const std::pair<int, std::string> extensions[] = {
      {NID_subject_alt_name, s(alternates.join(','))},
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature"},
      {NID_ext_key_usage, "serverAuth"},
      {NID_subject_key_identifier, "hash"},
  };
  for (const auto& [nid, value] : extensions) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (!extension) throw ServiceError("tls.generation_failed", {"extension " + value});
    X509_add_ext(certificate.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0) throw ServiceError("tls.generation_failed", {"signing"});

  const Bio certificate_out(BIO_new(BIO_s_mem())), key_out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(certificate_out.get(), certificate.get());
  PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return {bio_bytes(certificate_out.get()), bio_bytes(key_out.get())};
}

TlsIdentity load_tls_identity(const QString& certificate_file, const QString& key_file) {
  if (!tls_available()) throw ServiceError("tls.unavailable", {});
  return identity_from_pem(read_file(certificate_file), read_file(key_file), certificate_file, key_file);
}

TlsIdentity self_signed_tls_identity(const QString& data_dir, const QList<QHostAddress>& addresses) {
  if (!tls_available()) throw ServiceError("tls.unavailable", {});
  const QDir dir(QDir(data_dir).filePath("tls"));
  const QString certificate_file = dir.filePath("tunedesk-cert.pem"), key_file = dir.filePath("tunedesk-key.pem");
  QStringList names{"localhost", QHostInfo::localHostName(), "127.0.0.1", "::1"};
  for (const QHostAddress& address : addresses)
    if (!address.isNull() && address != QHostAddress::AnyIPv4 && address != QHostAddress::AnyIPv6 && address != QHostAddress::Any)
      names << address_name(address);
  names.removeDuplicates();
  names.removeAll(QString());

  if (QFile::exists(certificate_file) && QFile::exists(key_file)) {
    try {
      TlsIdentity kept = load_tls_identity(certificate_file, key_file);
      const bool covers = std::all_of(names.begin(), names.end(), [&](const QString& name) {
        return kept.names.contains(name, Qt::CaseInsensitive);
      });
      if (covers && kept.expires > QDateTime::currentDateTimeUtc().addDays(kRenewDays)) return kept;
    } catch (const ServiceError&) {
      // unreadable, expired or mismatched: made again below
    }
  }
  if (!QDir().mkpath(dir.path())) throw ServiceError("tls.unwritable", {s(dir.path()), "cannot create the folder"});
  QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
  const PemPair pair = make_self_signed_pem(names, kSelfSignedDays);
  write_atomically(key_file, pair.key, true);
  write_atomically(certificate_file, pair.certificate, false);
  TlsIdentity identity = identity_from_pem(pair.certificate, pair.key, certificate_file, key_file);
  identity.created = true;
  return identity;
}

}  // namespace tunedesk::services
