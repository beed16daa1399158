// The engine against Hugging Face transformers itself: every fixture in
// tests/fixtures/hf_goldens/ was written by transformers' own classes
// (tools/reference/make_goldens.py), with the logits transformers computes
// for fixed id sequences and its greedy generate continuation. Each is
// loaded with config.json as transformers 5 writes it and with the legacy
// form (config.legacy.json) hub repositories still carry.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

#include "data/test_support.h"
#include "engine/causal_lm.h"
#include "engine/generation.h"
#include "model/safetensors.h"

using namespace tunedesk;
using nlohmann::json;

namespace {

// Every family the engine runs, every RoPE scaling it implements, tied
// embeddings, attention biases, sliding windows (all layers, some layers),
// a sharded and a bf16-stored checkpoint. ChatGLMModel is not here: it is
// remote code, not part of transformers (families_test.cpp checks it).
const char* const kFixtures[] = {"llama",       "llama-tied", "llama-bias", "llama-linear", "llama-dynamic",
                                 "llama-yarn",  "llama-llama3", "mistral",  "qwen2",        "qwen2-sliding",
                                 "qwen3",       "glm",        "glm4",         "phi3"};

std::filesystem::path goldens_dir() { return test::fixture("hf_goldens"); }

at::Tensor tensor_of(const model::SafetensorsFile& file, const std::string& name) {
  const model::TensorView* v = file.find(name);
  if (!v) throw std::runtime_error(file.path().string() + ": no " + name);
  const auto type = v->dtype == model::DType::i64 ? torch::kLong : torch::kFloat;
  return torch::from_blob(const_cast<char*>(v->bytes.data()), v->shape, type).clone();
}

std::vector<int64_t> ids_of(const at::Tensor& t) {
  const at::Tensor c = t.contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

// The model folder with `config_file` as its config.json: the folder itself,
// or a copy of it in `scratch` with the other form.
std::filesystem::path with_config(const std::filesystem::path& folder, const std::string& config_file,
                                  const test::TempDir& scratch) {
  if (config_file == "config.json") return folder;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("config.", 0) == 0 || name.rfind("golden", 0) == 0) continue;
    std::filesystem::copy_file(entry.path(), scratch / name);
  }
  std::filesystem::copy_file(folder / config_file, scratch / "config.json");
  return scratch.path();
}

// The largest difference relative to the golden's largest magnitude.
double relative_error(const at::Tensor& got, const at::Tensor& want) {
  return (got - want).abs().max().item<double>() / want.abs().max().item<double>();
}

// Compares the engine with one golden folder: logits and greedy ids.
void expect_matches_golden(const std::filesystem::path& folder, const std::string& config_file) {
  SCOPED_TRACE(folder.string() + " with " + config_file);
  const json manifest = json::parse(test::read_bytes(folder / "golden.json"));
  const model::SafetensorsFile golden(folder / "golden.safetensors");
  const test::TempDir scratch;
  engine::ComputeTarget cpu;
  cpu.device = torch::kCPU;
  cpu.dtype = torch::kFloat;
  const engine::CausalLM m = engine::CausalLM::load(with_config(folder, config_file, scratch), cpu);
  EXPECT_EQ(m.config().architecture, manifest["architecture"].get<std::string>());
  EXPECT_TRUE(m.load_report().unexpected.empty()) << "weights the engine did not use: " << m.load_report().unexpected.front();

  torch::NoGradGuard no_grad;
  const std::size_t n = manifest["sequences"].size();
  ASSERT_GT(n, 0u);
  for (std::size_t i = 0; i < n; ++i) {
    const at::Tensor ids = tensor_of(golden, "ids." + std::to_string(i));
    const at::Tensor want = tensor_of(golden, "logits." + std::to_string(i));
    const at::Tensor got = m.forward(ids.unsqueeze(0))[0];
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_LE(relative_error(got, want), 1e-4) << "sequence " << i << " of " << ids.numel() << " ids";
  }

  engine::GenerationOptions options;
  options.max_new_tokens = manifest["generate"]["max_new_tokens"].get<int64_t>();
  options.stop_ids = manifest["eos_token_ids"].get<std::vector<int64_t>>();
  const engine::GenerationResult r = engine::generate(m, nullptr, ids_of(tensor_of(golden, "prompt")), options);
  EXPECT_EQ(r.ids, ids_of(tensor_of(golden, "generated"))) << "greedy continuation";
}

class HfGolden : public ::testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(HfGolden, EngineMatchesTransformers) {
  const auto [name, config_file] = GetParam();
  const std::filesystem::path folder = goldens_dir() / name;
  ASSERT_TRUE(std::filesystem::exists(folder / "golden.json")) << folder << " is missing; run tools/reference/make-goldens.sh";
  expect_matches_golden(folder, config_file);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, HfGolden,
                         ::testing::Combine(::testing::ValuesIn(kFixtures),
                                            ::testing::Values("config.json", "config.legacy.json")),
                         [](const auto& p) {
                           std::string name = std::string(std::get<0>(p.param)) +
                                              (std::string(std::get<1>(p.param)) == "config.json" ? "_v5" : "_legacy");
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

// The fixtures cover what they claim: every transformers family the engine
// runs and every RoPE scaling it implements, in both config forms.
TEST(HfGoldens, CoverEveryFamilyAndRopeScaling) {
  std::set<std::string> architectures, scalings, dtypes;
  bool tied = false, sharded = false, windowed = false, partly_windowed = false;
  for (const char* name : kFixtures) {
    const model::ModelConfig c = model::load_model_config(goldens_dir() / name);
    architectures.insert(c.architecture);
    scalings.insert(c.rope_scaling ? c.rope_scaling->type : "default");
    dtypes.insert(c.torch_dtype);
    tied |= c.tie_word_embeddings;
    sharded |= std::filesystem::exists(goldens_dir() / name / "model.safetensors.index.json");
    const auto windows = std::count_if(c.layer_window.begin(), c.layer_window.end(), [](int64_t w) { return w > 0; });
    windowed |= windows == c.num_layers;
    partly_windowed |= windows > 0 && windows < c.num_layers;
    const json v5 = json::parse(test::read_bytes(goldens_dir() / name / "config.json"));
    const json legacy = json::parse(test::read_bytes(goldens_dir() / name / "config.legacy.json"));
    EXPECT_TRUE(v5.contains("rope_parameters") && !v5.contains("rope_theta")) << name << ": config.json is not in transformers 5 form";
    EXPECT_TRUE(legacy.contains("rope_theta") && !legacy.contains("rope_parameters")) << name << ": config.legacy.json is not legacy";
  }
  for (model::Arch a : model::kArchs) {  // all but ChatGLMModel's original layout, which transformers does not have
    if (a == model::Arch::chatglm) continue;
    EXPECT_TRUE(architectures.count(model::arch_name(a))) << model::arch_name(a);
  }
  EXPECT_EQ(scalings, (std::set<std::string>{"default", "linear", "dynamic", "yarn", "llama3"}));
  EXPECT_TRUE(dtypes.count("bfloat16"));
  EXPECT_TRUE(tied && sharded && windowed && partly_windowed);
}

// Folders written elsewhere with goldens made the same way (the reference
// root's checks of what TuneDesk writes: tools/reference/check-folders.sh):
// TUNEDESK_GOLDEN_DIRS=DIR[:DIR...].
TEST(HfGoldens, ExtraFoldersFromTheReferenceRoot) {
  const char* dirs = std::getenv("TUNEDESK_GOLDEN_DIRS");
  if (!dirs || !*dirs) GTEST_SKIP() << "TUNEDESK_GOLDEN_DIRS is not set (tools/reference/check-folders.sh sets it)";
  std::string all = dirs;
  std::size_t start = 0;
  while (start <= all.size()) {
    const std::size_t end = std::min(all.find(':', start), all.size());
    if (end > start) expect_matches_golden(all.substr(start, end - start), "config.json");
    start = end + 1;
  }
}

}  // namespace
