// bfloat16 autocast for the forward passes inside a scope.
#pragma once

#include <ATen/autocast_mode.h>
#include <torch/types.h>

namespace pretext {

/// While alive and enabled, convolutions and matrix products run in bf16
/// (AMX or AVX-512 BF16 on recent CPUs, tensor cores on GPUs); weights and
/// optimizer state stay fp32. Restores the state it found, so scopes nest.
class Autocast {
 public:
  Autocast(torch::Device device, bool enabled)
      : cuda_(device.is_cuda()), enabled_(enabled) {
    if (!enabled_) return;
    was_enabled_ =
        cuda_ ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
    old_dtype_ = cuda_ ? at::autocast::get_autocast_gpu_dtype()
                       : at::autocast::get_autocast_cpu_dtype();
    set(true, torch::kBFloat16);
    at::autocast::increment_nesting();
  }
  ~Autocast() {
    if (!enabled_) return;
    // The bf16 copies of weights are cached per outermost scope: the
    // optimizer changes the weights between scopes.
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    set(was_enabled_, old_dtype_);
  }
  Autocast(const Autocast&) = delete;
  Autocast& operator=(const Autocast&) = delete;

 private:
  void set(bool on, at::ScalarType dtype) const {
    if (cuda_) {
      at::autocast::set_autocast_gpu_dtype(dtype);
      at::autocast::set_enabled(on);
    } else {
      at::autocast::set_autocast_cpu_dtype(dtype);
      at::autocast::set_cpu_enabled(on);
    }
  }

  bool cuda_;
  bool enabled_;
  bool was_enabled_ = false;
  at::ScalarType old_dtype_ = torch::kBFloat16;
};

}  // namespace pretext
