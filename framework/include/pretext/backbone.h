// A backbone maps images to feature vectors.
#pragma once

#include <map>
#include <string>

#include <torch/nn/module.h>

#include "pretext/plugin.h"

namespace pretext {

using StateDict = std::map<std::string, torch::Tensor>;

class Backbone : public Component, public torch::nn::Module {
 public:
  /// N x 3 x H x W images to N x feature_dim() features.
  virtual torch::Tensor forward(torch::Tensor images) = 0;
  virtual int64_t feature_dim() const = 0;
  /// Renames foreign parameter names (e.g. torchvision's) to this
  /// module's; returns an empty string for entries to drop.
  virtual std::string map_weight_name(const std::string& name) const;
};

/// Copies every parameter and buffer of `module`, detached and cloned.
StateDict state_dict(const torch::nn::Module& module);

/// Loads `weights` into `module`. Names go through `rename` when given.
/// Throws InputError naming `source` on a missing, unexpected or
/// mis-shaped entry.
void load_state_dict(
    torch::nn::Module& module, const StateDict& weights,
    const std::string& source,
    const std::function<std::string(const std::string&)>& rename = nullptr);

/// Reads a state dict saved by pretext or by Python's torch.save.
StateDict read_state_dict(const std::filesystem::path& path);

/// Precise batch norm: replaces the running statistics of every BatchNorm2d
/// in `module` by the equal-weight mean of the per-batch statistics of the
/// batches `next_inputs` yields (it fills its argument and returns false
/// when done), passed through `forward` in training mode without
/// gradients. Weights, momentum and modes are left as they were. Returns
/// how many inputs were seen; 0 without batch norms (nothing is run).
int64_t recompute_batch_norm(
    torch::nn::Module& module,
    const std::function<torch::Tensor(torch::Tensor)>& forward,
    const std::function<bool(torch::Tensor&)>& next_inputs);

/// Writes a state dict Python's torch.load can read; atomic.
void write_state_dict(const StateDict& weights,
                      const std::filesystem::path& path);

}  // namespace pretext
