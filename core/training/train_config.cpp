#include "training/train_config.h"

#include "util/utf8.h"

namespace tunedesk::training {

const char* method_name(Method m) {
  switch (m) {
    case Method::lora: return "lora";
    case Method::ptuning_v2: return "ptuning_v2";
    case Method::full: return "sft";
  }
  return "lora";
}

std::optional<Method> parse_method(std::string_view name) {
  const std::string n = utf8::ascii_lower(name);
  if (n == "lora") return Method::lora;
  if (n == "ptuning_v2" || n == "p-tuning-v2" || n == "ptuning-v2" || n == "prefix_tuning") return Method::ptuning_v2;
  if (n == "sft" || n == "full" || n == "full_sft") return Method::full;
  return std::nullopt;
}

const char* schedule_name(Schedule s) {
  switch (s) {
    case Schedule::constant: return "constant";
    case Schedule::linear: return "linear";
    case Schedule::cosine: return "cosine";
  }
  return "cosine";
}

std::optional<Schedule> parse_schedule(std::string_view name) {
  const std::string n = utf8::ascii_lower(name);
  if (n == "constant" || n == "constant_with_warmup") return Schedule::constant;
  if (n == "linear") return Schedule::linear;
  if (n == "cosine") return Schedule::cosine;
  return std::nullopt;
}

}  // namespace tunedesk::training
