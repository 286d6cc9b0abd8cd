// Precise batch norm: running statistics become exact averages.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pretext/backbone.h"

namespace pretext {
namespace {

// Held by value, as plugins' modules may be: no shared_ptr to itself.
struct Net : torch::nn::Module {
  torch::nn::Conv2d conv = register_module("conv", torch::nn::Conv2d(3, 4, 3));
  torch::nn::BatchNorm2d norm =
      register_module("norm", torch::nn::BatchNorm2d(4));
  torch::Tensor forward(torch::Tensor x) { return norm(conv(x)); }
};

TEST(PreciseBatchNorm, AveragesTheStatisticsOfEveryBatchEqually) {
  torch::manual_seed(0);
  Net net;
  net.eval();
  auto* conv = net.conv.get();
  auto* norm = net.norm.get();
  auto weight_before = norm->weight.clone();

  // Three batches of different scale and offset: an exponential average
  // with momentum 0.1 would be far from the plain mean.
  std::vector<torch::Tensor> batches;
  for (int i = 0; i < 3; ++i)
    batches.push_back(torch::randn({8, 3, 6, 6}) * (i + 1) + i);

  size_t next = 0;
  int64_t seen = recompute_batch_norm(
      net, [&](torch::Tensor x) { return net.forward(x); },
      [&](torch::Tensor& inputs) {
        if (next == batches.size()) return false;
        inputs = batches[next++];
        return true;
      });
  EXPECT_EQ(seen, 24);

  torch::NoGradGuard no_grad;
  torch::Tensor mean = torch::zeros({4}), var = torch::zeros({4});
  for (const auto& batch : batches) {
    auto y = conv->forward(batch).transpose(0, 1).flatten(1);  // 4 x N*H*W
    mean += y.mean(1) / 3;
    var += y.var(1, /*unbiased=*/true) / 3;
  }
  EXPECT_TRUE(torch::allclose(norm->running_mean, mean, 1e-4, 1e-5));
  EXPECT_TRUE(torch::allclose(norm->running_var, var, 1e-4, 1e-5));
  // Weights untouched, mode and momentum as they were.
  EXPECT_TRUE(torch::equal(norm->weight, weight_before));
  EXPECT_FALSE(net.is_training());
  EXPECT_FALSE(norm->is_training());
  EXPECT_EQ(norm->options.momentum(), c10::optional<double>(0.1));
}

}  // namespace
}  // namespace pretext
