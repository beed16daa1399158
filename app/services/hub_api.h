// The two model hubs TuneDesk downloads from, as their HTTP APIs answer:
//   Hugging Face  GET {endpoint}/api/models/{id}/revision/{rev}?blobs=true
//                   {"sha", "siblings": [{"rfilename", "size", "blobId", "lfs": {"sha256", "size"}}]}
//                 GET {endpoint}/{id}/resolve/{rev}/{path}   (LFS files redirect to a CDN)
//                 endpoint: HF_ENDPOINT (a mirror) or https://huggingface.co; token: HF_TOKEN,
//                 HUGGING_FACE_HUB_TOKEN or the file `huggingface-cli login` writes
//   ModelScope    GET {endpoint}/api/v1/models/{id}/repo/files?Revision={rev}&Recursive=true
//                   {"Code": 200, "Data": {"Files": [{"Path", "Size", "Sha256", "Type"}]}}
//                 GET {endpoint}/api/v1/models/{id}/repo?Revision={rev}&FilePath={path}
//                 endpoint: MODELSCOPE_DOMAIN or www.modelscope.cn; token: MODELSCOPE_API_TOKEN
// (the shapes are those huggingface_hub's hf_api.py / file_download.py and
// modelscope's hub/api.py use). Both answer byte ranges, so a cut download resumes.
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>
#include <vector>

#include "services/service_error.h"

namespace tunedesk::services {

enum class HubKind { huggingface, modelscope };

// "hf" / "huggingface" / "modelscope" / "ms"; throws ServiceError otherwise.
HubKind parse_hub_kind(const QString& name);
QString hub_display_name(HubKind kind);  // "Hugging Face", "ModelScope"

struct HubFile {
  QString path;      // in the repository: "model-00001-of-00002.safetensors"
  qint64 size = -1;  // bytes; -1 when the listing does not say
  QString sha256;    // hex, of the content; empty when the listing has none
  QString git_sha1;  // Hugging Face's blobId of a file kept in git (not LFS): sha1 of "blob <size>\0" + content
};

struct HubRepo {
  HubKind kind = HubKind::huggingface;
  QString id;        // "Qwen/Qwen2.5-0.5B-Instruct"
  QString revision;  // a branch, tag or commit
  QString endpoint;  // "https://huggingface.co", without a trailing slash
  QString token;     // sent as "Authorization: Bearer …" to the hub itself, never to a CDN it redirects to

  QUrl listing_url() const;
  QUrl file_url(const QString& path) const;
};

// A repository on `kind`, its endpoint and token from the environment unless
// given (an empty token given: none at all); an empty revision is the hub's
// default branch (main / master). Throws ServiceError for an id that is not
// "owner/name".
HubRepo make_hub_repo(HubKind kind, const QString& id, const QString& revision = {}, const QString& endpoint = {},
                      const std::optional<QString>& token = std::nullopt);

// The files of a listing (directories left out). Throws ServiceError when
// the answer is not the shape the hub documents.
std::vector<HubFile> parse_hub_listing(HubKind kind, const QByteArray& json);

// The error for an HTTP failure of `what` (the listing, or a file's path):
// 401/403 (gated, private, a token missing or refused), 404, others.
// `error_code`: Hugging Face's X-Error-Code header ("GatedRepo", "RepoNotFound", …).
ServiceError hub_http_error(const HubRepo& repo, int status, const QByteArray& error_code, const QString& what);

}  // namespace tunedesk::services
