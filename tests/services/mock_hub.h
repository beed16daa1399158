// A model hub on loopback for the download tests: one folder served as the
// repository "tiny/model" through both Hugging Face's and ModelScope's API
// shapes (file list with sizes and checksums; files with byte ranges, ETags;
// Hugging Face's LFS files redirected to a "CDN" on another host name,
// localhost instead of 127.0.0.1, so that a token sent there would show).
// Plain HTTP/1.1 over QTcpServer, one request per connection, so that a
// connection can be cut in the middle of a file.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTcpServer>

class QTcpSocket;

namespace tunedesk::test {

class MockHub : public QObject {
 public:
  explicit MockHub(const QString& model_dir);

  QString hf_endpoint() const;          // http://127.0.0.1:PORT/hf
  QString modelscope_endpoint() const;  // http://127.0.0.1:PORT/ms

  // Behaviours a test sets.
  QString token;              // when set, the hub (not the CDN) answers 401 without "Authorization: Bearer <token>"
  bool gated = false;         // Hugging Face: file requests get 403 with X-Error-Code: GatedRepo
  QString cut_file;           // requests for this file go silent after `cut_after` bytes,
  qint64 cut_after = 0;       //   `cut_times` times
  int cut_times = 0;
  QString corrupt_file;       // this file is served with a byte changed, `corrupt_times` times
  int corrupt_times = 0;
  QStringList unlisted;       // files the listing leaves out (and will not serve)
  QHash<QString, QByteArray> extra_files;  // more files listed and served

  // What happened.
  QHash<QString, qint64> bytes_served;    // file bytes sent, by path
  QHash<QString, int> file_requests;      // by path
  int listing_requests = 0;
  bool token_sent_to_cdn = false;

 private:
  struct Request {
    QByteArray method, path;  // path without the query
    QHash<QByteArray, QByteArray> query, headers;  // header names lower case
  };
  void serve(QTcpSocket* socket, const Request& request);
  void send_file(QTcpSocket* socket, const Request& request, const QString& path);
  QByteArray content(const QString& path) const;  // the bytes of a listed file
  QStringList files() const;                       // the listed files
  QByteArray hf_listing() const;
  QByteArray modelscope_listing() const;

  QHash<QTcpSocket*, QByteArray> buffers_;  // what each connection has sent so far (outlives server_'s sockets)
  QTcpServer server_;
  QDir model_;
};

}  // namespace tunedesk::test
