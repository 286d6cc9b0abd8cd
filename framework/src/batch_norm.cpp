// Precise batch norm (see backbone.h).
#include <torch/torch.h>

#include "pretext/backbone.h"

namespace pretext {
namespace {

// Puts momentum and training modes back as they were, even on an error.
class Restore {
 public:
  Restore(torch::nn::Module& module,
          const std::vector<torch::nn::BatchNorm2dImpl*>& norms)
      : module_(module), training_(module.is_training()), norms_(norms) {
    for (auto* norm : norms_) momentum_.push_back(norm->options.momentum());
    for (auto& child : module.modules(/*include_self=*/false))
      modes_.emplace_back(child, child->is_training());
  }
  ~Restore() {
    for (size_t i = 0; i < norms_.size(); ++i)
      norms_[i]->options.momentum(momentum_[i]);
    // Parents first: train() on a parent sets its children, which are then
    // set again to what they were.
    module_.train(training_);
    for (auto& [child, training] : modes_) child->train(training);
  }

 private:
  torch::nn::Module& module_;
  bool training_;
  std::vector<torch::nn::BatchNorm2dImpl*> norms_;
  std::vector<c10::optional<double>> momentum_;
  std::vector<std::pair<std::shared_ptr<torch::nn::Module>, bool>> modes_;
};

}  // namespace

int64_t recompute_batch_norm(
    torch::nn::Module& module,
    const std::function<torch::Tensor(torch::Tensor)>& forward,
    const std::function<bool(torch::Tensor&)>& next_inputs) {
  std::vector<torch::nn::BatchNorm2dImpl*> norms;
  for (auto& child : module.modules(/*include_self=*/false))
    if (auto* norm = child->as<torch::nn::BatchNorm2d>()) norms.push_back(norm);
  if (norms.empty()) return 0;

  Restore restore(module, norms);
  // No momentum: each batch's statistics weigh the same.
  for (auto* norm : norms) {
    norm->options.momentum(c10::nullopt);
    norm->reset_running_stats();
  }
  module.train();
  torch::NoGradGuard no_grad;
  int64_t seen = 0;
  torch::Tensor inputs;
  while (next_inputs(inputs)) {
    forward(inputs);
    seen += inputs.size(0);
  }
  return seen;
}

}  // namespace pretext
