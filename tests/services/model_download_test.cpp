// Downloading models against a mock hub on loopback (tests/services/mock_hub.h),
// through both Hugging Face's and ModelScope's API shapes: a whole download,
// a connection cut mid-file (resumed without fetching a byte twice, in the
// same run and in a later one), a corrupted file, a token missing, a gated
// model, an unknown repository, no safetensors, an architecture TuneDesk
// does not run (refused before any weights are fetched).
#include "services/model_download.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <optional>

#include "model/tiny_model.h"
#include "services/mock_hub.h"
#include "services/model_registry.h"

using namespace tunedesk;
using namespace tunedesk::services;
using tunedesk::test::MockHub;

namespace {

struct Outcome {
  QString folder;                          // finished
  std::optional<DownloadFailure> failure;  // failed
  std::vector<DownloadProgress> progress;
};

// A tiny Llama in two safetensors shards (with their index), as a hub holds one.
QString make_model(const QTemporaryDir& dir, const char* architecture = nullptr) {
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  spec.shards = 2;
  const QString path = dir.filePath("hub-model");
  model::write_tiny_model(path.toStdString(), spec);
  if (architecture) {
    QFile config(path + "/config.json");
    config.open(QIODevice::ReadOnly);
    QByteArray text = config.readAll();
    config.close();
    text.replace("LlamaForCausalLM", architecture);
    config.open(QIODevice::WriteOnly | QIODevice::Truncate);
    config.write(text);
  }
  return path;
}

Outcome run(ModelDownload& download, int timeout_ms = 60000) {
  Outcome out;
  QEventLoop loop;
  QObject::connect(&download, &ModelDownload::progress, [&](const DownloadProgress& p) { out.progress.push_back(p); });
  QObject::connect(&download, &ModelDownload::finished, [&](const QString& folder) {
    out.folder = folder;
    loop.quit();
  });
  QObject::connect(&download, &ModelDownload::failed, [&](const DownloadFailure& f) {
    out.failure = f;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, [&] {
    ADD_FAILURE() << "the download did not end";
    loop.quit();
  });
  download.start();
  loop.exec();
  return out;
}

Outcome download(HubKind kind, const MockHub& hub, const QString& folder, const QString& token = {}, const QString& id = "tiny/model") {
  const QString endpoint = kind == HubKind::huggingface ? hub.hf_endpoint() : hub.modelscope_endpoint();
  // No token unless given; a stalled connection given up on quickly.
  ModelDownload d({make_hub_repo(kind, id, {}, endpoint, token), folder, 3, 400});
  return run(d);
}

QByteArray read(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

class ModelDownloadTest : public ::testing::TestWithParam<HubKind> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    model_ = make_model(dir_);
  }
  QString folder(const QString& name = "downloaded") const { return dir_.filePath(name); }

  QTemporaryDir dir_;
  QString model_;
};

}  // namespace

TEST_P(ModelDownloadTest, AWholeModelArrivesAsTheHubHasIt) {
  MockHub hub(model_);
  hub.extra_files["pytorch_model.bin"] = QByteArray(4096, 'x');  // a duplicate TuneDesk does not need
  hub.extra_files["onnx/model.onnx"] = QByteArray(4096, 'y');
  const Outcome out = download(GetParam(), hub, folder());
  ASSERT_FALSE(out.failure) << out.failure->message.toStdString();
  EXPECT_EQ(out.folder, folder());
  EXPECT_FALSE(QFileInfo::exists(ModelDownload::incomplete_folder(folder())));
  for (const QString& name : QDir(model_).entryList(QDir::Files))
    EXPECT_EQ(read(folder() + "/" + name), read(model_ + "/" + name)) << name.toStdString();
  EXPECT_FALSE(QFileInfo::exists(folder() + "/pytorch_model.bin"));
  EXPECT_EQ(hub.file_requests.value("pytorch_model.bin"), 0);
  EXPECT_EQ(hub.file_requests.value("onnx/model.onnx"), 0);
  EXPECT_NO_THROW(inspect_model_folder(folder()));  // a model TuneDesk can add
  // Each file fetched once, and the progress got to the end.
  for (auto it = hub.bytes_served.begin(); it != hub.bytes_served.end(); ++it)
    EXPECT_EQ(it.value(), QFileInfo(model_ + "/" + it.key()).size()) << it.key().toStdString();
  ASSERT_FALSE(out.progress.empty());
  EXPECT_EQ(out.progress.back().stage, DownloadProgress::Stage::done);
  EXPECT_EQ(out.progress.back().bytes_done, out.progress.back().bytes_total);
  EXPECT_EQ(out.progress.back().files_done, QDir(model_).entryList(QDir::Files).size());
}

TEST_P(ModelDownloadTest, AConnectionCutMidFileIsResumedWithoutFetchingAByteTwice) {
  MockHub hub(model_);
  hub.cut_file = "model-00001-of-00002.safetensors";
  hub.cut_after = 5000;
  hub.cut_times = 2;
  const Outcome out = download(GetParam(), hub, folder());
  ASSERT_FALSE(out.failure) << out.failure->message.toStdString();
  EXPECT_EQ(read(folder() + "/" + hub.cut_file), read(model_ + "/" + hub.cut_file));
  EXPECT_EQ(hub.file_requests.value(hub.cut_file), 3);
  EXPECT_EQ(hub.bytes_served.value(hub.cut_file), QFileInfo(model_ + "/" + hub.cut_file).size());
}

TEST_P(ModelDownloadTest, ADownloadThatGaveUpResumesInTheNextRun) {
  MockHub hub(model_);
  hub.cut_file = "model-00002-of-00002.safetensors";
  hub.cut_after = 3000;
  hub.cut_times = 100;
  const Outcome first = download(GetParam(), hub, folder());
  ASSERT_TRUE(first.failure);
  EXPECT_EQ(first.failure->kind, "hub.network") << first.failure->message.toStdString();
  EXPECT_FALSE(QFileInfo::exists(folder()));  // not a model yet
  EXPECT_TRUE(QFileInfo::exists(ModelDownload::incomplete_folder(folder()) + "/" + hub.cut_file + ".part"));
  const qint64 before = hub.bytes_served.value(hub.cut_file);
  EXPECT_EQ(before, 4 * 3000);  // the first try and three resumed ones, each cut

  hub.cut_times = 0;
  const int small_requests = hub.file_requests.value("config.json");
  const Outcome second = download(GetParam(), hub, folder());
  ASSERT_FALSE(second.failure) << second.failure->message.toStdString();
  EXPECT_EQ(read(folder() + "/" + hub.cut_file), read(model_ + "/" + hub.cut_file));
  EXPECT_EQ(hub.bytes_served.value(hub.cut_file), QFileInfo(model_ + "/" + hub.cut_file).size());
  EXPECT_EQ(hub.file_requests.value("config.json"), small_requests);  // whole files are not fetched again
}

TEST_P(ModelDownloadTest, ACorruptedFileIsFetchedAgainThenRefused) {
  MockHub hub(model_);
  hub.corrupt_file = "model-00001-of-00002.safetensors";
  hub.corrupt_times = 1;
  const Outcome once = download(GetParam(), hub, folder());
  ASSERT_FALSE(once.failure) << once.failure->message.toStdString();
  EXPECT_EQ(read(folder() + "/" + hub.corrupt_file), read(model_ + "/" + hub.corrupt_file));
  EXPECT_EQ(hub.file_requests.value(hub.corrupt_file), 2);

  hub.corrupt_file = "tokenizer.json";  // checked too (Hugging Face: by its git blob sha1)
  hub.corrupt_times = 5;
  const Outcome always = download(GetParam(), hub, folder("again"));
  ASSERT_TRUE(always.failure);
  EXPECT_EQ(always.failure->kind, "hub.checksum");
  EXPECT_TRUE(always.failure->message.contains("tokenizer.json")) << always.failure->message.toStdString();
  EXPECT_FALSE(QFileInfo::exists(folder("again")));
}

TEST_P(ModelDownloadTest, TokensAreAskedForAndNeverSentToTheCdn) {
  MockHub hub(model_);
  hub.token = "secret";
  const Outcome without = download(GetParam(), hub, folder());
  ASSERT_TRUE(without.failure);
  EXPECT_EQ(without.failure->kind, "hub.unauthorized");
  EXPECT_TRUE(without.failure->message.contains(GetParam() == HubKind::huggingface ? "HF_TOKEN" : "MODELSCOPE_API_TOKEN"));
  const Outcome with = download(GetParam(), hub, folder(), "secret");
  ASSERT_FALSE(with.failure) << with.failure->message.toStdString();
  EXPECT_FALSE(hub.token_sent_to_cdn);
}

TEST_P(ModelDownloadTest, UnknownRepositoriesAndModelsWithoutSafetensorsAreSaidUpFront) {
  MockHub hub(model_);
  const Outcome unknown = download(GetParam(), hub, folder(), {}, "tiny/nope");
  ASSERT_TRUE(unknown.failure);
  EXPECT_EQ(unknown.failure->kind, "hub.not_found") << unknown.failure->message.toStdString();

  for (const QString& name : QDir(model_).entryList({"*.safetensors", "*.index.json"}, QDir::Files)) hub.unlisted << name;
  hub.extra_files["pytorch_model.bin"] = QByteArray(4096, 'x');
  const Outcome bin_only = download(GetParam(), hub, folder());
  ASSERT_TRUE(bin_only.failure);
  EXPECT_EQ(bin_only.failure->kind, "hub.no_safetensors");
  EXPECT_TRUE(bin_only.failure->message.contains("pytorch_model.bin")) << bin_only.failure->message.toStdString();
  EXPECT_TRUE(hub.file_requests.isEmpty());
}

TEST_P(ModelDownloadTest, AnArchitectureTuneDeskDoesNotRunIsRefusedBeforeTheWeights) {
  QTemporaryDir other;
  MockHub hub(make_model(other, "BertForMaskedLM"));
  const Outcome out = download(GetParam(), hub, folder());
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->kind, "model.unsupported_architecture");
  EXPECT_TRUE(out.failure->message.contains("BertForMaskedLM"));
  qint64 weights = 0;
  for (auto it = hub.bytes_served.begin(); it != hub.bytes_served.end(); ++it)
    if (it.key().endsWith(".safetensors")) weights += it.value();
  EXPECT_EQ(weights, 0);
}

TEST_P(ModelDownloadTest, AFolderThatExistsIsNotOverwritten) {
  MockHub hub(model_);
  QDir().mkpath(folder());
  const Outcome out = download(GetParam(), hub, folder());
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->kind, "hub.exists");
  EXPECT_EQ(hub.listing_requests, 0);
}

INSTANTIATE_TEST_SUITE_P(Hubs, ModelDownloadTest, ::testing::Values(HubKind::huggingface, HubKind::modelscope),
                         [](const auto& hub) { return hub.param == HubKind::huggingface ? "HuggingFace" : "ModelScope"; });

TEST(ModelDownload, GatedModelsNeedTheirTermsAccepted) {
  QTemporaryDir dir;
  MockHub hub(make_model(dir));
  hub.gated = true;
  const Outcome out = download(HubKind::huggingface, hub, dir.filePath("x"), "a-token");
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->kind, "hub.forbidden");
  EXPECT_TRUE(out.failure->message.contains("accept its terms")) << out.failure->message.toStdString();
}

TEST(HubApi, UrlsAndIds) {
  const HubRepo hf = make_hub_repo(HubKind::huggingface, "Qwen/Qwen2.5-0.5B-Instruct", {}, "https://hf-mirror.com/", "t");
  EXPECT_EQ(hf.listing_url().toString(), "https://hf-mirror.com/api/models/Qwen/Qwen2.5-0.5B-Instruct/revision/main?blobs=true");
  EXPECT_EQ(hf.file_url("model-00001-of-00002.safetensors").toString(),
            "https://hf-mirror.com/Qwen/Qwen2.5-0.5B-Instruct/resolve/main/model-00001-of-00002.safetensors");
  const HubRepo ms = make_hub_repo(HubKind::modelscope, "ZhipuAI/glm-4-9b-chat", "v1.0", "https://www.modelscope.cn", "t");
  EXPECT_EQ(ms.listing_url().toString(), "https://www.modelscope.cn/api/v1/models/ZhipuAI/glm-4-9b-chat/repo/files?Revision=v1.0&Recursive=true");
  EXPECT_EQ(ms.file_url("config.json").toString(),
            "https://www.modelscope.cn/api/v1/models/ZhipuAI/glm-4-9b-chat/repo?Revision=v1.0&FilePath=config.json");
  for (const char* bad : {"", "qwen", "a/b/c", "../x", "a/..", "a b/c"})
    EXPECT_THROW(make_hub_repo(HubKind::huggingface, bad, {}, "https://x", "t"), ServiceError) << bad;
  EXPECT_EQ(parse_hub_kind("ms"), HubKind::modelscope);
  EXPECT_THROW(parse_hub_kind("gitee"), ServiceError);
}

TEST(HubApi, EndpointsAndTokensComeFromTheEnvironment) {
  qputenv("HF_ENDPOINT", "https://hf-mirror.com");
  qputenv("HF_TOKEN", "hf_abc");
  qputenv("MODELSCOPE_DOMAIN", "modelscope.example");
  const HubRepo hf = make_hub_repo(HubKind::huggingface, "a/b");
  EXPECT_EQ(hf.endpoint, "https://hf-mirror.com");
  EXPECT_EQ(hf.token, "hf_abc");
  EXPECT_EQ(make_hub_repo(HubKind::modelscope, "a/b").endpoint, "https://modelscope.example");
  EXPECT_EQ(make_hub_repo(HubKind::modelscope, "a/b").revision, "master");
  qunsetenv("HF_ENDPOINT");
  qunsetenv("HF_TOKEN");
  qunsetenv("MODELSCOPE_DOMAIN");
  EXPECT_EQ(make_hub_repo(HubKind::huggingface, "a/b").endpoint, "https://huggingface.co");
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
