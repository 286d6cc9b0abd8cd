// Precise batch norm (see backbone.h).
#include <torch/torch.h>

#include "pretext/backbone.h"

namespace pretext {

int64_t recompute_batch_norm(
    torch::nn::Module& module,
    const std::function<torch::Tensor(torch::Tensor)>& forward,
    const std::function<bool(torch::Tensor&)>& next_inputs) {
  std::vector<torch::nn::BatchNorm2dImpl*> norms;
  for (auto& child : module.modules(/*include_self=*/false))
    if (auto* norm = child->as<torch::nn::BatchNorm2d>()) norms.push_back(norm);

  // No momentum: each batch's statistics weigh the same, a true average.
  std::vector<c10::optional<double>> momentum;
  for (auto* norm : norms) {
    momentum.push_back(norm->options.momentum());
    norm->options.momentum(c10::nullopt);
    norm->reset_running_stats();
  }
  bool was_training = module.is_training();
  module.train();
  int64_t seen = 0;
  {
    torch::NoGradGuard no_grad;
    torch::Tensor inputs;
    while (next_inputs(inputs)) {
      forward(inputs);
      seen += inputs.size(0);
    }
  }
  for (size_t i = 0; i < norms.size(); ++i)
    norms[i]->options.momentum(momentum[i]);
  module.train(was_training);
  return seen;
}

}  // namespace pretext
