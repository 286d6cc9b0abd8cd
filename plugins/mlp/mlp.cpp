// Dense, ReLU, optional dropout, dense: the original study's head.

#include <torch/torch.h>

#include "pretext/head.h"

namespace {

class MlpHead : public pretext::Head {
 public:
  MlpHead(const pretext::Options& options, const pretext::Context& context) {
    int64_t hidden = options.integer("hidden");
    layers_ = register_module(
        "layers",
        torch::nn::Sequential(torch::nn::Linear(context.in_features, hidden),
                              torch::nn::ReLU(),
                              torch::nn::Dropout(options.number("dropout")),
                              torch::nn::Linear(hidden, context.out_features)));
  }

  torch::Tensor forward(torch::Tensor features) override {
    return layers_->forward(features);
  }

 private:
  torch::nn::Sequential layers_{nullptr};
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "mlp";
  info.kind = pretext::PluginKind::head;
  info.version = "1.0.0";
  info.summary = "dense, ReLU, dropout, dense";
  info.options = {
      pretext::option::integer("hidden", 256, "width of the hidden layer")
          .at_least(1),
      pretext::option::number("dropout", 0.0,
                              "dropout probability before the last layer")
          .at_least(0)
          .at_most(0.99),
  };
  info.create = pretext::factory_of<MlpHead>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
