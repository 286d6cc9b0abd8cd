// Stochastic gradient descent with momentum, Nesterov and weight decay.

#include <torch/torch.h>

#include "pretext/optimizer.h"

namespace {

class Sgd : public pretext::Optimizer {
 public:
  Sgd(const pretext::Options& options, const pretext::Context&)
      : lr_(options.number("lr")),
        momentum_(options.number("momentum")),
        nesterov_(options.boolean("nesterov")),
        weight_decay_(options.number("weight_decay")) {
    if (nesterov_ && momentum_ <= 0)
      options.fail("nesterov", "Nesterov momentum needs momentum above 0");
  }

  double learning_rate() const override { return lr_; }

  std::unique_ptr<torch::optim::Optimizer> create(
      const std::vector<pretext::ParamGroup>& groups) const override {
    std::vector<torch::optim::OptimizerParamGroup> torch_groups;
    for (const auto& group : groups) {
      auto options = std::make_unique<torch::optim::SGDOptions>(
          torch::optim::SGDOptions(lr_ * group.lr_scale)
              .momentum(momentum_)
              .nesterov(nesterov_)
              .weight_decay(weight_decay_));
      torch_groups.emplace_back(group.params, std::move(options));
    }
    return std::make_unique<torch::optim::SGD>(torch_groups,
                                               torch::optim::SGDOptions(lr_));
  }

 private:
  double lr_, momentum_;
  bool nesterov_;
  double weight_decay_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "sgd";
  info.kind = pretext::PluginKind::optimizer;
  info.version = "1.0.0";
  info.summary = "SGD with momentum, optional Nesterov, weight decay";
  info.options = {
      pretext::option::number("lr", 0.1, "base learning rate").above(0),
      pretext::option::number("momentum", 0.9, "momentum factor")
          .at_least(0)
          .at_most(0.999),
      pretext::option::boolean("nesterov", false, "use Nesterov momentum"),
      pretext::option::number("weight_decay", 0.0, "L2 penalty").at_least(0),
  };
  info.create = pretext::factory_of<Sgd>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
