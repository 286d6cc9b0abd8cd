// MobileNetV2 (Sandler et al. 2018) as a feature extractor. Parameter names
// and shapes follow torchvision's mobilenet_v2, so its state dicts load.

#include <charconv>

#include <torch/torch.h>

#include "pretext/backbone.h"

namespace {

using namespace torch::nn;

// Rounds channel counts the way torchvision does, to multiples of 8.
int64_t make_divisible(double value, int64_t divisor = 8) {
  int64_t rounded = std::max<int64_t>(
      divisor, static_cast<int64_t>(value + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

// min(max(x, 0), 6). In place with hardtanh in fp32; under bf16 autocast
// with clamp, since LibTorch 1.13 has no bf16 CPU gradient for hardtanh.
torch::Tensor relu6(torch::Tensor x) {
  return x.scalar_type() == torch::kFloat32 ? torch::hardtanh_(x, 0, 6)
                                            : x.clamp(0, 6);
}

// Convolution, batch norm and ReLU6: named 0, 1, 2 like torchvision's.
// A Sequential with a plain forward() so that it can nest in another.
class ConvNormActImpl : public SequentialImpl {
 public:
  ConvNormActImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                  int64_t groups = 1) {
    push_back(Conv2d(Conv2dOptions(in, out, kernel)
                         .stride(stride)
                         .padding((kernel - 1) / 2)
                         .groups(groups)
                         .bias(false)));
    push_back(BatchNorm2d(out));
    push_back(Functional(relu6));
  }

  torch::Tensor forward(torch::Tensor x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(ConvNormAct);

class InvertedResidualImpl : public Module {
 public:
  InvertedResidualImpl(int64_t in, int64_t out, int64_t stride,
                       int64_t expand_ratio)
      : residual_(stride == 1 && in == out) {
    int64_t hidden = in * expand_ratio;
    Sequential layers;
    if (expand_ratio != 1) layers->push_back(ConvNormAct(in, hidden, 1, 1));
    layers->push_back(ConvNormAct(hidden, hidden, 3, stride, hidden));
    layers->push_back(Conv2d(Conv2dOptions(hidden, out, 1).bias(false)));
    layers->push_back(BatchNorm2d(out));
    conv_ = register_module("conv", layers);
  }

  torch::Tensor forward(torch::Tensor x) {
    return residual_ ? x + conv_->forward(x) : conv_->forward(x);
  }

 private:
  bool residual_;
  Sequential conv_{nullptr};
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2 : public pretext::Backbone {
 public:
  MobileNetV2(const pretext::Options& options, const pretext::Context&) {
    double width = options.number("width_mult");
    int64_t stem_stride = options.integer("stem_stride");
    blocks_ = options.integer("blocks");
    struct Block {
      int64_t expand, channels, repeats, stride;
    };
    const Block blocks[] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2},
                            {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
                            {6, 320, 1, 1}};
    int64_t channels = make_divisible(32 * width);
    features_dim_ = make_divisible(1280 * std::max(1.0, width));

    Sequential features;
    features->push_back(ConvNormAct(3, channels, 3, stem_stride));
    for (const Block& block : blocks) {
      int64_t out = make_divisible(block.channels * width);
      for (int64_t i = 0; i < block.repeats; ++i) {
        int64_t stride = i == 0 ? block.stride : 1;
        features->push_back(
            InvertedResidual(channels, out, stride, block.expand));
        channels = out;
      }
    }
    features->push_back(ConvNormAct(channels, features_dim_, 1, 1));
    // Keep the first `blocks_` of torchvision's 19; features come from the
    // last one kept.
    Sequential kept;
    for (int64_t i = 0; i < blocks_; ++i) kept->push_back(features->begin()[i]);
    if (blocks_ < kAllBlocks) features_dim_ = output_channels(kept);
    features_ = register_module("features", kept);
    initialize();
  }

  torch::Tensor forward(torch::Tensor images) override {
    auto x = features_->forward(images);
    return torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  }

  int64_t feature_dim() const override { return features_dim_; }

  // torchvision's classifier is not part of a backbone, nor are the blocks
  // left out.
  std::string map_weight_name(const std::string& name) const override {
    std::string own = name.rfind("backbone.", 0) == 0 ? name.substr(9) : name;
    if (own.rfind("classifier.", 0) == 0) return "";
    if (own.rfind("features.", 0) == 0) {
      // features.<block>.<...>; anything else is left for the loader to
      // report as unexpected.
      const char* begin = own.c_str() + 9;
      int64_t block = 0;
      auto [end, error] =
          std::from_chars(begin, own.c_str() + own.size(), block);
      if (error == std::errc() && end != begin && block >= blocks_) return "";
    }
    return own;
  }

  static constexpr int64_t kAllBlocks = 19;

 private:
  // Channels out of the last batch norm of a block list.
  static int64_t output_channels(const Sequential& blocks) {
    int64_t channels = 0;
    for (auto& module : blocks->modules(/*include_self=*/false))
      if (auto* norm = module->as<BatchNorm2d>())
        channels = norm->options.num_features();
    return channels;
  }

  // The initialisation torchvision uses.
  void initialize() {
    for (auto& module : modules(/*include_self=*/false)) {
      if (auto* conv = module->as<Conv2d>()) {
        init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut);
      } else if (auto* norm = module->as<BatchNorm2d>()) {
        init::ones_(norm->weight);
        init::zeros_(norm->bias);
      }
    }
  }

  int64_t blocks_ = kAllBlocks;
  int64_t features_dim_ = 0;
  Sequential features_{nullptr};
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "mobilenet_v2";
  info.kind = pretext::PluginKind::backbone;
  info.version = "1.0.0";
  info.summary = "MobileNetV2 features (torchvision-compatible weights)";
  info.options = {
      pretext::option::number("width_mult", 1.0,
                              "width multiplier for every layer")
          .above(0)
          .at_most(4),
      pretext::option::integer("stem_stride", 2,
                               "stride of the first convolution; 1 keeps "
                               "more detail on small images")
          .at_least(1)
          .at_most(2),
      pretext::option::integer("blocks", MobileNetV2::kAllBlocks,
                               "how many of the 19 feature blocks to keep "
                               "(torchvision's features.0 to features.18); "
                               "fewer gives earlier, more general features")
          .at_least(1)
          .at_most(MobileNetV2::kAllBlocks),
  };
  info.create = pretext::factory_of<MobileNetV2>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
