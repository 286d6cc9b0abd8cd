// Adam (Kingma and Ba 2015); `decoupled: true` makes it AdamW.

#include <torch/torch.h>

#include "pretext/optimizer.h"

namespace {

template <typename TorchOptimizer, typename TorchOptions>
class AdamFamily : public pretext::Optimizer {
 public:
  AdamFamily(const pretext::Options& options, const pretext::Context&)
      : lr_(options.number("lr")),
        beta1_(options.number("beta1")),
        beta2_(options.number("beta2")),
        weight_decay_(options.number("weight_decay")) {}

  double learning_rate() const override { return lr_; }

  std::unique_ptr<torch::optim::Optimizer> create(
      const std::vector<pretext::ParamGroup>& groups) const override {
    std::vector<torch::optim::OptimizerParamGroup> torch_groups;
    for (const auto& group : groups)
      torch_groups.emplace_back(group.params,
                                std::make_unique<TorchOptions>(
                                    options_with_lr(lr_ * group.lr_scale)));
    return std::make_unique<TorchOptimizer>(torch_groups, options_with_lr(lr_));
  }

 private:
  TorchOptions options_with_lr(double lr) const {
    return TorchOptions(lr)
        .betas(std::make_tuple(beta1_, beta2_))
        .weight_decay(weight_decay_);
  }

  double lr_, beta1_, beta2_, weight_decay_;
};

std::vector<pretext::OptionSpec> adam_options(double weight_decay) {
  return {
      pretext::option::number("lr", 1e-3, "base learning rate").above(0),
      pretext::option::number("beta1", 0.9, "decay of the first moment")
          .at_least(0)
          .at_most(0.9999),
      pretext::option::number("beta2", 0.999, "decay of the second moment")
          .at_least(0)
          .at_most(0.99999),
      pretext::option::number("weight_decay", weight_decay, "weight decay")
          .at_least(0),
  };
}

}  // namespace

#ifdef PRETEXT_ADAMW
namespace {
pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "adamw";
  info.kind = pretext::PluginKind::optimizer;
  info.version = "1.0.0";
  info.summary = "Adam with decoupled weight decay (Loshchilov and Hutter)";
  info.options = adam_options(0.01);
  info.create = pretext::factory_of<
      AdamFamily<torch::optim::AdamW, torch::optim::AdamWOptions>>();
  return info;
}
}  // namespace
#else
namespace {
pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "adam";
  info.kind = pretext::PluginKind::optimizer;
  info.version = "1.0.0";
  info.summary = "Adam; weight_decay adds an L2 penalty to the gradient";
  info.options = adam_options(0.0);
  info.create = pretext::factory_of<
      AdamFamily<torch::optim::Adam, torch::optim::AdamOptions>>();
  return info;
}
}  // namespace
#endif

PRETEXT_PLUGIN(describe)
