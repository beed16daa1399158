// Between libtorch tensors and the safetensors files TuneDesk reads and
// writes: dtype mapping, views as tensors, tensors as bytes.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

#include "model/safetensors.h"

namespace tunedesk::engine {

c10::ScalarType torch_dtype(model::DType d);
model::DType file_dtype(c10::ScalarType t);  // throws std::invalid_argument for a type safetensors lacks here

// A copy of a floating-point view (F32, BF16, F16) as an fp32 tensor on the
// CPU. Throws std::runtime_error, naming the tensor, for other dtypes.
at::Tensor float_tensor(const model::TensorView& view);

// The tensor's values in `dtype`, contiguous, on the CPU, as raw bytes.
std::string tensor_bytes(const at::Tensor& t, model::DType dtype);

}  // namespace tunedesk::engine
