#include "engine/tensor_io.h"

#include <torch/torch.h>

#include <stdexcept>

namespace tunedesk::engine {

c10::ScalarType torch_dtype(model::DType d) {
  switch (d) {
    case model::DType::f64: return c10::kDouble;
    case model::DType::f32: return c10::kFloat;
    case model::DType::f16: return c10::kHalf;
    case model::DType::bf16: return c10::kBFloat16;
    case model::DType::i64: return c10::kLong;
    case model::DType::i32: return c10::kInt;
    case model::DType::i16: return c10::kShort;
    case model::DType::i8: return c10::kChar;
    case model::DType::u8: return c10::kByte;
    case model::DType::boolean: return c10::kBool;
  }
  return c10::kFloat;
}

model::DType file_dtype(c10::ScalarType t) {
  switch (t) {
    case c10::kDouble: return model::DType::f64;
    case c10::kFloat: return model::DType::f32;
    case c10::kHalf: return model::DType::f16;
    case c10::kBFloat16: return model::DType::bf16;
    case c10::kLong: return model::DType::i64;
    case c10::kInt: return model::DType::i32;
    case c10::kShort: return model::DType::i16;
    case c10::kChar: return model::DType::i8;
    case c10::kByte: return model::DType::u8;
    case c10::kBool: return model::DType::boolean;
    default: throw std::invalid_argument(std::string("no safetensors dtype for ") + c10::toString(t));
  }
}

at::Tensor float_tensor(const model::TensorView& view) {
  if (view.dtype != model::DType::f32 && view.dtype != model::DType::bf16 && view.dtype != model::DType::f16)
    throw std::runtime_error("tensor " + view.name + " has dtype " + std::string(model::dtype_name(view.dtype)) +
                             "; expected F32, BF16 or F16");
  // from_blob needs no alignment for a copy that goes through .to(); clone() detaches it from the mapping.
  const at::Tensor mapped = torch::from_blob(const_cast<char*>(view.bytes.data()), view.shape,
                                             torch::TensorOptions().dtype(torch_dtype(view.dtype)));
  return view.dtype == model::DType::f32 ? mapped.clone() : mapped.to(torch::kFloat);
}

std::string tensor_bytes(const at::Tensor& t, model::DType dtype) {
  const at::Tensor cpu = t.detach().to(torch::kCPU, torch_dtype(dtype)).contiguous();
  return {static_cast<const char*>(cpu.data_ptr()), static_cast<std::size_t>(cpu.numel()) * cpu.element_size()};
}

}  // namespace tunedesk::engine
