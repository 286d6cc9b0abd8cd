// Optimizer plugins make a LibTorch optimizer over parameter groups.
#pragma once

#include <memory>
#include <vector>

#include <torch/optim/optimizer.h>

#include "pretext/plugin.h"

namespace pretext {

/// A set of parameters trained at `lr_scale` times the base rate.
struct ParamGroup {
  std::vector<torch::Tensor> params;
  double lr_scale = 1.0;
};

class Optimizer : public Component {
 public:
  /// The base learning rate schedulers scale.
  virtual double learning_rate() const = 0;
  /// Makes the optimizer; group i starts at learning_rate() * lr_scale.
  virtual std::unique_ptr<torch::optim::Optimizer> create(
      const std::vector<ParamGroup>& groups) const = 0;
};

}  // namespace pretext
