#include "services/multipart.h"

#include <QUrl>

#include <optional>

#include "services/service_error.h"

namespace tunedesk::services {
namespace {

// A parameter of a header value (`boundary=...`, `name="..."`), quoted or not.
std::optional<QByteArray> parameter(const QByteArray& header, const QByteArray& key) {
  qsizetype i = 0;
  while ((i = header.indexOf(key + "=", i)) >= 0) {
    // Only at the start of a parameter (not "filename=" when asking for "name=").
    const bool starts = i == 0 || header[i - 1] == ';' || header[i - 1] == ' ' || header[i - 1] == '\t';
    qsizetype p = i + key.size() + 1;
    i = p;
    if (!starts) continue;
    if (p < header.size() && header[p] == '"') {
      QByteArray value;
      for (++p; p < header.size() && header[p] != '"'; ++p) {
        if (header[p] == '\\' && p + 1 < header.size()) ++p;
        value += header[p];
      }
      if (p >= header.size()) throw ServiceError("unterminated quoted " + key.toStdString() + " in '" + header.toStdString() + "'");
      return value;
    }
    const qsizetype end = header.indexOf(';', p);
    return header.mid(p, end < 0 ? -1 : end - p).trimmed();
  }
  return std::nullopt;
}

}  // namespace

std::vector<FormPart> parse_multipart(const QByteArray& content_type, const QByteArray& body) {
  if (!content_type.trimmed().toLower().startsWith("multipart/form-data"))
    throw ServiceError("expected Content-Type: multipart/form-data, not '" + content_type.toStdString() + "'");
  const std::optional<QByteArray> boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->isEmpty() || boundary->size() > 200)
    throw ServiceError("the multipart Content-Type has no usable boundary");
  const QByteArray delimiter = "--" + *boundary;

  std::vector<FormPart> parts;
  qsizetype pos = body.indexOf(delimiter);
  if (pos < 0) throw ServiceError("the body has no multipart delimiter");
  for (;;) {
    pos += delimiter.size();
    if (body.mid(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.mid(pos, 2) != "\r\n") throw ServiceError("a multipart delimiter is not followed by a line break");
    pos += 2;
    const qsizetype headers_end = body.indexOf("\r\n\r\n", pos);
    if (headers_end < 0) throw ServiceError("a multipart part has no end of headers");
    FormPart part;
    bool disposition = false;
    for (const QByteArray& line : body.mid(pos, headers_end - pos).split('\n')) {
      const QByteArray h = line.trimmed();
      const qsizetype colon = h.indexOf(':');
      if (colon < 0) continue;
      const QByteArray key = h.left(colon).trimmed().toLower(), value = h.mid(colon + 1).trimmed();
      if (key == "content-disposition") {
        if (!value.toLower().startsWith("form-data")) throw ServiceError("a part is not form-data: '" + value.toStdString() + "'");
        disposition = true;
        part.name = QString::fromUtf8(parameter(value, "name").value_or(QByteArray()));
        if (const auto extended = parameter(value, "filename*"); extended && extended->toLower().startsWith("utf-8''"))
          part.file_name = QUrl::fromPercentEncoding(extended->mid(7));
        else if (const auto plain = parameter(value, "filename")) part.file_name = QString::fromUtf8(*plain);
      } else if (key == "content-type") {
        part.content_type = value;
      }
    }
    if (!disposition) throw ServiceError("a multipart part has no Content-Disposition header");
    const qsizetype data_start = headers_end + 4;
    const qsizetype next = body.indexOf("\r\n" + delimiter, data_start);
    if (next < 0) throw ServiceError("the multipart body ends before its closing delimiter (a truncated upload?)");
    part.data = body.mid(data_start, next - data_start);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace tunedesk::services
