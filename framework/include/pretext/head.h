// A head maps backbone features to task outputs.
#pragma once

#include <torch/nn/module.h>

#include "pretext/plugin.h"

namespace pretext {

/// Made with Context::in_features and Context::out_features set.
class Head : public Component, public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor features) = 0;
};

}  // namespace pretext
