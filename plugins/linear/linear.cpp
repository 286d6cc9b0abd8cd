// One dense layer from features to outputs: the linear probe's head.

#include <torch/torch.h>

#include "pretext/head.h"

namespace {

class LinearHead : public pretext::Head {
 public:
  LinearHead(const pretext::Options&, const pretext::Context& context) {
    layer_ = register_module(
        "layer", torch::nn::Linear(context.in_features, context.out_features));
  }

  torch::Tensor forward(torch::Tensor features) override {
    return layer_->forward(features);
  }

 private:
  torch::nn::Linear layer_{nullptr};
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "linear";
  info.kind = pretext::PluginKind::head;
  info.version = "1.0.0";
  info.summary = "a single dense layer (linear probe)";
  info.create = pretext::factory_of<LinearHead>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
