#include "training/chat_model.h"

#include <algorithm>
#include <stdexcept>

#include "training/predict.h"

namespace tunedesk::training {

std::unique_ptr<ChatModel> ChatModel::open(const std::filesystem::path& path, const std::filesystem::path& base_override,
                                           const engine::ComputeTarget& target, const std::string& template_name,
                                           std::string_view decode_weights) {
  const engine::DecodeWeightsChoice weights = engine::choose_decode_weights(target, decode_weights);
  std::unique_ptr<ChatModel> chat(new ChatModel());
  chat->trained_ = open_trained(path, base_override, target);
  // After the adapter is attached (it reads the base weights' shapes), before any answer.
  chat->decode_weights_ = weights.reason;
  if (weights.format) {
    chat->trained_->model->pack_for_decoding(*weights.format);
    chat->decode_weights_ += std::string("; ") + chat->trained_->model->packed()->describe();
  }
  chat->tokenizer_.emplace(tok::Tokenizer::load(chat->trained_->model_dir));
  const std::optional<TrainedWith>& with = chat->trained_->trained_with;
  const std::string name = template_name.empty() && with ? with->chat_template : template_name;
  // A model without a recognisable template can still complete plain text.
  chat->template_ = name.empty() ? chat::detect_template(chat->trained_->model_dir)
                                 : &chat::choose_template(chat->trained_->model_dir, name);
  if (with) chat->trained_system_ = with->system_instruction;
  const engine::CausalLM& model = *chat->trained_->model;
  if (chat->template_) chat->stop_ids_ = chat_stop_ids(model, *chat->tokenizer_, *chat->template_);
  else chat->stop_ids_.assign(model.config().eos_token_ids.begin(), model.config().eos_token_ids.end());
  return chat;
}

std::vector<int64_t> ChatModel::prompt_ids(const std::vector<chat::Message>& messages, bool use_trained_system) const {
  if (!template_)
    throw std::invalid_argument("no chat template recognised in " + trained_->model_dir.string() +
                                "; name one (--template)");
  chat::ChatRequest request;
  const bool has_system = std::any_of(messages.begin(), messages.end(), [](const chat::Message& m) { return m.role == "system"; });
  if (!has_system && use_trained_system && !trained_system_.empty()) request.messages.push_back({"system", trained_system_});
  request.messages.insert(request.messages.end(), messages.begin(), messages.end());
  request.add_generation_prompt = true;
  const std::vector<int32_t> ids = chat::render(*template_, *tokenizer_, request).ids;
  return {ids.begin(), ids.end()};
}

engine::GenerationResult ChatModel::reply(const std::vector<int64_t>& prompt, engine::GenerationOptions options) const {
  for (int64_t id : stop_ids_)
    if (std::find(options.stop_ids.begin(), options.stop_ids.end(), id) == options.stop_ids.end()) options.stop_ids.push_back(id);
  return engine::generate(*trained_->model, &*tokenizer_, prompt, options);
}

}  // namespace tunedesk::training
